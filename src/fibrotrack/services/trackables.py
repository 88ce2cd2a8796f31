"""Trackables: the catalog plus each person's own."""

from __future__ import annotations

from ..catalog import BUILTIN, Trackable, custom_trackable
from ..storage import Database, Repository
from .people import resolve_person, utc_now


def custom_map(repo: Repository, person_id: int) -> dict[str, Trackable]:
    """Return the person's own trackables by code."""
    return {
        row["code"]: custom_trackable(row["code"], row["label"], row["unit"], row["low"], row["high"])
        for row in repo.custom_trackables(person_id)
    }


def list_trackables(db: Database, *, person: str) -> list[Trackable]:
    """Return the built-in trackables followed by the person's own."""
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now())
        return list(BUILTIN) + list(custom_map(repo, who.id).values())


def add_trackable(db: Database, *, person: str, code: str, label: str, unit: str, low: float,
                  high: float) -> Trackable:
    """Add one of the person's own trackables and return it.

    Raises:
        ValidationError: a bad code, label or range.
        ConflictError: the person already has a trackable with that code.
    """
    spec = custom_trackable(code, label, unit, low, high)
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now())
        repo.add_custom_trackable(
            person_id=who.id,
            values={"code": spec.code, "label": spec.label, "unit": spec.unit, "low": spec.low, "high": spec.high},
            now=utc_now(),
        )
    return spec
