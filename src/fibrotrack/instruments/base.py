"""Building blocks shared by every questionnaire: citations, items, the instrument base and answer checks.

An instrument is constant data (code, title, version, who fills it in, recall window, citation, items)
plus two pure methods:

- ``validate(answers)`` checks a JSON-like mapping and returns the normalised answers (a new dict);
- ``score(answers)`` validates and returns a frozen, unrounded result with ``to_dict()``.

Answer rules common to all instruments (each instrument documents its own JSON):

- ``answers`` must be a mapping; a key the instrument does not know is an error naming that key.
- A required item that is missing (or ``null``) is an error naming the item.
- Booleans must be JSON ``true``/``false``; ``"yes"``, ``1`` or ``0`` are rejected so that a mistyped form
  never silently changes a score.
- Whole-number items accept JSON integers (and integral floats such as ``2.0``); strings are rejected.
- List positions in error fields are 0-based (``pain_areas[2]`` is the third entry).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal, Protocol

from ..errors import OutOfRangeError, ValidationError

Audience = Literal["self_report", "clinician"]
AnswerKind = Literal["area_list", "int_range", "bool"]

#: Where the clinical rules come from (the shared clinical reference, cited by section as ``REFERENCE.md §n``).
REFERENCE = "clinical/REFERENCE.md"


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def fields_dict(result: Any) -> dict[str, Any]:
    """Return a dataclass's fields, in order, as a JSON-ready dict.

    Tuples become lists, mappings dicts, dates ISO strings, and anything with ``to_dict()`` its dict.
    Every result and description class of the instruments serialises this way, so their JSON always
    mirrors their fields.
    """
    return {f.name: _plain(getattr(result, f.name)) for f in fields(result)}


class FieldsJson:
    """Mixin for the instruments' frozen dataclasses: ``to_dict()`` is :func:`fields_dict` of the instance."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the fields, in order, as a JSON-ready dict (:func:`fields_dict`)."""
        return fields_dict(self)


@dataclass(frozen=True, slots=True)
class Citation(FieldsJson):
    """A source: ``text`` (authors, title, journal), ``url`` and the ``section`` of the clinical reference."""

    text: str
    url: str
    section: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Item(FieldsJson):
    """One question of an instrument.

    ``id`` is the name used in error fields: a top-level answer key (``"fatigue"``), a list position
    (``"function[3]"``) or a slot within one (``"grades.shoulder_abduction.left"``). ``kind`` is
    ``"area_list"`` (a list of codes from ``allowed``), ``"int_range"`` (a whole number ``min``–``max``)
    or ``"bool"``. ``original``
    holds the original-language wording where ``text`` is a translation.
    """

    id: str
    text: str
    kind: AnswerKind
    min: int | None = None
    max: int | None = None
    allowed: tuple[str, ...] = ()
    required: bool = True
    help: str = ""
    original: str | None = None

    @property
    def key(self) -> str:
        """The top-level answer key this item is found under (``"function"`` for ``"function[3]"``)."""
        return self.id.split("[", 1)[0].split(".", 1)[0]


class Result(Protocol):
    """What every instrument result offers: the instrument code, reasons, a summary and ``to_dict()``."""

    @property
    def instrument(self) -> str: ...

    @property
    def reasons(self) -> tuple[str, ...]: ...

    @property
    def summary(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Instrument:
    """Base of every instrument: constant description plus ``validate`` and ``score``.

    ``audience`` is ``"self_report"`` (the person fills it in) or ``"clinician"`` (entered by a clinician
    from an examination or interview). ``notes`` carry licensing and translation remarks.
    """

    code: str
    title: str
    version: str
    audience: Audience
    recall: str
    citation: Citation
    items: tuple[Item, ...]
    notes: tuple[str, ...] = ()

    @property
    def answer_keys(self) -> tuple[str, ...]:
        """The top-level keys an answers mapping may contain, in form order."""
        return tuple(dict.fromkeys(item.key for item in self.items))

    def validate(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Return the normalised answers. Raises :class:`ValidationError` naming the bad item."""
        raise NotImplementedError

    def score(self, answers: Mapping[str, Any]) -> Result:
        """Validate ``answers`` and return the scored result. Raises :class:`ValidationError`."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """Return the instrument's description (not its answers) as a JSON-ready dict."""
        return {
            "code": self.code,
            "title": self.title,
            "version": self.version,
            "audience": self.audience,
            "recall": self.recall,
            "citation": self.citation.to_dict(),
            "items": [item.to_dict() for item in self.items],
            "notes": list(self.notes),
        }


# --- answer checks (shared by every instrument) -------------------------------------------------


def check_keys(answers: Any, known: Iterable[str], *, code: str) -> Mapping[str, Any]:
    """Return ``answers`` when it is a mapping whose keys are all in ``known``.

    Raises:
        ValidationError: not a mapping (field ``answers``) or an unknown key (field = that key).
    """
    if not isinstance(answers, Mapping):
        raise ValidationError("answers", f"must be an object of item answers, not {type(answers).__name__}")
    known_keys = tuple(known)
    for key in answers:
        if key not in known_keys:
            raise ValidationError(str(key), f"is not an item of {code} (known: {', '.join(known_keys)})")
    return answers


def get_required(answers: Mapping[str, Any], key: str) -> Any:
    """Return ``answers[key]``; a missing or null value is an error naming ``key``."""
    value = answers.get(key)
    if value is None:
        raise ValidationError(key, "is required")
    return value


def as_bool(field: str, value: Any) -> bool:
    """Return ``value`` when it is a real boolean (JSON true/false); anything else is an error."""
    if type(value) is not bool:
        raise ValidationError(field, f"{value!r} is not true or false")
    return value


def as_whole(field: str, value: Any, low: int, high: int) -> int:
    """Return ``value`` as an int when it is a whole number from ``low`` to ``high`` (inclusive).

    Raises:
        ValidationError: not a number (booleans and strings included) or not whole.
        OutOfRangeError: outside ``low``–``high``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(field, f"{value!r} is not a whole number")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise ValidationError(field, f"{value!r} is not a whole number")
    if not low <= value <= high:
        raise OutOfRangeError(field, value, low, high)
    return int(value)


def as_list(field: str, value: Any, *, length: int | None = None, hint: str = "") -> Sequence[Any]:
    """Return ``value`` when it is a JSON array (list or tuple), optionally of exactly ``length`` entries.

    Raises:
        ValidationError: not a list, or the wrong length (``hint`` is appended to the message).
    """
    if not isinstance(value, (list, tuple)):
        raise ValidationError(field, f"must be a list, not {type(value).__name__}")
    if length is not None and len(value) != length:
        raise ValidationError(field, f"needs exactly {length} entries{hint}; got {len(value)}")
    return value
