"""Medicines linked with muscle twitching or weakness: a small, cited map (clinical REFERENCE.md §6).

The map lives in ``medications.toml`` next to this module. Names are matched case-insensitively,
word by word, so a trailing dose or form ("Atorvastatin 20mg", "prednisolone tablets"), a salt
("atorvastatin calcium") or a combination ("amlodipine/atorvastatin") still matches. A medicine that is
not in the map is reported as "not in fibrotrack's list", which says nothing about whether it is safe.

Policy (REFERENCE.md §6.2, "App guidance"): fibrotrack never advises stopping a prescribed medicine; the
advice is always to contact the prescriber.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from ..errors import ValidationError
from ..knowledge.sources import Citation, citation_from_data

__all__ = [
    "Association",
    "MedicationClass",
    "MedicationFinding",
    "MedicationReview",
    "classify_medication",
    "medication_class",
    "medication_classes",
    "normalise_name",
    "review_medications",
]

Confidence = Literal["known", "low"]

NOT_IN_LIST = (
    "Not in fibrotrack's list. That does not mean it is safe or unsafe for your muscles; "
    "ask your pharmacist or prescriber if you are unsure."
)
_MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class Association:
    """A symptom a medicine class is linked with (``twitching``, ``weakness``, ``numbness``,
    ``dark_urine``, ``pain`` or ``tremor``), in plain words, with its citation."""

    symptom: str
    text: str
    citation: Citation

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"symptom", "text", "source"}``."""
        return {"symptom": self.symptom, "text": self.text, "source": self.citation.to_dict()}


@dataclass(frozen=True, slots=True)
class MedicationClass:
    """A class of medicines with the names that belong to it and its twitching/weakness associations.

    ``confidence`` is ``"known"`` for classes named by A.D.A.M./MedlinePlus or the drug-induced myopathy
    sources, ``"low"`` (and ``verified`` False) for classes found only on secondary pages.
    """

    id: str
    label: str
    confidence: Confidence
    names: tuple[str, ...]
    associations: tuple[Association, ...]
    advice: str

    @property
    def verified(self) -> bool:
        """True for ``known`` classes; low-confidence classes are UNVERIFIED against drug labels."""
        return self.confidence == "known"

    @property
    def symptoms(self) -> frozenset[str]:
        """The symptoms this class is associated with."""
        return frozenset(a.symptom for a in self.associations)

    def to_dict(self, *, names: bool = False) -> dict[str, Any]:
        """Return the class as JSON-ready data (``names=True`` adds the full name list)."""
        out: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "confidence": self.confidence,
            "verified": self.verified,
            "associations": [a.to_dict() for a in self.associations],
            "advice": self.advice,
        }
        if names:
            out["names"] = list(self.names)
        return out


def normalise_name(name: str) -> str:
    """Lower-case a medicine name and keep only its words: ``"Solu-Medrol 40 mg"`` → ``"solu medrol mg"``."""
    return " ".join(re.findall(r"[a-z]+", name.lower()))


def _load_class(n: int, row: dict[str, Any]) -> MedicationClass:
    field = f"medications.toml class[{n}]"
    confidence = row.get("confidence")
    if confidence not in ("known", "low"):
        raise ValidationError(f"{field}.confidence", f"{confidence!r} is not 'known' or 'low'")
    associations = tuple(
        Association(a["symptom"], a["text"], citation_from_data(a, field=f"{field}.association[{i}]"))
        for i, a in enumerate(row.get("association", ()))
    )
    if not associations:
        raise ValidationError(f"{field}.association", "needs at least one cited association")
    names = tuple(normalise_name(x) for x in row["names"])
    if not names or any(not x for x in names):
        raise ValidationError(f"{field}.names", "needs non-empty names")
    return MedicationClass(row["id"], row["label"], confidence, names, associations, row["advice"])


@cache
def medication_classes() -> tuple[MedicationClass, ...]:
    """Return every medicine class in the map, in file order (loaded once, on first use)."""
    text = resources.files(__package__).joinpath("medications.toml").read_text(encoding="utf-8")
    return tuple(_load_class(n, row) for n, row in enumerate(tomllib.loads(text)["class"]))


@cache
def _index() -> dict[str, tuple[MedicationClass, ...]]:
    index: dict[str, tuple[MedicationClass, ...]] = {}
    for cls in medication_classes():
        for name in cls.names:
            index[name] = index.get(name, ()) + (cls,)
    return index


def medication_class(class_id: str) -> MedicationClass:
    """Return the class with this id.

    Raises:
        ValidationError: no such class (the problem lists the known ids).
    """
    for cls in medication_classes():
        if cls.id == class_id:
            return cls
    known = ", ".join(c.id for c in medication_classes())
    raise ValidationError("medication_class", f"unknown class {class_id!r}; known: {known}")


def classify_medication(name: str) -> tuple[MedicationClass, ...]:
    """Return the classes a medicine name belongs to (empty when it is not in the map).

    Every run of one to three consecutive words of the name is looked up, so doses, forms, salts and
    combinations are tolerated. Classes come back in map order, each once.
    """
    words = normalise_name(name).split()
    index = _index()
    found: list[MedicationClass] = []
    for size in range(min(_MAX_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            for cls in index.get(" ".join(words[start:start + size]), ()):
                if cls not in found:
                    found.append(cls)
    order = medication_classes()
    return tuple(sorted(found, key=order.index))


@dataclass(frozen=True, slots=True)
class MedicationFinding:
    """One reviewed medicine: the name as given, its classes, their associations and the advice."""

    name: str
    classes: tuple[MedicationClass, ...]

    @property
    def in_list(self) -> bool:
        """True when the medicine is in fibrotrack's map."""
        return bool(self.classes)

    @property
    def associations(self) -> tuple[Association, ...]:
        """Every association of every class of this medicine."""
        return tuple(a for cls in self.classes for a in cls.associations)

    @property
    def advice(self) -> str:
        """What to do: contact the prescriber (never "stop"), or "not in fibrotrack's list"."""
        if not self.classes:
            return NOT_IN_LIST
        return " ".join(cls.advice for cls in self.classes)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"name", "in_list", "classes", "advice"}`` (each class with its associations)."""
        return {
            "name": self.name,
            "in_list": self.in_list,
            "classes": [cls.to_dict() for cls in self.classes],
            "advice": self.advice,
        }


@dataclass(frozen=True, slots=True)
class MedicationReview:
    """The review of a list of medicines, in the order given."""

    findings: tuple[MedicationFinding, ...]

    @property
    def not_in_list(self) -> tuple[str, ...]:
        """Names that are not in fibrotrack's map."""
        return tuple(f.name for f in self.findings if not f.in_list)

    @property
    def flagged(self) -> tuple[MedicationFinding, ...]:
        """Medicines in the map (known or low-confidence classes)."""
        return tuple(f for f in self.findings if f.in_list)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"medications": [...], "not_in_list": [...], "policy"}``."""
        return {
            "medications": [f.to_dict() for f in self.findings],
            "not_in_list": list(self.not_in_list),
            "policy": "fibrotrack never advises stopping a prescribed medicine: contact your prescriber.",
        }


def review_medications(names: Iterable[str]) -> MedicationReview:
    """Review medicine names against the map; unknown names are listed, never an error.

    Raises:
        ValidationError: a name is not a non-empty string (``field`` is ``medications[i]``).
    """
    findings: list[MedicationFinding] = []
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(f"medications[{i}]", f"must be a non-empty medicine name, not {name!r}")
        clean = " ".join(name.split())
        findings.append(MedicationFinding(clean, classify_medication(clean)))
    return MedicationReview(tuple(findings))
