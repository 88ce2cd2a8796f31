"""Observations: one measured thing at one time, validated against the catalog before storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..catalog import Trackable, canonical_code, resolve_trackable, servings_to_mg
from ..errors import ValidationError

MAX_NOTE_CHARS = 4000
SOURCE_MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Observation:
    """A stored observation as the services hand it out (``at`` aware UTC; ``local_date`` the person's day)."""

    id: int
    at: datetime
    local_date: date
    trackable: str
    value: float
    unit: str
    body_site: str | None
    detail: Mapping[str, Any]
    note: str | None
    source: str
    source_id: str
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (instants and dates in ISO 8601)."""
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "local_date": self.local_date.isoformat(),
            "trackable": self.trackable,
            "value": self.value,
            "unit": self.unit,
            "body_site": self.body_site,
            "detail": dict(self.detail),
            "note": self.note,
            "source": self.source,
            "source_id": self.source_id,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }

    @property
    def on(self) -> date:
        """The local date (the name analysis code expects)."""
        return self.local_date


@dataclass(frozen=True, slots=True)
class Entry:
    """A validated observation ready to store: canonical trackable, value in range, checked site and detail."""

    trackable: str
    value: float
    unit: str
    body_site: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    note: str | None = None


def check_note(note: str | None) -> str | None:
    """Return the note stripped (None when empty).

    Raises:
        ValidationError: longer than 4,000 characters.
    """
    if note is None:
        return None
    note = str(note).strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError("note", f"is {len(note)} characters; the limit is {MAX_NOTE_CHARS}")
    return note or None


def prepare_entry(
    trackable: str,
    value: Any,
    *,
    custom: Mapping[str, Trackable] | None = None,
    body_site: str | None = None,
    detail: Mapping[str, Any] | None = None,
    note: str | None = None,
    serving: str | None = None,
) -> Entry:
    """Return a validated :class:`Entry`.

    ``serving`` (caffeine only) reads ``value`` as a number of servings and converts it to mg, keeping
    the servings in the detail.

    Raises:
        UnknownTrackableError: unknown trackable.
        ValidationError: value not a number or out of range, a bad body site or detail, a serving on a
            trackable other than caffeine, a note that is too long.
    """
    spec = resolve_trackable(trackable, custom)
    detail = dict(detail or {})
    if serving is not None:
        if spec.code != "caffeine_mg":
            raise ValidationError("serving", f"servings apply to caffeine only, not {canonical_code(trackable)}")
        try:
            count = float(value)
        except (TypeError, ValueError):
            raise ValidationError("value", f"{value!r} is not a number of servings") from None
        value = servings_to_mg(serving, count)
        detail.update({"serving": serving, "servings": count})
    return Entry(
        trackable=spec.code,
        value=spec.check_value(value),
        unit=spec.unit,
        body_site=spec.check_site(body_site),
        detail=spec.check_detail(detail),
        note=check_note(note),
    )


def parse_detail_pairs(pairs: list[str] | None) -> dict[str, Any]:
    """Return a dict from ``KEY=VALUE`` strings; numbers become int/float, ``true``/``false`` booleans.

    Raises:
        ValidationError: a pair without ``=`` or with an empty key (field ``detail``).
    """
    detail: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValidationError("detail", f"{pair!r} is not KEY=VALUE")
        detail[key] = _scalar(raw.strip())
    return detail


def _scalar(raw: str) -> Any:
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            continue
    return raw
