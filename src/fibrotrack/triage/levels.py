"""Urgency levels, most urgent first, with what each one asks the person to do.

The levels follow clinical REFERENCE.md §5 ("App levels"): EMERGENCY NOW (call emergency services),
URGENT (same day to within days), ROUTINE (book an appointment), SELF-CARE (monitor and modify
triggers; escalate if red flags appear). ``none`` means nothing was reported that needs a response.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ..errors import ValidationError

__all__ = [
    "EMERGENCY",
    "HEADLINES",
    "NONE",
    "ROUTINE",
    "SELF_CARE",
    "URGENCY_LEVELS",
    "URGENT",
    "Urgency",
    "check_urgency",
    "highest",
    "urgency_rank",
]

Urgency = Literal["emergency", "urgent", "routine", "self_care", "none"]

EMERGENCY: Urgency = "emergency"
URGENT: Urgency = "urgent"
ROUTINE: Urgency = "routine"
SELF_CARE: Urgency = "self_care"
NONE: Urgency = "none"

#: Most urgent first.
URGENCY_LEVELS: tuple[Urgency, ...] = (EMERGENCY, URGENT, ROUTINE, SELF_CARE, NONE)

HEADLINES: dict[Urgency, str] = {
    EMERGENCY: "Call emergency services now (for example 999, 112 or 911). Call even if the symptom goes away.",
    URGENT: "See a doctor today or within the next few days.",
    ROUTINE: "Book an appointment with your doctor.",
    SELF_CARE: "No warning signs reported. Keep monitoring, and act at once if the signs below appear.",
    NONE: "Nothing reported that needs a response.",
}

_RANK: dict[str, int] = {level: len(URGENCY_LEVELS) - 1 - i for i, level in enumerate(URGENCY_LEVELS)}


def urgency_rank(level: str) -> int:
    """Return 0 for ``none`` up to 4 for ``emergency``.

    Raises:
        ValidationError: ``level`` is not an urgency level.
    """
    try:
        return _RANK[level]
    except KeyError:
        raise ValidationError("urgency", f"{level!r} is not one of {', '.join(URGENCY_LEVELS)}") from None


def check_urgency(level: str) -> Urgency:
    """Return ``level`` if it is an urgency level, else raise :class:`ValidationError`."""
    urgency_rank(level)
    return level  # type: ignore[return-value]


def highest(levels: Iterable[str]) -> Urgency:
    """Return the most urgent of ``levels`` (``none`` when there are none)."""
    best: Urgency = NONE
    for level in levels:
        if urgency_rank(level) > _RANK[best]:
            best = level  # type: ignore[assignment]
    return best
