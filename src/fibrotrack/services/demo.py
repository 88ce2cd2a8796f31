"""`fibrotrack demo`: fill a diary with realistic simulated data so every feature has something to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from ..diary import prepare_entry, zone
from ..errors import ValidationError
from ..storage import Database
from .people import resolve_person, utc_now

MAX_DEMO_DAYS = 3 * 365
# Morning entries (sleep) are logged at 08:00 local, the rest at 20:00: a plausible evening check-in.
_MORNING = {"sleep_hours", "sleep_quality"}


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What the demo wrote."""

    person: str
    days: int
    seed: int
    scenario: str
    observations_added: int
    treatments_added: int
    truth: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"person": self.person, "days": self.days, "seed": self.seed, "scenario": self.scenario,
                "observations_added": self.observations_added, "treatments_added": self.treatments_added,
                "truth": self.truth}


def fill_demo(db: Database, *, person: str, days: int = 180, seed: int = 1, scenario: str = "demo",
              end_on: date | None = None, now: datetime | None = None) -> DemoSummary:
    """Simulate ``days`` of diary ending ``end_on`` (default yesterday) and store it; return a summary.

    Re-running with the same seed adds nothing twice (rows are keyed by seed and position).

    Raises:
        ValidationError: days outside 1–1095 or an unknown scenario.
    """
    if not 1 <= days <= MAX_DEMO_DAYS:
        raise ValidationError("days", f"{days} is outside 1–{MAX_DEMO_DAYS}")
    # Imported here: NumPy is heavy, and most commands never need the simulator.
    from ..analysis.simulate import simulate_person

    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        tz = zone(who.time_zone)
        last = end_on or (now.astimezone(tz).date() - timedelta(days=1))
        start = last - timedelta(days=days - 1)
        try:
            diary = simulate_person(days=days, seed=seed, start_on=start, scenario=scenario)
        except ValueError as exc:
            raise ValidationError("scenario", str(exc)) from None
        rows = []
        for index, record in enumerate(diary.records):
            entry = prepare_entry(record.trackable, record.value, body_site=record.body_site,
                                  detail=dict(record.detail or {}))
            clock = time(8, 0) if record.trackable in _MORNING else time(20, 0)
            at = datetime.combine(record.on, clock, tz)
            rows.append({"at": at, "local_date": record.on, "trackable": entry.trackable, "value": entry.value,
                         "unit": entry.unit, "body_site": entry.body_site, "detail": dict(entry.detail),
                         "note": None, "source": "demo", "source_id": f"demo:{scenario}:{seed}:{start}:{index}"})
        existing = repo.existing_source_ids(who.id, (r["source_id"] for r in rows))
        added = repo.add_observations_bulk(person_id=who.id, rows=[r for r in rows if r["source_id"] not in existing],
                                           now=now)
        treatments_added = 0
        have = {(t.name.lower(), t.started_on) for t in repo.list_treatments(who.id)}
        for treatment in diary.truth.treatments:
            name = treatment.trackable.removeprefix("med:").replace("_", " ")
            if (name.lower(), treatment.started_on) in have:
                continue
            repo.add_treatment(person_id=who.id, now=now, values={
                "name": name, "kind": "supplement", "dose": None, "started_on": treatment.started_on,
                "stopped_on": None, "reason": "demo data"})
            treatments_added += 1
    return DemoSummary(who.name, days, seed, scenario, added, treatments_added, diary.truth.to_dict())
