"""Parsing the times and dates people type, and turning instants into local calendar days.

Pure: the caller passes ``now`` (an aware UTC instant) and the person's IANA time zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ValidationError

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def zone(name: str, *, field: str = "time_zone") -> ZoneInfo:
    """Return the ``ZoneInfo`` for an IANA name.

    Raises:
        ValidationError: unknown time zone.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(field, f"unknown time zone {name!r} (use an IANA name like Europe/London)") from None


def parse_when(text: str | None, *, now: datetime, tz: str, field: str = "at") -> datetime:
    """Return the aware instant a person meant by ``text``.

    Accepts ``now``, ``today`` (now), ``yesterday`` (this time yesterday), ``HH:MM`` (today, local),
    a date ``YYYY-MM-DD`` (12:00 local that day), or an ISO 8601 date-time (local when it has no offset).

    Raises:
        ValidationError: anything else, or a time in the future (more than 5 minutes ahead).
    """
    local_zone = zone(tz)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if text is None or text.strip().lower() in ("", "now", "today"):
        return now
    raw = text.strip()
    lowered = raw.lower()
    local_now = now.astimezone(local_zone)
    if lowered == "yesterday":
        result = now - timedelta(days=1)
    elif match := _CLOCK.match(raw):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValidationError(field, f"{raw!r} is not a valid time of day")
        result = datetime.combine(local_now.date(), time(hour, minute), local_zone)
    else:
        try:
            if len(raw) == 10:
                day = date.fromisoformat(raw)
                result = datetime.combine(day, time(12, 0), local_zone)
            else:
                parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
                result = parsed if parsed.tzinfo else parsed.replace(tzinfo=local_zone)
        except ValueError:
            raise ValidationError(
                field, f"{raw!r} is not a date or time (try 2026-11-24, 2026-11-24T08:30, 08:30 or yesterday)"
            ) from None
    if result - now > timedelta(minutes=5):
        raise ValidationError(field, f"{raw!r} is in the future")
    return result


def parse_date(text: str, *, field: str) -> date:
    """Return the calendar date in ``text`` (``YYYY-MM-DD``).

    Raises:
        ValidationError: not an ISO date.
    """
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValidationError(field, f"{text!r} is not a date (use YYYY-MM-DD)") from None


def local_date(at: datetime, tz: str) -> date:
    """Return the calendar day ``at`` falls on in time zone ``tz``."""
    return at.astimezone(zone(tz)).date()


def to_utc(at: datetime) -> datetime:
    """Return ``at`` as an aware UTC instant (naive values are taken to be UTC already)."""
    if at.tzinfo is None:
        return at.replace(tzinfo=timezone.utc)
    return at.astimezone(timezone.utc)
