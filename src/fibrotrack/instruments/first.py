"""FiRST, the Fibromyalgia Rapid Screening Tool: 6 yes/no self-report items, a screen, never a diagnosis.

Source: Perrot S, Bouhassira D, Fermanian J. Development and validation of the Fibromyalgia Rapid Screening
Tool (FiRST). Pain 2010;150:250–256 (clinical REFERENCE.md §2;
https://ard.bmj.com/lookup/external-ref?access_num=20488620&link_type=MED&atom=%2Fannrheumdis%2Fearly%2F2023%2F01%2F29%2Fard-2022-222879.atom).
For people with joint, muscle or tendon pain for at least 3 months.

Scoring (REFERENCE.md §2): score = number of "yes" answers, 0–6; a score ≥ 5 screens positive ("a cut-off
score of 5 … sensitivity of 90.5% and a specificity of 85.7%", Perrot 2010).

Items: the French originals are verbatim from djibe/recommandations-medicales
``layouts/_shortcodes/scores/first.html`` (commit 46b969150e6c), which cites Perrot 2010. The English text is
an informal translation, not an official version; rights to English wording are unverified (REFERENCE.md §2,
licensing). Answers: ``{"answers": [6 booleans]}`` in item order; each must be JSON true/false.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .base import Citation, FieldsJson, Instrument, Item, as_bool, as_list, check_keys, get_required

CUTOFF = 5  # ≥ 5 of 6 "yes" screens positive (REFERENCE.md §2; Perrot 2010)

PERROT_2010 = Citation(
    "Perrot S, Bouhassira D, Fermanian J. Development and validation of the Fibromyalgia Rapid Screening Tool "
    "(FiRST). Pain 2010;150:250-256.",
    "https://ard.bmj.com/lookup/external-ref?access_num=20488620&link_type=MED"
    "&atom=%2Fannrheumdis%2Fearly%2F2023%2F01%2F29%2Fard-2022-222879.atom",
    "REFERENCE.md §2",
)

TRANSLATION_NOTE = (
    "English wording is an informal translation of the French original (not an official version); "
    "get permission or an official translation before shipping English text (REFERENCE.md §2)."
)

# (French original, informal English translation), in the order of Perrot 2010 / REFERENCE.md §2.
_TEXTS: tuple[tuple[str, str], ...] = (
    ("Mes douleurs sont localisées partout dans tout mon corps",
     "My pain is located all over my body."),
    ("Mes douleurs s'accompagnent d'une fatigue générale permanente",
     "My pain is accompanied by a continuous general fatigue."),
    ("Mes douleurs sont comme des brûlures, des décharges électriques ou des crampes",
     "My pain feels like burning, electric shocks or cramps."),
    ("Mes douleurs s'accompagnent d'autres sensations anormales, comme des fourmillements, des picotements, "
     "ou des sensations d'engourdissement dans tout mon corps",
     "My pain is accompanied by other abnormal sensations, such as pins and needles, tingling or numbness, "
     "all over my body."),
    ("Mes douleurs s'accompagnent d'autres problèmes de santé comme des problèmes digestifs, des problèmes "
     "urinaires, des maux de tête, ou des impatiences dans les jambes",
     "My pain is accompanied by other health problems, such as digestive problems, urinary problems, "
     "headaches or restless legs."),
    ("Mes douleurs ont un retentissement important dans ma vie: en particulier, sur mon sommeil, ma capacité à "
     "me concentrer avec une impression de fonctionner au ralenti",
     "My pain has a major impact on my life, especially on my sleep and my ability to concentrate, with a "
     "feeling of being slowed down."),
)

CAVEAT = (
    "FiRST is a screening questionnaire, not a diagnosis; a positive screen is a reason to ask a clinician "
    "(REFERENCE.md §2). " + TRANSLATION_NOTE
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FirstResult(FieldsJson):
    """FiRST score 0–6 and whether it screens positive (score ≥ 5)."""

    instrument: str
    answers: tuple[bool, ...]
    score: int
    cutoff: int
    screen_positive: bool
    reasons: tuple[str, ...]
    summary: str
    caveat: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RapidScreen(Instrument):
    """FiRST (see the module docstring for items, scoring and sources)."""

    def validate(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``{"answers": [6 booleans]}``; raise ValidationError naming ``answers`` or ``answers[i]``."""
        check_keys(answers, ("answers",), code=self.code)
        values = as_list("answers", get_required(answers, "answers"), length=len(self.items))
        return {"answers": [as_bool(f"answers[{i}]", v) for i, v in enumerate(values)]}

    def score(self, answers: Mapping[str, Any]) -> FirstResult:
        """Return the number of "yes" answers and the screen outcome (≥ 5 positive; REFERENCE.md §2)."""
        values = tuple(self.validate(answers)["answers"])
        total = sum(values)
        positive = total >= CUTOFF
        yes = [str(i + 1) for i, v in enumerate(values) if v]
        reasons = (
            f"{total} of 6 items answered yes" + (f" (items {', '.join(yes)})" if yes else ""),
            f"score {total} {'reaches' if positive else 'is below'} the cut-off of {CUTOFF} (Perrot 2010)",
        )
        word = "Screens positive" if positive else "Does not screen positive"
        return FirstResult(
            instrument=self.code, answers=values, score=total, cutoff=CUTOFF, screen_positive=positive,
            reasons=reasons, summary=f"{word} on the FiRST fibromyalgia screen ({total} of 6; cut-off {CUTOFF}).",
            caveat=CAVEAT,
        )


FIRST = RapidScreen(
    code="first", title="FiRST - Fibromyalgia Rapid Screening Tool", version="2010", audience="self_report",
    recall="current pain, for people with joint, muscle or tendon pain for at least 3 months",
    citation=PERROT_2010,
    items=tuple(
        Item(id=f"answers[{i}]", text=english, kind="bool", original=french,
             help="Yes or no. Informal English translation; the French original is the validated wording.")
        for i, (french, english) in enumerate(_TEXTS)
    ),
    notes=(TRANSLATION_NOTE,
           "Brazilian authors write 'FiRST®'; who holds rights to English wording is unverified (REFERENCE.md §2)."),
)
