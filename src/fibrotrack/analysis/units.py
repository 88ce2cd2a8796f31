"""The unit each exposure's effect is reported per, and how to say it in a sentence.

Effects are in the symptom's own points per one *reporting unit* of the exposure:

* caffeine per 100 mg (about one cup of brewed coffee), exercise per 30 minutes,
* sleep per hour, 0–10 scales per point, alcohol per unit, medications per dose,
* a binary exposure (a column holding only 0 and 1, e.g. a medication taken or not) per exposed day.
"""

from __future__ import annotations

from ..catalog import builtin_trackable

__all__ = ["effect_scale", "exposure_phrase", "symptom_label", "trackable_label"]

_SCALE = {"caffeine_mg": 100.0, "exertion_min": 30.0}
_UNIT_WORDS = {"mg": "mg", "h": "hour", "min": "minutes", "units": "unit", "dose": "dose", "0-10": "point"}


def effect_scale(code: str) -> float:
    """Return how many raw units make one reporting unit (100 for ``caffeine_mg``, 30 for ``exertion_min``)."""
    return _SCALE.get(code, 1.0)


def _label(code: str) -> str:
    found = builtin_trackable(code)
    if found is None:
        return code.replace("_", " ")
    if code.startswith("med:"):
        return code.removeprefix("med:").replace("_", " ").replace("-", " ")
    return found.label.lower()


def trackable_label(code: str) -> str:
    """Return the lower-case label for any trackable (``twitching`` → "muscle twitching", ``med:x`` → "x")."""
    return _label(code)


def symptom_label(code: str) -> str:
    """Return the lower-case label for a symptom (``twitching`` → "muscle twitching")."""
    return _label(code)


def exposure_phrase(code: str, *, binary: bool) -> str:
    """Return the exposure phrase used after "on days with", e.g. "100 mg more caffeine", "1 hour more sleep"."""
    label = _label(code)
    if binary:
        return f"{label} logged" if not code.startswith("med:") else f"{label} taken"
    found = builtin_trackable(code)
    scale = effect_scale(code)
    if found is None:
        return f"1 more {label}"
    if code.startswith("med:"):
        return f"1 more dose of {label}"
    word = _UNIT_WORDS.get(found.unit, found.unit)
    amount = f"{scale:g}"
    if word in {"hour", "point", "unit", "dose"} and scale != 1.0:
        word += "s"
    return f"{amount} {word} more {label}"
