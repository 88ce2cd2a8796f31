"""ACR fibromyalgia criteria: 2010 (clinician), 2011 (self-report) and 2016 (self-report and clinician).

The rule, exactly as the pseudocode of clinical REFERENCE.md §1.5 (thresholds are ≥, never >, §1.7 item 3)::

    wpi        = number of distinct painful areas among the 19                     (§1.1)
    regions16  = 2016 regions with >= 1 painful area; jaw, chest, abdomen never count (§1.1)
    coreA      = fatigue + waking_unrefreshed + cognitive        (0..3 each)        (§1.2)
    ss2010     = coreA + somatic_band (0..3, clinician judgement)                   (§1.2, Wolfe 2010)
    sss2011_16 = coreA + headaches + lower_abdominal_pain + depression (0/1 each)   (§1.2, Wolfe 2011/2016)
    dx2010 = ((wpi>=7 and ss2010>=5)     or (3<=wpi<=6 and ss2010>=9))     and dur3m and not other_disorder
    dx2011 = ((wpi>=7 and sss2011_16>=5) or (3<=wpi<=6 and sss2011_16>=9)) and dur3m and not other_disorder
    dx2016 = ((wpi>=7 and sss2011_16>=5) or (4<=wpi<=6 and sss2011_16>=9)) and regions16>=4 and dur3m
    FS     = wpi + sss2011_16 (0..31), Wolfe 2015 band                                (§1.4)

Sources: Wolfe 2010 (Arthritis Care Res 2010;62:600), Wolfe 2011 (J Rheumatol 2011;38:1113,
https://www.jrheum.org/content/38/6/1113), Wolfe 2016 (Semin Arthritis Rheum 2016;46:319; table at
https://www.jrd.or.kr/journal/popup_file.html?uid=1486&file=&md=tbl&idx=4), all via REFERENCE.md §1.3.

Forms (codes):

- ``acr2010``: clinician. Part B is the 2010 somatic band; ``sss`` in the result is the 2010 SS. The three
  symptom items are optional and only feed the FS score; the exclusion clause applies.
- ``acr2011``: self-report survey; three symptom items; exclusion clause retained.
- ``acr2016``: self-report version of the 2016 criteria ("valid for research studies", not for diagnosing
  an individual). ``other_disorder_explains_pain`` may be given but never changes the result.
- ``acr2016_clinician``: the same 2016 rule entered by a clinician (the physician-based form).

Wording rule (REFERENCE.md, scope warning): self-report results say "meets the survey criteria" and carry a
``caveat``; clinician results say "meets the ACR 20xx criteria". No result says "you have fibromyalgia".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .acr_survey import (
    PSD_BAND_SOURCE,
    WOLFE_2010,
    WOLFE_2011,
    WOLFE_2016,
    SOMATIC_BAND_ITEM,
    Survey,
    duration_item,
    exclusion_item,
    pain_areas_item,
    part_a_items,
    psd_band,
    read_survey,
    somatic_items,
)
from .base import Audience, FieldsJson, Instrument, Item

Year = Literal[2010, 2011, 2016]

CAVEAT_2011 = (
    'The 2011 survey criteria "are not to be used for self-diagnosis" (Wolfe 2011, J Rheumatol 2011;38:1113; '
    "REFERENCE.md scope warning). This result is not a diagnosis; only a clinician can diagnose fibromyalgia."
)
CAVEAT_2016 = (
    'The self-report version of the 2016 criteria "is not valid for clinical diagnosis in individual patients but '
    'is valid for research studies" (Wolfe 2016, Semin Arthritis Rheum 2016;46:319; REFERENCE.md scope warning). '
    "This result is not a diagnosis; only a clinician can diagnose fibromyalgia."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AcrResult(FieldsJson):
    """The outcome of one ACR criteria form. All counts are exact integers.

    ``sss`` is the version's symptom severity score: the 2010 SS (Part A + clinician somatic band) for
    ``acr2010``, the three-item SSS otherwise. ``sss_three_items`` is the three-item SSS whenever its items
    were given (always for 2011/2016); ``fs`` = WPI + that SSS, ``None`` when it cannot be computed.
    ``generalized_pain`` (≥ 4 of 5 regions) is computed for every version but only required by 2016.
    """

    instrument: str
    year: Year
    audience: Audience
    painful_areas: tuple[str, ...]
    wpi: int
    regions: tuple[str, ...]
    generalized_pain_regions: int
    generalized_pain: bool
    part_a: int
    sss: int
    sss_label: str
    sss_three_items: int | None
    symptoms_3_months: bool
    other_disorder_explains_pain: bool | None
    exclusion_applies: bool
    meets_criteria: bool
    fs: int | None
    fs_band: str | None
    fs_band_source: str
    reasons: tuple[str, ...]
    summary: str
    caveat: str | None


def score_rule(year: Year, wpi: int, sss: int, *, label: str = "SSS") -> tuple[bool, str]:
    """Return whether the WPI/SS score rule of ``year`` is met, and the reason in plain words.

    2010/2011: (WPI ≥ 7 and SS ≥ 5) or (WPI 3–6 and SS ≥ 9); 2016: the same with WPI 4–6
    (REFERENCE.md §1.3, §1.5; §1.7 item 1 on why 2016 is 4–6).
    """
    low = 3 if year in (2010, 2011) else 4
    if wpi >= 7:
        met = sss >= 5
        return met, f"WPI {wpi} is 7 or more, which needs {label} ≥ 5; {label} is {sss}: {_word(met)}"
    if low <= wpi <= 6:
        met = sss >= 9
        return met, f"WPI {wpi} is in the {low}–6 band, which needs {label} ≥ 9; {label} is {sss}: {_word(met)}"
    return False, (f"WPI {wpi} is below {low}, so the {year} score rule cannot be met (it needs WPI ≥ 7 with "
                   f"{label} ≥ 5, or WPI {low}–6 with {label} ≥ 9)")


def _word(met: bool) -> str:
    return "met" if met else "not met"


@dataclass(frozen=True, slots=True, kw_only=True)
class AcrCriteria(Instrument):
    """One form of the ACR fibromyalgia criteria (see the module docstring for the rule and sources)."""

    year: Year

    def validate(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Return normalised answers (areas deduplicated, in WPI form order); raise ValidationError naming the item."""
        return read_survey(answers, self.items, code=self.code).to_answers(self.answer_keys)

    def score(self, answers: Mapping[str, Any]) -> AcrResult:
        """Validate ``answers`` and apply the REFERENCE.md §1.5 rule for this version."""
        survey = read_survey(answers, self.items, code=self.code)
        return self._evaluate(survey)

    def _evaluate(self, s: Survey) -> AcrResult:
        wpi, regions, three = s.wpi, s.regions, s.three_items
        part_a = f"fatigue {s.fatigue} + waking unrefreshed {s.waking_unrefreshed} + cognitive {s.cognitive}"
        if self.year == 2010:
            label, sss = "SS", s.part_a + (s.somatic_band or 0)
            ss_reason = f"SS {sss} = {part_a} + somatic symptoms band {s.somatic_band} (2010 clinician judgement)"
        else:
            label, sss = "SSS", s.part_a + (three or 0)
            ss_reason = (f"SSS {sss} = {part_a} + headaches {int(bool(s.headaches))} + lower abdominal pain or "
                         f"cramps {int(bool(s.lower_abdominal_pain))} + depression {int(bool(s.depression))}")
        reasons = [f"WPI {wpi} of 19 areas painful in the past week", ss_reason]
        failed: list[str] = []

        rule_met, rule_reason = score_rule(self.year, wpi, sss, label=label)
        reasons.append(rule_reason)
        if not rule_met:
            failed.append(rule_reason)

        gp = len(regions) >= 4  # ≥ 4 of 5 regions (REFERENCE.md §1.1, §1.3)
        gp_reason = f"generalized pain: {len(regions)} of 5 regions"
        if self.year == 2016:
            gp_reason += f" (needs 4): {_word(gp)}"
            if s.no_region_areas:
                gp_reason += "; jaw, chest and abdomen count toward the WPI but not toward regions"
            if not gp:
                failed.append(gp_reason)
        else:
            gp_reason += f" (not required by the {self.year} criteria)"
        reasons.append(gp_reason)

        duration = bool(s.symptoms_3_months)  # gate in every version (REFERENCE.md §1.3, §1.6)
        if duration:
            reasons.append("symptoms present for at least 3 months: met")
        else:
            failed.append("symptoms have not been present for at least 3 months, which every version requires")
            reasons.append(failed[-1])

        excluded = False
        if self.year in (2010, 2011):  # exclusion clause (REFERENCE.md §1.3)
            excluded = bool(s.other_disorder_explains_pain)
            if excluded:
                failed.append(f"a disorder that would otherwise explain the pain excludes the {self.year} criteria")
                reasons.append(failed[-1])
            else:
                reasons.append("no other disorder explains the pain: met")
        elif s.other_disorder_explains_pain:
            reasons.append("another disorder was reported; the 2016 criteria are valid irrespective of other "
                           "diagnoses, so it does not change the result")

        meets = rule_met and duration and not excluded and (gp or self.year != 2016)

        fs = None if three is None else wpi + s.part_a + three  # FS = WPI + SSS 2011/16 (REFERENCE.md §1.4)
        band = None if fs is None else psd_band(fs)
        if fs is None:
            reasons.append("FS not computed: it needs headaches, lower abdominal pain or cramps and depression")
        else:
            which = " (the three-item SSS, not the 2010 SS)" if self.year == 2010 else ""
            reasons.append(f"FS {fs} = WPI {wpi} + SSS {s.part_a + three}{which}: {band} (Wolfe 2015 bands)")

        return AcrResult(
            instrument=self.code, year=self.year, audience=self.audience, painful_areas=s.painful_areas,
            wpi=wpi, regions=regions, generalized_pain_regions=len(regions), generalized_pain=gp,
            part_a=s.part_a, sss=sss, sss_label="SS2010" if self.year == 2010 else "SSS2011/2016",
            sss_three_items=None if three is None else s.part_a + three,
            symptoms_3_months=duration, other_disorder_explains_pain=s.other_disorder_explains_pain,
            exclusion_applies=self.year != 2016, meets_criteria=meets, fs=fs, fs_band=band,
            fs_band_source=PSD_BAND_SOURCE, reasons=tuple(reasons), summary=self._summary(meets, failed),
            caveat=None if self.audience == "clinician" else (CAVEAT_2011 if self.year == 2011 else CAVEAT_2016),
        )

    def _summary(self, meets: bool, failed: list[str]) -> str:
        if self.audience == "clinician":
            head = f"Meets the ACR {self.year} criteria" if meets else f"Does not meet the ACR {self.year} criteria"
        else:
            form = f"ACR {self.year} survey, self-report"
            head = f"Meets the survey criteria ({form})" if meets else f"Does not meet the survey criteria ({form})"
        return head + "." if meets else f"{head}: {failed[0]}."


_RECALL = ("past week (pain areas, fatigue, waking unrefreshed, cognitive symptoms); previous 6 months "
           "(headaches, lower abdominal pain or cramps, depression); symptoms for at least 3 months")


def _items(year: Year, *, self_report: bool) -> tuple[Item, ...]:
    items = (pain_areas_item(self_report=self_report), *part_a_items(self_report=self_report))
    if year == 2010:
        items += (SOMATIC_BAND_ITEM,)
    items += somatic_items(self_report=self_report, required=year != 2010)
    items += (duration_item(year=year, self_report=self_report),
              exclusion_item(year=year, self_report=self_report, required=year != 2016))
    return items


ACR2010 = AcrCriteria(
    code="acr2010", year=2010, title="ACR 2010 fibromyalgia diagnostic criteria (clinician)", version="2010",
    audience="clinician", citation=WOLFE_2010, items=_items(2010, self_report=False),
    recall="past week (pain areas and symptoms); somatic symptoms in general; symptoms for at least 3 months",
    notes=("Part B is the clinician's 0-3 somatic-symptom band, so result 'sss' is the 2010 SS (REFERENCE.md §1.2).",
           "Headaches, lower abdominal pain and depression are optional here and only feed the FS score."),
)
ACR2011 = AcrCriteria(
    code="acr2011", year=2011, title="ACR 2011 modified fibromyalgia criteria (self-report survey)", version="2011",
    audience="self_report", citation=WOLFE_2011, items=_items(2011, self_report=True), recall=_RECALL,
    notes=(CAVEAT_2011,),
)
ACR2016 = AcrCriteria(
    code="acr2016", year=2016, title="ACR 2016 revised fibromyalgia criteria (self-report version)", version="2016",
    audience="self_report", citation=WOLFE_2016, items=_items(2016, self_report=True), recall=_RECALL,
    notes=(CAVEAT_2016,
           "Somatic items use the 6-month window of the primary 2016 table, not the past-week form "
           "(REFERENCE.md §1.7 item 2)."),
)
ACR2016_CLINICIAN = AcrCriteria(
    code="acr2016_clinician", year=2016, title="ACR 2016 revised fibromyalgia criteria (clinician)",
    version="2016", audience="clinician", citation=WOLFE_2016, items=_items(2016, self_report=False),
    recall=_RECALL,
    notes=("The physician-based 2016 criteria are valid for diagnosing individual patients (Wolfe 2016; "
           "REFERENCE.md scope warning).",),
)
