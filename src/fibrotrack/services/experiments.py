"""Self-experiments as a use case: create (with a power preview), follow day by day, record adherence,
pause, extend, stop, and report.

The design and analysis are pure (:mod:`fibrotrack.analysis.experiments`); this module stores them. The
experiment row keeps every saved version of the design (so the report can say when the design changed
after the first day), the adherence answers and pauses, and the status. Results are always computed
from the diary, never stored as truth.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..analysis.experiments import (
    DesignRevision,
    ExperimentDesign,
    ExperimentReport,
    PowerPreview,
    analyze_experiment,
    assignment_on,
    design_experiment,
    extend,
    power_preview,
)
from ..diary import local_date, parse_date
from ..errors import ConflictError, ValidationError
from ..storage import Database, Repository, StoredRecord
from .people import resolve_person, utc_now

ACTIVE = ("running", "paused")
PREVIEW_SIMULATIONS = 400


@dataclass(frozen=True, slots=True)
class Experiment:
    """A stored experiment: its id, status, current design, adherence answers and pauses."""

    id: int
    status: str
    design: ExperimentDesign
    history: tuple[DesignRevision, ...]
    adherence: Mapping[date, bool]
    paused_days: tuple[date, ...]
    stopped_on: date | None

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"id", "status", "design", "adherence", "paused_days", "stopped_on"}``."""
        return {"id": self.id, "status": self.status, "design": self.design.to_dict(),
                "adherence": {d.isoformat(): v for d, v in sorted(self.adherence.items())},
                "paused_days": [d.isoformat() for d in self.paused_days],
                "stopped_on": self.stopped_on.isoformat() if self.stopped_on else None}


def _load(record: StoredRecord) -> Experiment:
    data = record.data
    history = tuple(DesignRevision.from_dict(r) for r in data["design"]["revisions"])
    schedule = data["schedule"]
    return Experiment(
        id=record.id, status=record.kind, design=history[-1].design, history=history,
        adherence={date.fromisoformat(k): bool(v) for k, v in schedule.get("adherence", {}).items()},
        paused_days=tuple(date.fromisoformat(d) for d in schedule.get("paused_days", [])),
        stopped_on=date.fromisoformat(schedule["stopped_on"]) if schedule.get("stopped_on") else None)


def _status(experiment: Experiment, today: date) -> str:
    if experiment.status in ACTIVE and today > experiment.design.end_on:
        return "finished"
    return experiment.status


@dataclass(frozen=True, slots=True)
class NewExperiment:
    """A created (or previewed) experiment with its power preview."""

    experiment: Experiment | None
    design: ExperimentDesign
    preview: PowerPreview

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"id", "design", "power_preview"}`` (``id`` None for a dry run)."""
        return {"id": self.experiment.id if self.experiment else None, "design": self.design.to_dict(),
                "power_preview": self.preview.to_dict()}


def new_experiment(db: Database, *, person: str, exposure: str, outcome: str, period_days: int | None = None,
                   pairs: int = 4, washout_days: int | None = None, seed: int | None = None,
                   start_on: date | str | None = None, medicine_kind: str | None = None, dry_run: bool = False,
                   now: datetime | None = None) -> NewExperiment:
    """Design a randomized block-pair experiment, preview its power, and (unless ``dry_run``) store it.

    The seed is drawn at random when not given, and stored, so the calendar can always be rebuilt.

    Raises:
        ValidationError: an impossible design (the message says what would work).
        ConflictError: another experiment on the same outcome is running or paused.
    """
    now = now or utc_now()
    seed = secrets.randbelow(2**31) if seed is None else seed
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        start = parse_date(start_on, field="start_on") if isinstance(start_on, str) else (start_on or today)
        design = design_experiment(exposure=exposure, outcome=outcome, period_days=period_days,
                                   washout_days=washout_days, pairs=pairs, seed=seed, start_on=start, today=today,
                                   medicine_kind=medicine_kind)
        preview = power_preview(design, n_sims=PREVIEW_SIMULATIONS, seed=seed)
        if dry_run:
            return NewExperiment(None, design, preview)
        for other in map(_load, repo.list_experiments(who.id)):
            if _status(other, today) in ACTIVE and other.design.outcome == design.outcome:
                raise ConflictError(f"experiment {other.id} on {design.outcome} is still running: stop it first "
                                    f"(fibrotrack experiment stop {other.id}) — two at once would confound each other")
        revision = DesignRevision(today, design)
        record = repo.add_experiment(
            person_id=who.id, question={"exposure": design.exposure, "outcome": design.outcome},
            design={"revisions": [revision.to_dict()]}, schedule={"adherence": {}, "paused_days": []},
            status="running", now=now)
    return NewExperiment(_load(record), design, preview)


def _get(repo: Repository, person_id: int, experiment_id: int) -> Experiment:
    return _load(repo.get_experiment(person_id, experiment_id))


def _save_schedule(repo: Repository, person_id: int, experiment: Experiment, *, now: datetime,
                   status: str | None = None, adherence: Mapping[date, bool] | None = None,
                   paused_days: tuple[date, ...] | None = None, stopped_on: date | None = None) -> Experiment:
    adherence = experiment.adherence if adherence is None else adherence
    paused = experiment.paused_days if paused_days is None else paused_days
    stop = stopped_on or experiment.stopped_on
    schedule = {"adherence": {d.isoformat(): v for d, v in sorted(adherence.items())},
                "paused_days": [d.isoformat() for d in sorted(set(paused))],
                "stopped_on": stop.isoformat() if stop else None}
    return _load(repo.update_experiment(person_id, experiment.id, now=now, status=status, schedule=schedule))


def list_experiments(db: Database, *, person: str, now: datetime | None = None) -> list[Experiment]:
    """Return the person's experiments (status ``finished`` once the calendar has ended)."""
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        found = [_load(r) for r in repo.list_experiments(who.id)]
    return [Experiment(e.id, _status(e, today), e.design, e.history, e.adherence, e.paused_days, e.stopped_on)
            for e in found]


def today_assignments(db: Database, *, person: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """Return today's assignment for each running or paused experiment (with its id and adherence so far)."""
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        experiments = [_load(r) for r in repo.list_experiments(who.id)]
    out = []
    for experiment in experiments:
        status = _status(experiment, today)
        if status not in ACTIVE:
            continue
        assignment = assignment_on(experiment.design, today).to_dict()
        if status == "paused":
            assignment["instruction"] = "Paused: no assignment today (resume with `fibrotrack experiment resume`)."
        out.append({"experiment_id": experiment.id, "exposure": experiment.design.exposure,
                    "outcome": experiment.design.outcome, "status": status,
                    "followed_today": experiment.adherence.get(today), **assignment})
    return out


def record_adherence(db: Database, *, person: str, experiment_id: int, followed: bool, on: date | str | None = None,
                     now: datetime | None = None) -> Experiment:
    """Record whether the person followed the assignment on ``on`` (default today).

    Raises:
        NotFoundError: no such experiment.
        ValidationError: a day outside the calendar or in the future.
    """
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        day = parse_date(on, field="on") if isinstance(on, str) else (on or today)
        experiment = _get(repo, who.id, experiment_id)
        if day > today:
            raise ValidationError("on", f"{day} is in the future")
        if not experiment.design.start_on <= day <= experiment.design.end_on:
            raise ValidationError("on", f"{day} is outside the experiment ({experiment.design.start_on} to "
                                        f"{experiment.design.end_on})")
        return _save_schedule(repo, who.id, experiment, now=now, adherence={**experiment.adherence, day: followed})


def change_status(db: Database, *, person: str, experiment_id: int, action: str,
                  now: datetime | None = None) -> Experiment:
    """Pause, resume or stop an experiment (``action`` is ``pause``, ``resume`` or ``stop``).

    Paused days count as not followed in the report (reported, never silently dropped); a stop before
    the planned end is reported as stopped early.

    Raises:
        NotFoundError: no such experiment.
        ValidationError: an unknown action, or one that does not apply in the current status.
    """
    if action not in ("pause", "resume", "stop"):
        raise ValidationError("action", f"{action!r} is not pause, resume or stop")
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        experiment = _get(repo, who.id, experiment_id)
        status = _status(experiment, today)
        if status not in ACTIVE:
            raise ValidationError("action", f"experiment {experiment_id} is {status}; nothing to {action}")
        if action == "pause":
            if status == "paused":
                raise ValidationError("action", "already paused")
            return _save_schedule(repo, who.id, experiment, now=now, status="paused",
                                  paused_days=experiment.paused_days + (today,))
        if action == "resume":
            if status != "paused":
                raise ValidationError("action", "not paused")
            last = max(experiment.paused_days)
            gap = tuple(last + timedelta(days=i) for i in range(1, (today - last).days))
            adherence = {**{d: False for d in gap + (last,)}, **experiment.adherence}
            return _save_schedule(repo, who.id, experiment, now=now, status="running",
                                  paused_days=experiment.paused_days + gap, adherence=adherence)
        return _save_schedule(repo, who.id, experiment, now=now, status="stopped", stopped_on=today)


def extend_experiment(db: Database, *, person: str, experiment_id: int, pairs: int = 1,
                      now: datetime | None = None) -> Experiment:
    """Add whole pairs to a running experiment (the existing calendar never changes; the report says so).

    Raises:
        NotFoundError: no such experiment.
        ValidationError: not running, or a bad number of pairs.
    """
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        experiment = _get(repo, who.id, experiment_id)
        if _status(experiment, today) not in ACTIVE:
            raise ValidationError("experiment", f"experiment {experiment_id} is not running")
        longer = extend(experiment.design, pairs=pairs)
        revisions = [r.to_dict() for r in experiment.history] + [DesignRevision(today, longer).to_dict()]
        return _load(repo.update_experiment(who.id, experiment_id, now=now, design={"revisions": revisions}))


def report(db: Database, *, person: str, experiment_id: int, meaningful_change: float = 1.0,
           now: datetime | None = None) -> ExperimentReport:
    """Analyse the experiment on the diary as it is now (computed, never stored).

    Raises:
        NotFoundError: no such experiment.
        ValidationError: a non-positive meaningful change.
    """
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        experiment = _get(repo, who.id, experiment_id)
        design = experiment.design
        observations = repo.list_observations(who.id, since=design.start_on, until=min(today, design.end_on),
                                              trackables=[design.outcome])
    return analyze_experiment(design, observations, adherence=experiment.adherence,
                              meaningful_change=meaningful_change, today=today, stopped_on=experiment.stopped_on,
                              design_history=experiment.history)
