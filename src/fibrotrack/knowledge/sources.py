"""Citations: every clinical statement fibrotrack makes points at where it came from.

A :class:`Source` is one public page (a title and an http(s) address). A :class:`Citation` groups the
sources behind one rule or statement with the section of the clinical reference (``REFERENCE.md §5``)
they were taken from, and an optional ``note`` for caveats such as "fibrotrack's own conservative rule"
or "UNVERIFIED against the primary paper".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ValidationError

__all__ = ["Citation", "Source", "citation_from_data", "sources_from_data"]


@dataclass(frozen=True, slots=True)
class Source:
    """One public page: ``title`` says what it is, ``url`` where it is (http or https)."""

    title: str
    url: str

    def to_dict(self) -> dict[str, str]:
        """Return ``{"title", "url"}``."""
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True, slots=True)
class Citation:
    """The sources behind one rule or statement and the clinical-reference section they come from."""

    section: str
    sources: tuple[Source, ...]
    note: str | None = None

    @property
    def text(self) -> str:
        """One line for display: the source titles, then the section, then the note."""
        titles = "; ".join(s.title for s in self.sources)
        line = f"{titles} (clinical REFERENCE.md {self.section})"
        return f"{line}. {self.note}" if self.note else line

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"citation", "section", "sources": [{"title", "url"}], "note"}``."""
        return {
            "citation": self.text,
            "section": self.section,
            "sources": [s.to_dict() for s in self.sources],
            "note": self.note,
        }


def _check_source(title: Any, url: Any, field: str) -> Source:
    if not isinstance(title, str) or not title.strip():
        raise ValidationError(f"{field}.title", "must be a non-empty string")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ValidationError(f"{field}.url", f"{url!r} is not an http(s) address")
    return Source(title.strip(), url)


def sources_from_data(items: Iterable[Mapping[str, Any]], *, field: str) -> tuple[Source, ...]:
    """Build sources from packaged data rows ``{"title", "url"}``; at least one is required.

    Raises:
        ValidationError: a row lacks a title or an http(s) address, or there are none.
    """
    sources = tuple(_check_source(i.get("title"), i.get("url"), f"{field}[{n}]") for n, i in enumerate(items))
    if not sources:
        raise ValidationError(field, "needs at least one source")
    return sources


def citation_from_data(data: Mapping[str, Any], *, field: str) -> Citation:
    """Build a :class:`Citation` from a data row ``{"section", "sources": [...], "note"?}``."""
    section = data.get("section")
    if not isinstance(section, str) or not section.startswith("§"):
        raise ValidationError(f"{field}.section", f"{section!r} is not a REFERENCE.md section such as '§5'")
    note = data.get("note")
    return Citation(section, sources_from_data(data.get("sources", ()), field=f"{field}.sources"), note or None)
