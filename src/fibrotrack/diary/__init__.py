"""The diary core: validating entries and reading the times people type (pure, no I/O)."""

from .observation import Entry, Observation, check_note, parse_detail_pairs, prepare_entry
from .when import local_date, parse_date, parse_when, to_utc, zone

__all__ = [
    "Entry",
    "Observation",
    "check_note",
    "local_date",
    "parse_date",
    "parse_detail_pairs",
    "parse_when",
    "prepare_entry",
    "to_utc",
    "zone",
]
