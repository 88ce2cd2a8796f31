"""fibrotrack: record muscle twitching, weakness and fibromyalgia symptoms, triage red flags, find what drives them."""

__version__ = "0.1.0"
__all__ = ["__version__"]
