"""Education topics: what twitching and weakness are, their causes, benign fasciculations, weakness in
fibromyalgia, when to seek care, medicines and the EULAR 2016 recommendations.

The text lives in ``topics.toml`` next to this module and is loaded once, on first use. Every topic
cites the public pages it rests on (clinical REFERENCE.md sections listed in ``sections``); statements
not yet checked against a primary source are kept apart in ``unverified`` and shown as such.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ValidationError
from .sources import Source, sources_from_data

__all__ = ["Code", "Topic", "search", "topic", "topics"]


@dataclass(frozen=True, slots=True)
class Code:
    """A standard code for the topic's concept (ICD-10, SNOMED CT, MeSH, …) and where it was found.

    ``verified`` is False where the clinical reference found no terminology-server confirmation.
    """

    system: str
    code: str
    display: str
    verified: bool
    source: Source

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"system", "code", "display", "verified", "source"}``."""
        return {"system": self.system, "code": self.code, "display": self.display,
                "verified": self.verified, "source": self.source.to_dict()}


@dataclass(frozen=True, slots=True)
class Topic:
    """One education topic: a plain-language ``body`` (short paragraphs) with its ``sources``."""

    id: str
    title: str
    summary: str
    body: tuple[str, ...]
    sources: tuple[Source, ...]
    sections: tuple[str, ...]
    unverified: tuple[str, ...] = ()
    codes: tuple[Code, ...] = ()
    keywords: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the topic as JSON-ready data."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "body": list(self.body),
            "unverified": list(self.unverified),
            "sources": [s.to_dict() for s in self.sources],
            "sections": list(self.sections),
            "codes": [c.to_dict() for c in self.codes],
        }

    def _text(self) -> str:
        return " ".join((self.id.replace("_", " "), self.title, self.summary, *self.body, *self.unverified,
                         *self.keywords)).lower()


def _load_topic(n: int, row: dict[str, Any]) -> Topic:
    field = f"topics.toml topic[{n}]"
    body = tuple(row.get("body", ()))
    if not body or not all(isinstance(p, str) and p.strip() for p in body):
        raise ValidationError(f"{field}.body", "needs at least one non-empty paragraph")
    codes = tuple(
        Code(c["system"], c["code"], c["display"], bool(c["verified"]),
             sources_from_data([c["source"]], field=f"{field}.code[{i}].source")[0])
        for i, c in enumerate(row.get("code", ()))
    )
    return Topic(
        id=row["id"],
        title=row["title"],
        summary=row["summary"],
        body=body,
        sources=sources_from_data(row.get("sources", ()), field=f"{field}.sources"),
        sections=tuple(row["sections"]),
        unverified=tuple(row.get("unverified", ())),
        codes=codes,
        keywords=tuple(row.get("keywords", ())),
    )


@cache
def topics() -> tuple[Topic, ...]:
    """Return every topic, in reading order."""
    text = resources.files(__package__).joinpath("topics.toml").read_text(encoding="utf-8")
    return tuple(_load_topic(n, row) for n, row in enumerate(tomllib.loads(text)["topic"]))


def topic(topic_id: str) -> Topic:
    """Return the topic with this id.

    Raises:
        ValidationError: no such topic (``field`` is ``topic``; the problem lists the known ids).
    """
    for t in topics():
        if t.id == topic_id:
            return t
    raise ValidationError("topic", f"unknown topic {topic_id!r}; known topics: {', '.join(t.id for t in topics())}")


def search(text: str) -> list[Topic]:
    """Return the topics containing every word of ``text`` (case-insensitive), most title words first.

    Words are matched anywhere in the id, title, summary, body, unverified notes and keywords. Blank
    text matches nothing.
    """
    words = text.lower().split()
    if not words:
        return []
    hits = [t for t in topics() if all(w in t._text() for w in words)]
    return sorted(hits, key=lambda t: -sum(w in t.title.lower() for w in words))
