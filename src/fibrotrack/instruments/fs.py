"""FS: the Fibromyalgia Severity scale, also called the polysymptomatic distress (PSD) scale, 0–31.

FS = WPI + SSS, where SSS is the 2011/2016 symptom severity score (Part A + headaches + lower abdominal
pain or cramps + depression). Created in Wolfe 2011 ("a 0–31 FM Symptom scale (FS) by adding the WPI to
the modified SS scale") and kept by the 2016 revision (clinical REFERENCE.md §1.4; Wolfe 2011,
https://www.jrheum.org/content/38/6/1113).

Bands (one set only, labelled with its source): Wolfe et al., J Rheumatol 2015;42:1494 — none 0–3, mild
4–7, moderate 8–11, severe 12–19, very severe 20–31 (REFERENCE.md §1.4). The conflicting Salaffi bands are
not used. FS measures symptom burden; FS ≥ 12 does not by itself mean the criteria are met (§1.4, §9 D).

Answers: the same JSON as ``acr2016`` (``pain_areas``, ``fatigue``, ``waking_unrefreshed``, ``cognitive``,
``headaches``, ``lower_abdominal_pain``, ``depression``); ``symptoms_3_months`` and
``other_disorder_explains_pain`` are accepted so one survey can be scored both ways, but do not affect FS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .acr_survey import (
    PSD_BAND_SOURCE,
    PSD_BANDS,
    WOLFE_2015_PSD,
    duration_item,
    exclusion_item,
    pain_areas_item,
    part_a_items,
    psd_band,
    read_survey,
    somatic_items,
)
from .base import FieldsJson, Instrument

FS_CAVEAT = (
    "FS measures how widespread and severe symptoms are; it is not a diagnosis, and FS 12 or more does not by "
    "itself mean the fibromyalgia criteria are met (REFERENCE.md §1.4)."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FsResult(FieldsJson):
    """FS score (exact integer), its parts and its Wolfe 2015 band."""

    instrument: str
    painful_areas: tuple[str, ...]
    wpi: int
    sss: int
    fs: int
    fs_band: str
    fs_band_source: str
    reasons: tuple[str, ...]
    summary: str
    caveat: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SeverityScale(Instrument):
    """The FS / PSD scale (see the module docstring for formula, bands and sources)."""

    def validate(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Return normalised answers; raise ValidationError naming the item."""
        return read_survey(answers, self.items, code=self.code).to_answers(self.answer_keys)

    def score(self, answers: Mapping[str, Any]) -> FsResult:
        """Return FS = WPI + SSS (0–31) and its band (REFERENCE.md §1.4)."""
        s = read_survey(answers, self.items, code=self.code)
        sss = s.part_a + (s.three_items or 0)
        fs = s.wpi + sss
        band = psd_band(fs)
        low, high = next((lo, hi) for lo, hi, name in PSD_BANDS if name == band)
        reasons = (
            f"WPI {s.wpi} of 19 areas painful in the past week",
            f"SSS {sss} = fatigue {s.fatigue} + waking unrefreshed {s.waking_unrefreshed} + cognitive "
            f"{s.cognitive} + headaches {int(bool(s.headaches))} + lower abdominal pain or cramps "
            f"{int(bool(s.lower_abdominal_pain))} + depression {int(bool(s.depression))}",
            f"FS {fs} = WPI {s.wpi} + SSS {sss}",
            f"FS {fs} is in the {band} band ({low}–{high}) of Wolfe 2015",
        )
        return FsResult(
            instrument=self.code, painful_areas=s.painful_areas, wpi=s.wpi, sss=sss, fs=fs, fs_band=band,
            fs_band_source=PSD_BAND_SOURCE, reasons=reasons,
            summary=f"Fibromyalgia severity (FS) {fs} of 31: {band} (Wolfe 2015 polysymptomatic distress bands).",
            caveat=FS_CAVEAT,
        )


FS = SeverityScale(
    code="fs", title="Fibromyalgia Severity (FS) / polysymptomatic distress scale", version="2011 (bands 2015)",
    audience="self_report", citation=WOLFE_2015_PSD,
    recall="past week (pain areas, fatigue, waking unrefreshed, cognitive symptoms); previous 6 months "
           "(headaches, lower abdominal pain or cramps, depression)",
    items=(
        pain_areas_item(self_report=True),
        *part_a_items(self_report=True),
        *somatic_items(self_report=True, required=True),
        duration_item(year=2016, self_report=True, required=False),
        exclusion_item(year=2016, self_report=True, required=False),
    ),
    notes=("FS = WPI + SSS was defined in Wolfe 2011 (J Rheumatol 2011;38:1113); bands from Wolfe 2015.",
           "symptoms_3_months and other_disorder_explains_pain are accepted but do not affect FS."),
)
