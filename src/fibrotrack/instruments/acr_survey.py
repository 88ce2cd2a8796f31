"""The ACR symptom survey shared by the 2010/2011/2016 criteria and the FS (polysymptomatic distress) scale.

Pure counts, each with its source (clinical REFERENCE.md section + primary citation):

- ``wpi(areas)``: Widespread Pain Index = number of *distinct* painful areas among the 19, 0–19, past
  week; jaws, chest and abdomen count (REFERENCE.md §1.1; 2011/2016 tables, J Rheum Dis).
- ``painful_regions(areas)``: the 2016 "generalized pain" regions with at least one painful area; only
  shoulder girdle, upper arm, lower arm, hip, upper leg, lower leg (each side) and neck, upper back, lower
  back count; "Jaw, chest, and abdominal pain are excluded from the generalized pain definition"
  (REFERENCE.md §1.1; Wolfe 2016 table, J Rheum Dis Table 4).
- Part A = fatigue + waking unrefreshed + cognitive symptoms, each 0–3, past week (REFERENCE.md §1.2).
- Three-item somatic score = headaches + pain or cramps in the lower abdomen + depression, each 0/1,
  previous 6 months (REFERENCE.md §1.2; the 6-month window is chosen over the past-week form, §1.7 item 2).
- ``psd_band(fs)``: Wolfe 2015 polysymptomatic distress bands (REFERENCE.md §1.4).

Answer policy: ``pain_areas`` is a list of WPI area codes (``catalog.body_sites.WPI_AREA_CODES``); a
duplicate code is silently counted once (the WPI counts areas, not ticks); an unknown code is an error
naming ``pain_areas[i]``. Normalised answers list the areas once each, in WPI form order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..catalog.body_sites import WPI_AREA_CODES, WPI_AREAS, body_site, is_body_site
from ..errors import ValidationError
from .base import Citation, Item, as_bool, as_list, as_whole, check_keys

TABLE_2011_URL = "https://www.jrd.or.kr/journal/popup_file.html?uid=1486&file=&md=tbl&idx=3"
TABLE_2016_URL = "https://www.jrd.or.kr/journal/popup_file.html?uid=1486&file=&md=tbl&idx=4"

WOLFE_2010 = Citation(
    "Wolfe F, et al. The American College of Rheumatology preliminary diagnostic criteria for fibromyalgia "
    "and measurement of symptom severity. Arthritis Care Res 2010;62:600-610.",
    "https://docslib.org/doc/210769/the-american-college-of-rheumatology-preliminary-diagnostic-criteria-for-"
    "fibromyalgia-and-measurement-of-symptom-severity",
    "REFERENCE.md §1.2, §1.3, §1.5",
)
WOLFE_2011 = Citation(
    "Wolfe F, et al. Fibromyalgia criteria and severity scales for clinical and epidemiological studies: "
    "a modification of the ACR preliminary diagnostic criteria for fibromyalgia. J Rheumatol 2011;38:1113.",
    "https://www.jrheum.org/content/38/6/1113?ijkey=ac9730fd0b38bffcd2604c7bf0f20789dd522633&keytype2=tf_ipsecsha",
    "REFERENCE.md §1.2, §1.3, §1.5",
)
WOLFE_2016 = Citation(
    "Wolfe F, et al. 2016 Revisions to the 2010/2011 fibromyalgia diagnostic criteria. "
    "Semin Arthritis Rheum 2016;46:319.",
    TABLE_2016_URL,
    "REFERENCE.md §1.1, §1.3, §1.5",
)
WOLFE_2015_PSD = Citation(
    "Wolfe F, et al. The use of polysymptomatic distress categories in the evaluation of fibromyalgia (FM) "
    "and FM severity. J Rheumatol 2015;42:1494.",
    "https://www.jrheum.org/content/42/8/1494?ijkey=6b0afc27a25f87a4dd2e558f0e1e6948a42600e0&keytype2=tf_ipsecsha",
    "REFERENCE.md §1.4",
)

#: The five 2016 generalized-pain regions, in the order of REFERENCE.md §1.1.
REGIONS: tuple[str, ...] = ("left_upper", "right_upper", "left_lower", "right_lower", "axial")

#: Wolfe 2015 PSD bands (inclusive bounds), REFERENCE.md §1.4.
PSD_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 3, "none"),
    (4, 7, "mild"),
    (8, 11, "moderate"),
    (12, 19, "severe"),
    (20, 31, "very severe"),
)
PSD_BAND_SOURCE = (
    "Wolfe et al., J Rheumatol 2015;42:1494: none 0-3, mild 4-7, moderate 8-11, severe 12-19, "
    "very severe 20-31 (REFERENCE.md §1.4)"
)

_NO_REGION = tuple(a.code for a in WPI_AREAS if a.region is None)  # jaws, chest, abdomen


def wpi(areas: Iterable[str]) -> int:
    """Return the Widespread Pain Index: the number of distinct WPI areas in ``areas`` (0–19).

    Codes that are not WPI areas are not counted (callers validate first). REFERENCE.md §1.1, §1.5.
    """
    return len(set(areas) & set(WPI_AREA_CODES))


def painful_regions(areas: Iterable[str]) -> tuple[str, ...]:
    """Return the 2016 generalized-pain regions with at least one painful area, in :data:`REGIONS` order.

    Jaw, chest and abdomen never create a region (REFERENCE.md §1.1; Wolfe 2016 Table 4, J Rheum Dis).
    """
    hit = {a.region for a in WPI_AREAS if a.code in set(areas) and a.region is not None}
    return tuple(r for r in REGIONS if r in hit)


def psd_band(fs: int) -> str:
    """Return the Wolfe 2015 polysymptomatic distress band for an FS score 0–31 (REFERENCE.md §1.4).

    Raises:
        ValidationError: ``fs`` is not a whole number from 0 to 31 (field ``fs``).
    """
    value = as_whole("fs", fs, 0, 31)
    return next(name for low, high, name in PSD_BANDS if low <= value <= high)


# --- items ----------------------------------------------------------------------------------------

PART_A_SCALE = (
    "0 = no problem; 1 = slight or mild problems, generally mild or intermittent; 2 = moderate, "
    "considerable problems, often present and/or at a moderate level; 3 = severe: pervasive, continuous, "
    "life-disturbing problems (REFERENCE.md §1.2)"
)
_AREA_HELP = (
    "The 19 areas of the Widespread Pain Index (REFERENCE.md §1.1), as codes: " + ", ".join(WPI_AREA_CODES)
    + ". An area listed twice counts once."
)


def pain_areas_item(*, self_report: bool) -> Item:
    """The WPI question: which of the 19 areas hurt in the past week."""
    text = ("In which of these areas have you had pain over the past week?" if self_report
            else "Areas in which the patient has had pain over the past week")
    return Item(id="pain_areas", text=text, kind="area_list", allowed=WPI_AREA_CODES, help=_AREA_HELP)


def part_a_items(*, self_report: bool) -> tuple[Item, ...]:
    """Fatigue, waking unrefreshed and cognitive symptoms, each 0–3 for the past week (REFERENCE.md §1.2)."""
    lead = "How much of a problem has this been for you over the past week: " if self_report else "Over the past week: "
    return tuple(
        Item(id=key, text=lead + label, kind="int_range", min=0, max=3, help=PART_A_SCALE)
        for key, label in (
            ("fatigue", "fatigue"),
            ("waking_unrefreshed", "waking unrefreshed"),
            ("cognitive", "cognitive symptoms (trouble thinking or remembering)"),
        )
    )


def somatic_items(*, self_report: bool, required: bool) -> tuple[Item, ...]:
    """Headaches, lower abdominal pain or cramps, depression: 0/1 over the previous 6 months (§1.2, §1.7)."""
    lead = ("During the previous 6 months, have you been bothered by " if self_report
            else "During the previous 6 months, the patient has been bothered by ")
    help_text = "Previous 6 months, as in the 2011/2016 tables (REFERENCE.md §1.2; window chosen in §1.7 item 2)."
    if not required:
        help_text += " Optional on the 2010 form: needed only for the FS (polysymptomatic distress) score."
    return tuple(
        Item(id=key, text=lead + label + "?", kind="bool", required=required, help=help_text)
        for key, label in (
            ("headaches", "headaches"),
            ("lower_abdominal_pain", "pain or cramps in the lower abdomen"),
            ("depression", "depression"),
        )
    )


def duration_item(*, year: int, self_report: bool, required: bool = True) -> Item:
    """Duration gate: symptoms for at least 3 months (wording differs by version, REFERENCE.md §1.6)."""
    level = "generally present" if year == 2016 else "present at a similar level"
    who = "your" if self_report else "the"
    return Item(
        id="symptoms_3_months", kind="bool", required=required,
        text=f"Have {who} symptoms been {level} for at least 3 months?",
        help="Every version requires symptoms for at least 3 months (REFERENCE.md §1.3, §1.6).",
    )


def exclusion_item(*, year: int, self_report: bool, required: bool) -> Item:
    """The 2010/2011 exclusion clause; recorded but not used by 2016 (REFERENCE.md §1.3)."""
    who = "you have" if self_report else "the patient has"
    word = "sufficiently explain" if year == 2011 else "otherwise explain"
    help_text = ("The 2016 criteria are valid irrespective of other diagnoses: this answer is recorded but does "
                 "not change the 2016 result (REFERENCE.md §1.3)." if year == 2016
                 else f"A yes excludes the {year} criteria (REFERENCE.md §1.3).")
    return Item(id="other_disorder_explains_pain", kind="bool", required=required,
                text=f"Do {who} a disorder that would {word} the pain?", help=help_text)


SOMATIC_BAND_ITEM = Item(
    id="somatic_band", kind="int_range", min=0, max=3,
    text="Considering somatic symptoms in general, indicate whether the patient has: 0 = no symptoms, "
         "1 = few symptoms, 2 = a moderate number of symptoms, 3 = a great deal of symptoms",
    help="The 2010 clinician judgement, Part B of the 2010 SS (REFERENCE.md §1.2; Wolfe 2010).",
)


# --- reading answers ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Survey:
    """Validated survey answers. Optional items not given are ``None``."""

    painful_areas: tuple[str, ...]
    fatigue: int
    waking_unrefreshed: int
    cognitive: int
    headaches: bool | None = None
    lower_abdominal_pain: bool | None = None
    depression: bool | None = None
    symptoms_3_months: bool | None = None
    somatic_band: int | None = None
    other_disorder_explains_pain: bool | None = None

    @property
    def wpi(self) -> int:
        """WPI, 0–19 (REFERENCE.md §1.1)."""
        return wpi(self.painful_areas)

    @property
    def regions(self) -> tuple[str, ...]:
        """2016 generalized-pain regions hit (REFERENCE.md §1.1)."""
        return painful_regions(self.painful_areas)

    @property
    def part_a(self) -> int:
        """Fatigue + waking unrefreshed + cognitive, 0–9 (REFERENCE.md §1.2)."""
        return self.fatigue + self.waking_unrefreshed + self.cognitive

    @property
    def three_items(self) -> int | None:
        """Headaches + lower abdominal pain + depression, 0–3, or None when any is missing (§1.2)."""
        values = (self.headaches, self.lower_abdominal_pain, self.depression)
        return None if any(v is None for v in values) else sum(bool(v) for v in values)

    @property
    def no_region_areas(self) -> tuple[str, ...]:
        """Painful areas that count toward the WPI but never toward a region (jaws, chest, abdomen)."""
        return tuple(a for a in self.painful_areas if a in _NO_REGION)

    def to_answers(self, keys: Iterable[str]) -> dict[str, Any]:
        """Return the normalised answers JSON for ``keys`` (areas once each, in WPI form order)."""
        return {key: (list(self.painful_areas) if key == "pain_areas" else getattr(self, key)) for key in keys}


def _read_areas(value: Any) -> tuple[str, ...]:
    seen: set[str] = set()
    for index, code in enumerate(as_list("pain_areas", value)):
        field = f"pain_areas[{index}]"
        if not isinstance(code, str):
            raise ValidationError(field, f"{code!r} is not an area code")
        if code not in WPI_AREA_CODES:
            area = body_site(code).wpi_area if is_body_site(code) else None
            if area:
                raise ValidationError(field, f"{code!r} is a body site, not a WPI area; use {area!r}")
            raise ValidationError(field, f"unknown area {code!r}; expected one of the 19 WPI areas: "
                                  + ", ".join(WPI_AREA_CODES))
        seen.add(code)
    return tuple(code for code in WPI_AREA_CODES if code in seen)


def read_survey(answers: Mapping[str, Any], items: tuple[Item, ...], *, code: str) -> Survey:
    """Validate ``answers`` against ``items`` and return a :class:`Survey`.

    Raises:
        ValidationError: unknown key, missing required item, bad area code, wrong type or out of range;
            the field names the item.
    """
    check_keys(answers, (item.key for item in items), code=code)
    values: dict[str, Any] = {}
    for item in items:
        raw = answers.get(item.id)
        if raw is None:
            if item.required:
                raise ValidationError(item.id, "is required")
            continue
        if item.kind == "area_list":
            values["painful_areas"] = _read_areas(raw)
        elif item.kind == "int_range":
            values[item.id] = as_whole(item.id, raw, item.min or 0, item.max or 0)
        else:
            values[item.id] = as_bool(item.id, raw)
    return Survey(**values)
