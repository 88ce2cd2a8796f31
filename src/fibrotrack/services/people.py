"""People: each diary belongs to a person, created on first use."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

from ..diary.when import zone
from ..errors import ValidationError
from ..storage import Database, Person, Repository

MAX_NAME_CHARS = 80


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


# Every service reads the clock through utc_now(); tests replace _now to move time day by day.
_now = _system_now


def utc_now() -> datetime:
    """Return the current instant, timezone-aware in UTC."""
    return _now()


def check_person_name(name: str) -> str:
    """Return the name stripped.

    Raises:
        ValidationError: empty, longer than 80 characters, or containing a control character (field ``person``).
    """
    clean = (name or "").strip()
    if not clean:
        raise ValidationError("person", "must not be empty")
    if any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in clean):
        # A name is shown in pages, PDFs and terminals; control characters there hide or garble text.
        raise ValidationError("person", "must not contain control characters")
    if len(clean) > MAX_NAME_CHARS:
        raise ValidationError("person", f"is longer than {MAX_NAME_CHARS} characters")
    return clean


def resolve_person(repo: Repository, name: str, *, time_zone: str, now: datetime, create: bool = True) -> Person:
    """Return the person called ``name``, creating them (with ``time_zone``) when ``create`` is true.

    Raises:
        ValidationError: a bad name, or no such person and ``create`` is false.
    """
    clean = check_person_name(name)
    person = repo.person_by_name(clean)
    if person is not None:
        return person
    if not create:
        raise ValidationError("person", f"no person called {clean!r}")
    zone(time_zone)
    return repo.add_person(name=clean, time_zone=time_zone, now=now)


def list_people(db: Database) -> list[Person]:
    """Return everyone with a diary in this database."""
    with db.unit_of_work() as repo:
        return repo.list_people()


def get_person(db: Database, name: str) -> Person:
    """Return the person called ``name`` (created on first use with the database's default time zone)."""
    with db.unit_of_work() as repo:
        return resolve_person(repo, name, time_zone=db.default_time_zone, now=utc_now())
