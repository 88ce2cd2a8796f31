"""Plain-language sentences for findings. Display text only: numbers are rounded here and nowhere else.

Findings are associations, never causes: no sentence says that an exposure "triggers" or "causes" a
symptom, and every labelled finding points to a self-experiment as the way to confirm it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .units import exposure_phrase, symptom_label, trackable_label

__all__ = ["not_enough_sentence", "trigger_sentence"]

_SUFFIX = {
    "likely": "Likely, but an association, not proof — a self-experiment can confirm it.",
    "possible": "Possible: the evidence is still weak — a self-experiment could test it.",
    None: "No clear association so far.",
}


def _when(lag_days: int, what: str) -> str:
    if lag_days == 0:
        return f"On days with {what}"
    if lag_days == 1:
        return f"The day after a day with {what}"
    return f"{lag_days} days after a day with {what}"


def _fmt(x: float) -> str:
    return f"{abs(x):.1f}"


def _allowing(adjusted_for: Sequence[tuple[str, int]]) -> str:
    if not adjusted_for:
        return ""
    when = {0: "the same day", 1: "the day before"}
    parts = [f"{trackable_label(code)} {when.get(int(lag), f'{int(lag)} days before')}" for code, lag in adjusted_for]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f", allowing for {joined}"


def trigger_sentence(*, symptom: str, exposure: str, lag_days: int, effect: float, ci_low: float, ci_high: float,
                     binary: bool, label: str | None, adjusted_for: Sequence[tuple[str, int]] = ()) -> str:
    """Return e.g. "On days with 100 mg more caffeine, your muscle twitching tended to be 0.6 points higher
    (95% interval 0.3 to 0.9 higher), allowing for stress the same day. Likely, but an association, not
    proof — …" (``adjusted_for``: the other suspects the estimate holds fixed)."""
    what = exposure_phrase(exposure, binary=binary)
    lead = _when(lag_days, what)
    name = symptom_label(symptom)
    if abs(effect) < 0.05:
        body = f"{lead}, your {name} was about the same"
        interval = f" (95% interval {ci_low:+.1f} to {ci_high:+.1f} points)"
    else:
        direction = "higher" if effect > 0 else "lower"
        body = f"{lead}, your {name} tended to be {_fmt(effect)} points {direction}"
        if ci_low * ci_high >= 0:  # interval on one side of zero: speak in magnitudes
            lo, hi = sorted((abs(ci_low), abs(ci_high)))
            interval = f" (95% interval {lo:.1f} to {hi:.1f} {direction})"
        else:
            interval = f" (95% interval {ci_low:+.1f} to {ci_high:+.1f} points)"
    return f"{body}{interval}{_allowing(adjusted_for)}. {_SUFFIX.get(label, _SUFFIX[None])}"


def not_enough_sentence(*, symptom: str | None, exposure: str | None, reason: str, more_days_needed: int | None) -> str:
    """Return e.g. "Not enough data yet for caffeine and muscle twitching (fewer than 28 logged days): about 40
    more logged days would help."."""
    if symptom is None and exposure is None:
        what = "your diary"
    elif exposure is None:
        what = symptom_label(symptom or "")
    elif symptom is None:
        what = exposure_phrase(exposure, binary=True).removesuffix(" logged").removesuffix(" taken")
    else:
        label = exposure_phrase(exposure, binary=True).removesuffix(" logged").removesuffix(" taken")
        what = f"{label} and {symptom_label(symptom)}"
    tail = (f": about {more_days_needed} more logged days would help." if more_days_needed
            else ": more days like these will not change that.")
    return f"Not enough data yet for {what} ({reason}){tail}"
