"""FIQR, the Revised Fibromyalgia Impact Questionnaire: 21 self-report items, 0–10 each, past 7 days.

Source: Bennett RM, et al. The Revised Fibromyalgia Impact Questionnaire (FIQR): validation and psychometric
properties. Arthritis Res Ther 2009;11:R120 (clinical REFERENCE.md §3). Scoring from the official page
http://www.myalgia.com/FIQR/Scoring.htm (REFERENCE.md §3.2):

- function: 9 items, weighted score = Σ / 3 (0–30);
- overall impact: 2 items, weighted score = Σ (0–20);
- symptoms: 10 items, weighted score = Σ / 2 (0–50);
- total = function + overall + symptoms (0–100). Higher = worse. No rounding (display 1 decimal).

Items are whole numbers 0–10 (the 11-point numeric scale, REFERENCE.md §3.1); ``null`` marks a skipped item.

Missing items (REFERENCE.md §3.2): "If only x questions from the first section (function) were answered,
one would weigh the summated score of the x questions by 9/x"; likewise 2/x for overall and 10/x for
symptoms. The official pages set no minimum, so fibrotrack requires **at least half of each domain,
rounded up**: function ≥ 5 of 9, overall ≥ 1 of 2, symptoms ≥ 5 of 10 (hence ≥ 1 per domain and ≥ 11 of
21 overall). Fewer is an error naming the domain. ``raw`` holds the domain sums on the 0–90 / 0–20 / 0–100
scales (re-weighted the same way when items are missing), kept apart from the weighted scores (§3.5).

Severity band: one published set only, Salaffi et al. 2020 (2,339 patients; REFERENCE.md §3.3,
https://www.onmedica.com/posts/definition-of-fibromyalgia-severity-findings-from-a-cross-sectional-survey-of-2339-italian-patients):
0–23 remission, 24–40 mild, 41–63 moderate, 64–82 severe, "> 83" very severe. Because totals are not whole
numbers and the published ranges leave gaps, each band starts at its published lower bound and runs up to
the next one: remission < 24 ≤ mild < 41 ≤ moderate < 64 ≤ severe < 83 ≤ very severe. 83 itself, unassigned
as written, is very severe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ..errors import ValidationError
from .base import Citation, FieldsJson, Instrument, Item, as_list, as_whole, check_keys, get_required

BENNETT_2009 = Citation(
    "Bennett RM, Friend R, Jones KD, Ward R, Han BK, Ross RL. The Revised Fibromyalgia Impact Questionnaire "
    "(FIQR): validation and psychometric properties. Arthritis Res Ther 2009;11:R120. Scoring: myalgia.com.",
    "http://www.myalgia.com/FIQR/Scoring.htm",
    "REFERENCE.md §3",
)

#: Salaffi 2020 bands as lower bounds (REFERENCE.md §3.3); see the module docstring for how gaps are closed.
BANDS: tuple[tuple[int, str], ...] = ((0, "remission"), (24, "mild"), (41, "moderate"), (64, "severe"),
                                      (83, "very severe"))
BAND_SOURCE = (
    "Salaffi et al. 2020 (2,339 patients): 0-23 remission, 24-40 mild, 41-63 moderate, 64-82 severe, "
    "83 or more very severe; non-integer totals fall in the band whose lower bound they reach (REFERENCE.md §3.3)"
)

_FUNCTION = ("Brush or comb your hair", "Walk continuously for 20 minutes", "Prepare a homemade meal",
             "Vacuum, scrub or sweep floors", "Lift and carry a bag full of groceries", "Climb one flight of stairs",
             "Change bed sheets", "Sit in a chair for 45 minutes", "Go shopping for groceries")
_OVERALL = ("Fibromyalgia prevented me from accomplishing goals for the week",
            "I was completely overwhelmed by my fibromyalgia symptoms")
_SYMPTOMS = ("Pain", "Energy (lack of energy)", "Stiffness", "Sleep quality (poor sleep)", "Depression",
             "Memory problems", "Anxiety", "Tenderness to touch", "Balance problems",
             "Sensitivity to loud noises, bright lights, odours and cold")

# (domain, item texts, divisor, help) — REFERENCE.md §3.1 (items) and §3.2 (divisors).
DOMAINS: tuple[tuple[str, tuple[str, ...], int, str], ...] = (
    ("function", _FUNCTION, 3,
     "0 = no difficulty, 10 = very difficult. If you did not do this in the last 7 days, rate the last time "
     "you did; if you can't do it, choose 10 (REFERENCE.md §3.1, §3.2)."),
    ("overall", _OVERALL, 1, "0 = never, 10 = always (REFERENCE.md §3.1)."),
    ("symptoms", _SYMPTOMS, 2,
     "0-10, higher = worse (REFERENCE.md §3.1). Item order and the exact anchors of the licensed form are "
     "unverified (REFERENCE.md §3.1)."),
)


def minimum_answered(n_items: int) -> int:
    """Fewest answered items a domain of ``n_items`` needs: half, rounded up (fibrotrack policy, see module)."""
    return -(-n_items // 2)


def fiqr_band(total: float) -> str:
    """Return the Salaffi 2020 FIQR band for a total 0–100 (REFERENCE.md §3.3; gaps closed as documented)."""
    if not 0 <= total <= 100:
        raise ValidationError("total", f"{total!r} is outside 0–100")
    return [name for low, name in BANDS if total >= low][-1]


@dataclass(frozen=True, slots=True, kw_only=True)
class FiqrResult(FieldsJson):
    """Weighted domain scores and total (unrounded floats), raw domain sums and the Salaffi 2020 band."""

    instrument: str
    function: float
    overall: float
    symptoms: float
    total: float
    raw: Mapping[str, float]
    answered: Mapping[str, int]
    band: str
    band_source: str
    reasons: tuple[str, ...]
    summary: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ImpactQuestionnaire(Instrument):
    """FIQR (see the module docstring for formula, missing-item policy, bands and sources)."""

    def validate(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``{"function": [...], "overall": [...], "symptoms": [...]}`` with ints and ``None`` for skipped.

        Raises:
            ValidationError: unknown key, missing domain or wrong length (field = the domain), a bad item
                (field ``domain[i]``) or too few answered items in a domain (field = the domain).
        """
        check_keys(answers, (d[0] for d in DOMAINS), code=self.code)
        clean: dict[str, Any] = {}
        for domain, texts, _divisor, _help in DOMAINS:
            values = as_list(domain, get_required(answers, domain), length=len(texts),
                             hint=" (use null for a skipped item)")
            items = [None if v is None else as_whole(f"{domain}[{i}]", v, 0, 10) for i, v in enumerate(values)]
            answered, needed = sum(v is not None for v in items), minimum_answered(len(texts))
            if answered < needed:
                raise ValidationError(domain, f"only {answered} of {len(texts)} items answered; at least {needed} "
                                      "(half the domain, rounded up) are needed to score the FIQR")
            clean[domain] = items
        return clean

    def score(self, answers: Mapping[str, Any]) -> FiqrResult:
        """Return the official FIQR scores (REFERENCE.md §3.2), exact until the final float conversion."""
        clean = self.validate(answers)
        weighted: dict[str, Fraction] = {}
        raw: dict[str, float] = {}
        answered: dict[str, int] = {}
        reasons: list[str] = []
        for domain, texts, divisor, _help in DOMAINS:
            given = [v for v in clean[domain] if v is not None]
            n, x = len(texts), len(given)
            raw_sum = Fraction(sum(given) * n, x)  # Σ × n/x re-weights missing items (§3.2)
            weighted[domain] = raw_sum / divisor
            raw[domain], answered[domain] = float(raw_sum), x
            how = f"sum {sum(given)}"
            if x < n:
                how = f"{x} of {n} answered, {how} × {n}/{x} = {float(raw_sum):.2f}"
            reasons.append(f"{domain}: {how}, ÷ {divisor} = {float(weighted[domain]):.2f}")
        total = float(sum(weighted.values()))
        band = fiqr_band(total)
        reasons.append(f"total {total:.1f} of 100 is in the Salaffi 2020 {band} band")
        return FiqrResult(
            instrument=self.code, function=float(weighted["function"]), overall=float(weighted["overall"]),
            symptoms=float(weighted["symptoms"]), total=total, raw=MappingProxyType(raw),
            answered=MappingProxyType(answered), band=band,
            band_source=BAND_SOURCE, reasons=tuple(reasons),
            summary=f"FIQR total {total:.1f} of 100: {band} (Salaffi 2020 bands).",
        )


FIQR = ImpactQuestionnaire(
    code="fiqr", title="FIQR - Revised Fibromyalgia Impact Questionnaire", version="2009", audience="self_report",
    recall="past 7 days", citation=BENNETT_2009,
    items=tuple(
        Item(id=f"{domain}[{i}]", text=text, kind="int_range", min=0, max=10, required=False, help=help_text)
        for domain, texts, _divisor, help_text in DOMAINS
        for i, text in enumerate(texts)
    ),
    notes=(
        "The FIQR validation article is open access under CC BY 2.0 (REFERENCE.md §3.4).",
        "The original FIQ and its derivations are copyrighted: academic and clinical use is free, commercial use "
        "is licensed through MAPI Research Trust; whether the FIQR falls under the same licence is unverified - "
        "ask MAPI Research Trust / ePROVIDE before commercial use (REFERENCE.md §3.4).",
        "Missing items are re-weighted per domain; at least half of each domain must be answered.",
        "Bands: Salaffi 2020 only; other published sets (Salaffi 2018, FIQ-derived 39/59) are not used (§3.3).",
    ),
)
