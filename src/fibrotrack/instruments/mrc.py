"""MRC muscle power grades 0–5 per muscle group and side: clinician-entered examination findings only.

Scale (clinical REFERENCE.md §4.1; MRC Memorandum No. 45, 1976, http://getm.sen.es/escalas-de-valoracion/medical-research-council-scale-motor-testing/):
0 no contraction, 1 flicker or trace of contraction, 2 active movement with gravity eliminated, 3 active
movement against gravity, 4 active movement against gravity and resistance, 5 normal power. Whole grades
only (no 4+/4- modifiers). "As far as possible, the action of each muscle should be observed separately",
so each grade is recorded per muscle group and side.

The MRC grade is a clinician's examination finding; patients are not asked to self-grade (REFERENCE.md
§4.1), so the audience is ``clinician``. **A grade is never inferred from twitching**: the MRC original
does not mention fasciculation, and one table that counts fasciculation as grade 1 is rejected by
REFERENCE.md §4.1.

Muscle groups: the six of the MRC sum score (shoulder abduction, elbow flexion, wrist extension, hip
flexion, knee extension, ankle dorsiflexion), each left and right. The sum score (0–60) is reported only
when all 12 grades are present. Its source, Kleyweg RP, van der Meché FG, Schmitz PI. Interobserver
agreement in the assessment of muscle strength and functional abilities in Guillain-Barré syndrome. Muscle
Nerve 1991;14:1103-1109, is not yet in REFERENCE.md (to be added there).

Any grade below 5 is flagged: objective weakness needs medical evaluation and should not be attributed to
fibromyalgia (REFERENCE.md §4.2). Answers: ``{"grades": [{"muscle_group", "side", "grade"}, ...]}``; at least
one entry; each (muscle group, side) at most once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ValidationError
from .base import Citation, FieldsJson, Instrument, Item, as_list, as_whole, check_keys, get_required

MRC_1976 = Citation(
    "Medical Research Council. Aids to the investigation of peripheral nerve injuries. Memorandum No. 45. "
    "London: HMSO, 1976.",
    "http://getm.sen.es/escalas-de-valoracion/medical-research-council-scale-motor-testing/",
    "REFERENCE.md §4.1, §4.2",
)
SUM_SCORE_SOURCE = (
    "Kleyweg RP, et al. Muscle Nerve 1991;14:1103-1109 (MRC sum score; not yet in REFERENCE.md)"
)

GRADES: tuple[str, ...] = (
    "no contraction",
    "flicker or trace of contraction",
    "active movement, with gravity eliminated",
    "active movement against gravity",
    "active movement against gravity and resistance",
    "normal power",
)
MUSCLE_GROUPS: tuple[str, ...] = ("shoulder_abduction", "elbow_flexion", "wrist_extension", "hip_flexion",
                                  "knee_extension", "ankle_dorsiflexion")
SIDES: tuple[str, ...] = ("left", "right")
WEAKNESS_FLAG = "objective weakness — needs medical evaluation, not attributed to fibromyalgia"

_ENTRY_KEYS = ("muscle_group", "side", "grade")


@dataclass(frozen=True, slots=True)
class MrcGrade:
    """One recorded grade: ``muscle_group``, ``side`` and ``grade`` 0–5 with its MRC definition."""

    muscle_group: str
    side: str
    grade: int

    @property
    def definition(self) -> str:
        """The MRC wording of this grade (REFERENCE.md §4.1)."""
        return GRADES[self.grade]

    @property
    def label(self) -> str:
        """Plain words, e.g. ``"shoulder abduction, left"``."""
        return f"{self.muscle_group.replace('_', ' ')}, {self.side}"

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"muscle_group", "side", "grade", "definition", "weak"}``."""
        return {"muscle_group": self.muscle_group, "side": self.side, "grade": self.grade,
                "definition": self.definition, "weak": self.grade < 5}


@dataclass(frozen=True, slots=True, kw_only=True)
class MrcResult(FieldsJson):
    """Grades in fixed order, the sum score (only when all 12 are present) and weakness flags."""

    instrument: str
    grades: tuple[MrcGrade, ...]
    complete: bool
    missing: tuple[str, ...]
    sum_score: int | None
    sum_score_source: str
    weak: tuple[MrcGrade, ...]
    needs_medical_evaluation: bool
    reasons: tuple[str, ...]
    summary: str


def _slot(group: str, side: str) -> str:
    return f"{group}.{side}"


def _read_entry(index: int, entry: Any) -> MrcGrade:
    field = f"grades[{index}]"
    if not isinstance(entry, Mapping):
        raise ValidationError(field, "must be an object with muscle_group, side and grade")
    for key in entry:
        if key not in _ENTRY_KEYS:
            raise ValidationError(f"{field}.{key}", f"is not a grade field (known: {', '.join(_ENTRY_KEYS)})")
    for key in _ENTRY_KEYS:
        if entry.get(key) is None:
            raise ValidationError(f"{field}.{key}", "is required")
    group = entry["muscle_group"]
    if group not in MUSCLE_GROUPS:
        raise ValidationError(f"{field}.muscle_group", f"{group!r} is not one of {', '.join(MUSCLE_GROUPS)}")
    side = entry.get("side")
    if side not in SIDES:
        raise ValidationError(f"{field}.side", f"{side!r} is not left or right")
    return MrcGrade(group, side, as_whole(f"{field}.grade", entry["grade"], 0, 5))


@dataclass(frozen=True, slots=True, kw_only=True)
class MuscleScale(Instrument):
    """The MRC scale (see the module docstring for grades, groups, policy and sources)."""

    def validate(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``{"grades": [...]}`` in fixed group/side order.

        Raises:
            ValidationError: unknown key, no grades, a bad entry (field ``grades[i].<key>``) or the same
                muscle group and side twice (field ``grades[i]``).
        """
        return {"grades": [{"muscle_group": g.muscle_group, "side": g.side, "grade": g.grade}
                           for g in self._read(answers)]}

    def _read(self, answers: Mapping[str, Any]) -> tuple[MrcGrade, ...]:
        check_keys(answers, ("grades",), code=self.code)
        entries = as_list("grades", get_required(answers, "grades"))
        if not entries:
            raise ValidationError("grades", "needs at least one grade")
        found: dict[str, MrcGrade] = {}
        for index, entry in enumerate(entries):
            grade = _read_entry(index, entry)
            slot = _slot(grade.muscle_group, grade.side)
            if slot in found:
                raise ValidationError(f"grades[{index}]", f"{grade.label} is graded twice")
            found[slot] = grade
        return tuple(found[_slot(g, s)] for g in MUSCLE_GROUPS for s in SIDES if _slot(g, s) in found)

    def score(self, answers: Mapping[str, Any]) -> MrcResult:
        """Return the grades, the sum score when complete, and a flag for every grade below 5."""
        grades = self._read(answers)
        present = {_slot(g.muscle_group, g.side) for g in grades}
        missing = tuple(_slot(g, s) for g in MUSCLE_GROUPS for s in SIDES if _slot(g, s) not in present)
        total = sum(g.grade for g in grades) if not missing else None
        weak = tuple(g for g in grades if g.grade < 5)
        reasons = [f"{g.label}: grade {g.grade} ({g.definition}) — {WEAKNESS_FLAG}" for g in weak]
        if total is None:
            reasons.append(f"sum score not computed: {len(missing)} of 12 muscle groups and sides not graded")
        else:
            reasons.append(f"MRC sum score {total} of 60 over 6 muscle groups on both sides")
        if weak:
            summary = (f"Objective weakness in {len(weak)} muscle group(s): needs medical evaluation, "
                       "not attributed to fibromyalgia (REFERENCE.md §4.2).")
        else:
            summary = f"Normal power (grade 5) in all {len(grades)} graded muscle group(s)."
        return MrcResult(
            instrument=self.code, grades=grades, complete=not missing, missing=missing, sum_score=total,
            sum_score_source=SUM_SCORE_SOURCE, weak=weak, needs_medical_evaluation=bool(weak),
            reasons=tuple(reasons), summary=summary,
        )


MRC = MuscleScale(
    code="mrc", title="MRC muscle power scale (clinician examination)", version="1976", audience="clinician",
    recall="at the examination", citation=MRC_1976,
    items=tuple(
        Item(id=f"grades.{_slot(group, side)}", text=f"{group.replace('_', ' ').capitalize()}, {side}: MRC grade",
             kind="int_range", min=0, max=5, required=False,
             help="; ".join(f"{i} = {d}" for i, d in enumerate(GRADES))
             + ". Examination finding; never inferred from twitching (REFERENCE.md §4.1).")
        for group in MUSCLE_GROUPS for side in SIDES
    ),
    notes=("Clinician-entered only; patients are not asked to self-grade (REFERENCE.md §4.1).",
           "Scale used with the permission of the Medical Research Council, Open Government Licence (§4.1).",
           "Any grade below 5 is objective weakness: needs medical evaluation, not attributed to fibromyalgia "
           "(REFERENCE.md §4.2)."),
)
