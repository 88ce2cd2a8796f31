"""ROUTINE rules built from the medication map: twitching or weakness while taking a medicine class that
is linked with them (clinical REFERENCE.md §6.1, §6.2). One rule per ``known`` class; low-confidence
classes only appear in the medication review.

The advice is the class's advice from ``medications.toml``: contact the prescriber, never stop.
"""

from __future__ import annotations

from collections.abc import Callable

from ..knowledge.sources import Citation, Source
from .case import Case
from .levels import ROUTINE
from .medications import MedicationClass, medication_classes
from .rule import Rule, medication_class_ids

__all__ = ["medication_rules"]


def _condition(class_id: str) -> Callable[[Case], bool]:
    def condition(case: Case) -> bool:
        symptoms = case.twitching_reported or case.weakness_reported
        return symptoms and class_id in medication_class_ids(case)

    condition.__name__ = f"on_{class_id}"
    return condition


def _citation(cls: MedicationClass) -> Citation:
    sections = sorted({a.citation.section for a in cls.associations})
    sources: list[Source] = []
    for association in cls.associations:
        sources.extend(s for s in association.citation.sources if s not in sources)
    return Citation(", ".join(sections), tuple(sources),
                    "Fires on twitching or weakness whichever symptom the class is linked with (conservative).")


def medication_rules() -> tuple[Rule, ...]:
    """Return one routine rule per known medicine class, id ``medication_<class id>``."""
    return tuple(
        Rule(f"medication_{cls.id}", ROUTINE, _condition(cls.id), cls.advice, _citation(cls))
        for cls in medication_classes()
        if cls.confidence == "known"
    )
