"""The :class:`Rule` type and the small case facts that several rules share.

A rule is data (``id``, ``urgency``, plain-language ``advice``, ``source``) plus a pure predicate over a
:class:`~fibrotrack.triage.case.Case`. A *fallback* rule (the self-care reassurances) only fires when no
other rule at ``routine`` or above fires, so reassurance is never shown next to a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..knowledge.sources import Citation
from .case import Case
from .levels import Urgency, check_urgency
from .medications import classify_medication

__all__ = [
    "EYELID_TWITCHING_DAYS",
    "PERSISTENT_TWITCHING_DAYS",
    "Rule",
    "bulbar_or_respiratory",
    "medication_class_ids",
    "possibly_rapid",
]

#: "Long-term or persistent muscle twitches" (MedlinePlus/A.D.A.M., REFERENCE.md §5) read as two weeks:
#: benign twitches "usually do not last for more than a few days" (A.D.A.M. 003296).
PERSISTENT_TWITCHING_DAYS = 14
#: "Isolated eyelid twitching persisting > 3 months" (NICE NG127, REFERENCE.md §5), counted as > 90 days.
EYELID_TWITCHING_DAYS = 90


@dataclass(frozen=True, slots=True)
class Rule:
    """One triage rule: when ``condition(case)`` is true the rule fires with its ``urgency`` and ``advice``."""

    id: str
    urgency: Urgency
    condition: Callable[[Case], bool]
    advice: str
    source: Citation
    fallback: bool = False

    def __post_init__(self) -> None:
        check_urgency(self.urgency)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"id", "urgency", "advice", "source", "fallback"}`` (the predicate is code, not data)."""
        return {
            "id": self.id,
            "urgency": self.urgency,
            "advice": self.advice,
            "source": self.source.to_dict(),
            "fallback": self.fallback,
        }


def possibly_rapid(case: Case) -> bool:
    """Weakness getting worse over hours–days or weeks, or at an unknown rate (read as possibly rapid)."""
    return case.weakness.progression in ("hours_days", "weeks", None)


def bulbar_or_respiratory(case: Case) -> bool:
    """Any speech, swallowing or breathing sign."""
    return any(case.sign(s) for s in ("speech_difficulty", "swallowing_difficulty",
                                       "breathless_at_rest", "breathless_lying_flat"))


@lru_cache(maxsize=1024)
def _classes_of(medications: tuple[str, ...]) -> frozenset[str]:
    return frozenset(cls.id for name in medications for cls in classify_medication(name))


def medication_class_ids(case: Case) -> frozenset[str]:
    """The ids of every medicine class in the case's medication list."""
    return _classes_of(case.medications)
