"""The EULAR 2016 revised recommendations for fibromyalgia (clinical REFERENCE.md §7), by treatment name.

Rows live in ``eular2016.toml``. Only the 2016 version is used: the 2007 recommendations are graded
differently and are never mixed in. Rows whose grading could not be verified carry ``verified=False``
and no level, grade or agreement; rows known only from memory of the paper are left out.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from ..errors import ValidationError
from .sources import Source, sources_from_data

__all__ = ["EULAR_VERSION", "EularRecommendation", "eular_recommendation", "eular_recommendations"]

EULAR_VERSION = "EULAR 2016 revised recommendations (Macfarlane et al., Ann Rheum Dis 2017;76:318-328)"

# Words dropped from a treatment name before matching: doses, units and forms.
_NOISE = frozenset({"mg", "mcg", "g", "ml", "iu", "units", "unit", "tablet", "tablets", "tab", "tabs", "capsule",
                    "capsules", "cap", "caps", "daily", "a", "day", "per", "at", "night", "bd", "od", "tds",
                    "x", "min", "mins", "minutes", "session", "sessions", "week", "weekly", "class", "classes"})
_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class EularRecommendation:
    """One EULAR 2016 row: the ``therapy``, its ``strength`` ("strong for", "weak for", "weak against",
    "strong against"), evidence ``level`` and ``grade``, committee ``agreement``, and its sources."""

    id: str
    therapy: str
    kind: Literal["medicine", "non_medicine"]
    strength: str
    level: str | None
    grade: str | None
    agreement: str | None
    verified: bool
    names: tuple[str, ...]
    sources: tuple[Source, ...]
    note: str | None = None

    @property
    def version(self) -> str:
        """Always the 2016 recommendations."""
        return EULAR_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON-ready data, including ``verified`` and ``version``."""
        return {
            "id": self.id,
            "therapy": self.therapy,
            "strength": self.strength,
            "level": self.level,
            "grade": self.grade,
            "agreement": self.agreement,
            "verified": self.verified,
            "note": self.note,
            "version": self.version,
            "sources": [s.to_dict() for s in self.sources],
        }


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", name.lower()) if w not in _NOISE]


def _load(n: int, row: dict[str, Any]) -> EularRecommendation:
    field = f"eular2016.toml recommendation[{n}]"
    verified = row.get("verified")
    if not isinstance(verified, bool):
        raise ValidationError(f"{field}.verified", "must be true or false")
    if not verified and any(row.get(k) for k in ("level", "grade", "agreement")):
        raise ValidationError(field, "an unverified row must not carry a level, grade or agreement")
    kind = row.get("kind")
    if kind not in ("medicine", "non_medicine"):
        raise ValidationError(f"{field}.kind", f"{kind!r} is not 'medicine' or 'non_medicine'")
    return EularRecommendation(
        id=row["id"],
        therapy=row["therapy"],
        kind=kind,
        strength=row["strength"],
        level=row.get("level"),
        grade=row.get("grade"),
        agreement=row.get("agreement"),
        verified=verified,
        names=tuple(" ".join(_words(x)) for x in row["names"]),
        sources=sources_from_data(row.get("sources", ()), field=f"{field}.sources"),
        note=row.get("note"),
    )


@cache
def eular_recommendations() -> tuple[EularRecommendation, ...]:
    """Return every EULAR 2016 row fibrotrack holds, verified rows first in table order."""
    text = resources.files(__package__).joinpath("eular2016.toml").read_text(encoding="utf-8")
    return tuple(_load(n, row) for n, row in enumerate(tomllib.loads(text)["recommendation"]))


def eular_recommendation(treatment_name: str) -> EularRecommendation | None:
    """Return the EULAR 2016 row for a treatment name, or None when EULAR 2016 (as held) does not rate it.

    Matching is case-insensitive and ignores punctuation, doses and forms ("Tai-Chi", "pregabalin 75 mg").
    A medicine row also matches a name inside a longer entry ("oxycodone/paracetamol" → strong opioids);
    a non-medicine row must match the whole name, so "breathing exercises" is not read as exercise.
    """
    words = _words(treatment_name)
    whole = " ".join(words)
    rows = eular_recommendations()
    for row in rows:
        if whole and whole in row.names:
            return row
    for size in range(min(_MAX_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start:start + size])
            for row in rows:
                if row.kind == "medicine" and part in row.names:
                    return row
    return None
