"""What a self-experiment compares: the two conditions per exposure, their daily instructions and defaults.

Condition **A** is the exposure off or reduced, **B** the exposure on (or the extra dose of the thing being
tested), so the effect B − A is "what the exposure does" and its sign reads directly ("caffeine
worsens twitching: +1.4 points").

================  ============  ======================  ======  =======  =======================================
exposure          A             B                       period  washout  why
================  ============  ======================  ======  =======  =======================================
caffeine_mg       no caffeine   usual caffeine          7 (≥7)  2        withdrawal peaks in the first 1–2 days
alcohol_units     no alcohol    usual alcohol           7       1        effects mostly over by the next day
exertion          light days    usual activity          7       2        soreness after effort peaks 1–2 days on
sleep_hours       usual sleep   an extra hour of sleep  7       2        sleep debt takes a few nights to change
med:<name>        without it    with it                 10      3        a few days to act and to wear off
behaviour:<name>  without it    with it                 7       1        assumed to act within a day
================  ============  ======================  ======  =======  =======================================

``exertion_min`` uses the exertion conditions. Stress, anxiety and sleep quality cannot be switched on and
off by a plan, so they are refused with a hint to test a behaviour that changes them instead.

Medicines (``med:<name>``) take ``medicine_kind``: ``"supplement"`` or ``"otc"`` get "take as usual" /
"don't take today"; ``"prescribed"`` (the default, the safe reading) words the off days "only with your
prescriber's agreement" and carries a note that a prescribed medicine is never stopped on one's own
(clinical REFERENCE.md §6.2). A name in fibrotrack's medicine map (:mod:`fibrotrack.triage.medications`)
is always treated as prescribed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..catalog import builtin_trackable, canonical_code
from ..errors import ValidationError
from ..triage.medications import classify_medication
from .units import symptom_label

__all__ = ["MEDICINE_KINDS", "OUTCOMES", "Conditions", "conditions_for", "check_outcome", "normalise_exposure",
           "suggest_experiment"]

OUTCOMES = ("twitching", "weakness", "pain", "fatigue")
MEDICINE_KINDS = ("prescribed", "supplement", "otc")
PERIOD_DAYS_RANGE = (3, 28)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
_NOT_ASSIGNABLE = {
    "stress": "behaviour:relaxation",
    "anxiety": "behaviour:breathing_exercises",
    "sleep_quality": "sleep_hours",
}
_EXAMPLES = "caffeine_mg, alcohol_units, exertion, sleep_hours, med:<name> or behaviour:<name>"


@dataclass(frozen=True, slots=True)
class Conditions:
    """The two conditions of an experiment on ``exposure`` and the exposure's design defaults."""

    exposure: str
    subject: str
    a_label: str
    b_label: str
    a_instruction: str
    b_instruction: str
    period_days: int
    washout_days: int
    min_period_days: int
    washout_reason: str
    safety_note: str | None

    def instruction(self, condition: str) -> str:
        """Return the plain-words instruction for condition ``"A"`` or ``"B"``."""
        return self.a_instruction if condition == "A" else self.b_instruction

    def label(self, condition: str) -> str:
        """Return the short label of condition ``"A"`` or ``"B"``."""
        return self.a_label if condition == "A" else self.b_label

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"exposure": self.exposure, "subject": self.subject,
                "A": {"label": self.a_label, "instruction": self.a_instruction},
                "B": {"label": self.b_label, "instruction": self.b_instruction},
                "default_period_days": self.period_days, "default_washout_days": self.washout_days,
                "min_period_days": self.min_period_days, "washout_reason": self.washout_reason,
                "safety_note": self.safety_note}


def _words(name: str) -> str:
    return name.replace("_", " ").replace("-", " ").strip()


def normalise_exposure(exposure: str) -> str:
    """Return the canonical exposure code (``caffeine`` → ``caffeine_mg``, ``behavior:x`` → ``behaviour:x``).

    Raises:
        ValidationError: ``exposure`` — unknown, not assignable day by day, or a malformed name.
    """
    if not isinstance(exposure, str) or not exposure.strip():
        raise ValidationError("exposure", f"must be one of {_EXAMPLES}")
    code = canonical_code(exposure)
    if code.startswith("behavior:"):
        code = "behaviour:" + code.removeprefix("behavior:")
    for prefix in ("med:", "behaviour:"):
        if code.startswith(prefix):
            name = code.removeprefix(prefix)
            if not _NAME.match(name):
                example = "med:magnesium" if prefix == "med:" else "behaviour:stretching"
                raise ValidationError("exposure", f"{prefix}<name> needs a name of lower-case letters, digits, _ or -"
                                                  f" (e.g. {example})")
            return code
    if code in _NOT_ASSIGNABLE:
        raise ValidationError("exposure", f"{code} cannot be switched on and off by a plan; test something that "
                                          f"changes it instead (e.g. {_NOT_ASSIGNABLE[code]})")
    if code in ("caffeine_mg", "alcohol_units", "exertion", "exertion_min", "sleep_hours"):
        return code
    found = builtin_trackable(code)
    if found is not None and found.kind == "symptom":
        raise ValidationError("exposure", f"{code} is a symptom; the exposure is what you change ({_EXAMPLES})")
    raise ValidationError("exposure", f"unknown exposure {exposure!r}: use {_EXAMPLES}")


def check_outcome(outcome: str) -> str:
    """Return the canonical outcome code.

    Raises:
        ValidationError: ``outcome`` — not one of the symptoms twitching, weakness, pain, fatigue.
    """
    code = canonical_code(outcome) if isinstance(outcome, str) else ""
    if code not in OUTCOMES:
        raise ValidationError("outcome", f"{outcome!r} is not a symptom fibrotrack can test; use one of "
                                         f"{', '.join(OUTCOMES)}")
    return code


def _medicine(name: str, kind: str | None) -> Conditions:
    label = _words(name)
    if kind is None:
        kind = "prescribed"
    if kind not in MEDICINE_KINDS:
        raise ValidationError("medicine_kind", f"{kind!r} is not one of {', '.join(MEDICINE_KINDS)}")
    classes = classify_medication(label)
    if classes and kind != "prescribed":
        raise ValidationError("medicine_kind", f"{label} is in fibrotrack's medicine list ({classes[0].label}); "
                                               "use medicine_kind='prescribed'")
    common = dict(exposure=f"med:{name}", subject=f"Taking {label}", a_label=f"Without {label}",
                  b_label=f"With {label}", period_days=10, washout_days=3, min_period_days=5,
                  washout_reason="most medicines and supplements take a few days to act and to wear off")
    if kind == "prescribed":
        return Conditions(**common, a_instruction=f"Don't take {label} today, only with your prescriber's agreement",
                          b_instruction=f"Take {label} as prescribed",
                          safety_note="Run this experiment only with your prescriber's agreement. Never stop a "
                                      "prescribed medicine on your own: some are dangerous to stop suddenly "
                                      "(clinical REFERENCE.md §6.2).")
    return Conditions(**common, a_instruction=f"Don't take {label} today", b_instruction=f"Take {label} as usual",
                      safety_note="If you take prescribed medicines too, ask your pharmacist whether pausing this "
                                  "one matters.")


def conditions_for(exposure: str, *, medicine_kind: str | None = None) -> Conditions:
    """Return the conditions, instructions and defaults for ``exposure`` (table in the module docstring).

    Raises:
        ValidationError: ``exposure`` unknown or not assignable; ``medicine_kind`` given for a non-medicine,
            not one of :data:`MEDICINE_KINDS`, or not "prescribed" for a medicine in fibrotrack's list.
    """
    code = normalise_exposure(exposure)
    if code.startswith("med:"):
        return _medicine(code.removeprefix("med:"), medicine_kind)
    if medicine_kind is not None:
        raise ValidationError("medicine_kind", "only applies to medicines (med:<name>); leave it out")
    if code == "caffeine_mg":
        return Conditions(code, "Caffeine", "No caffeine", "Usual caffeine", "No caffeine today (decaf is fine)",
                          "Have your usual caffeine", 7, 2, 7,
                          "caffeine withdrawal (headache, tiredness) peaks in the first 1–2 days without it",
                          None)
    if code == "alcohol_units":
        return Conditions(code, "Alcohol", "No alcohol", "Usual alcohol", "No alcohol today",
                          "Drink as you usually would, and no more than usual", 7, 1, 3,
                          "the effects of a drink are mostly over by the next day",
                          "If you drink heavily every day, talk to your doctor before stopping alcohol.")
    if code in ("exertion", "exertion_min"):
        return Conditions(code, "Your usual level of activity (compared with light days)", "Light days",
                          "Usual activity", "Keep today light: gentle activity only, no hard exercise or heavy work",
                          "Be as active as you usually are", 7, 2, 4,
                          "soreness and tiredness after effort peak 1–2 days later",
                          "Exercise is the one fibromyalgia therapy with a strong recommendation (EULAR 2016, "
                          "clinical REFERENCE.md §7); this experiment looks only at the next few days, not at "
                          "long-term benefit.")
    if code == "sleep_hours":
        return Conditions(code, "An extra hour of sleep", "Usual sleep", "Extra sleep",
                          "Tonight, keep your usual bedtime and wake-up time",
                          "Tonight, go to bed an hour earlier than usual and aim for an extra hour of sleep",
                          7, 2, 4, "sleep debt takes a few nights to build up or pay back",
                          "Each instruction is about the coming night; the settling-in days absorb the one-night "
                          "shift at every switch.")
    name = code.removeprefix("behaviour:")
    label = _words(name)
    return Conditions(code, label.capitalize(), f"No {label}", label.capitalize(), f"No {label} today",
                      f"Do {label} today", 7, 1, 3, "a behaviour is assumed to act within about a day", None)


def suggest_experiment(exposure: str, outcome: str) -> dict[str, Any]:
    """Return the default self-experiment for a "possible" finding of ``exposure`` on ``outcome``.

    The dict has ``testable`` (False for exposures that cannot be assigned day by day, with ``reason``);
    when testable also ``exposure``, ``outcome``, ``question``, ``period_days``, ``washout_days``,
    ``pairs``, ``days_total``, ``conditions`` (A/B labels and instructions), ``washout_reason``,
    ``needs_prescriber_agreement`` and ``safety_note`` — the keyword arguments for
    :func:`.experiments_design.design_experiment` are ``exposure``, ``outcome``, ``period_days``,
    ``washout_days`` and ``pairs``.

    Raises:
        ValidationError: ``outcome`` is not a symptom (twitching, weakness, pain, fatigue).
    """
    target = check_outcome(outcome)
    try:
        cond = conditions_for(exposure)
    except ValidationError as error:
        return {"testable": False, "exposure": exposure, "outcome": target, "reason": error.problem}
    pairs = 4
    return {
        "testable": True, "exposure": cond.exposure, "outcome": target,
        "question": f"Does {cond.b_label.lower()} (compared with {cond.a_label.lower()}) change your "
                    f"{symptom_label(target)}?",
        "period_days": cond.period_days, "washout_days": cond.washout_days, "pairs": pairs,
        "days_total": 2 * pairs * cond.period_days, "conditions": cond.to_dict(),
        "washout_reason": cond.washout_reason,
        "needs_prescriber_agreement": cond.exposure.startswith("med:"),
        "safety_note": cond.safety_note,
    }
