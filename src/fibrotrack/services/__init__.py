"""Use cases: the only layer that opens transactions and combines the core with storage.

The CLI, web pages and JSON API are thin adapters over these modules.
"""
