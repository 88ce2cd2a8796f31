"""Reading and writing rows inside one session. Returns core dataclasses, never ORM rows.

The repository never commits: the unit of work around it does (see :mod:`.database`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..diary.observation import Observation
from ..errors import ConflictError, NotFoundError
from .tables import (
    AssessmentRow,
    ExperimentRow,
    CustomTrackableRow,
    ObservationRow,
    PersonRow,
    TreatmentRow,
    TriageEventRow,
)


@dataclass(frozen=True, slots=True)
class Person:
    """A person whose diary lives in the database."""

    id: int
    name: str
    time_zone: str
    birth_year: int | None
    sex: str | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"id": self.id, "name": self.name, "time_zone": self.time_zone, "birth_year": self.birth_year,
                "sex": self.sex, "created_at": self.created_at.isoformat()}


@dataclass(frozen=True, slots=True)
class Treatment:
    """A medication, therapy, exercise or lifestyle change with its dates."""

    id: int
    name: str
    kind: str
    dose: str | None
    started_on: date
    stopped_on: date | None
    reason: str | None

    @property
    def active(self) -> bool:
        """True while not stopped."""
        return self.stopped_on is None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"id": self.id, "name": self.name, "kind": self.kind, "dose": self.dose,
                "started_on": self.started_on.isoformat(),
                "stopped_on": self.stopped_on.isoformat() if self.stopped_on else None,
                "reason": self.reason, "active": self.active}


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A stored assessment, triage event or experiment: its id, when, and its JSON payload."""

    id: int
    at: datetime
    kind: str
    data: Mapping[str, Any]


MAX_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL; anything larger cannot exist


def _in_id_range(value: int) -> bool:
    return 1 <= value <= MAX_ID


def _observation(row: ObservationRow) -> Observation:
    return Observation(
        id=row.id, at=row.at, local_date=row.local_date, trackable=row.trackable, value=row.value, unit=row.unit,
        body_site=row.body_site, detail=dict(row.detail or {}), note=row.note, source=row.source,
        source_id=row.source_id, created_at=row.created_at, updated_at=row.updated_at,
    )


def _person(row: PersonRow) -> Person:
    return Person(row.id, row.name, row.time_zone, row.birth_year, row.sex, row.created_at)


def _treatment(row: TreatmentRow) -> Treatment:
    return Treatment(row.id, row.name, row.kind, row.dose, row.started_on, row.stopped_on, row.reason)


class Repository:
    """Row access for one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _apply(self, row: Any, changes: Mapping[str, Any], now: datetime) -> None:
        for key, value in changes.items():
            setattr(row, key, value)
        row.updated_at = now
        self.session.flush()

    # people -------------------------------------------------------------------------------
    def person_by_name(self, name: str) -> Person | None:
        """Return the person called ``name``, or None."""
        row = self.session.scalar(select(PersonRow).where(PersonRow.name == name))
        return _person(row) if row else None

    def add_person(self, *, name: str, time_zone: str, now: datetime) -> Person:
        """Insert a person and return it."""
        row = PersonRow(name=name, time_zone=time_zone, created_at=now, updated_at=now)
        self.session.add(row)
        self.session.flush()
        return _person(row)

    def list_people(self) -> list[Person]:
        """Return every person, by name."""
        return [_person(r) for r in self.session.scalars(select(PersonRow).order_by(PersonRow.name))]

    # observations ---------------------------------------------------------------------------
    def add_observation(self, *, person_id: int, values: Mapping[str, Any], now: datetime) -> Observation:
        """Insert one observation (``values`` holds the column values) and return it."""
        row = ObservationRow(person_id=person_id, created_at=now, updated_at=now, **values)
        self.session.add(row)
        self.session.flush()
        return _observation(row)

    def add_observations_bulk(self, *, person_id: int, rows: Sequence[Mapping[str, Any]], now: datetime) -> int:
        """Insert many observations with one executemany and return how many were inserted."""
        if not rows:
            return 0
        payload = [{**row, "person_id": person_id, "created_at": now, "updated_at": now} for row in rows]
        self.session.execute(insert(ObservationRow), payload)
        return len(payload)

    def existing_source_ids(self, person_id: int, source_ids: Iterable[str]) -> set[str]:
        """Return which of ``source_ids`` the person already has (in any source, deleted or not)."""
        wanted = list(set(source_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found.update(self.session.scalars(
                select(ObservationRow.source_id).where(ObservationRow.person_id == person_id,
                                                       ObservationRow.source_id.in_(chunk))))
        return found

    def _observation_row(self, person_id: int, observation_id: int) -> ObservationRow:
        row = self.session.get(ObservationRow, observation_id) if _in_id_range(observation_id) else None
        if row is None or row.person_id != person_id or row.deleted_at is not None:
            raise NotFoundError("observation", observation_id)
        return row

    def get_observation(self, person_id: int, observation_id: int) -> Observation:
        """Return one live observation.

        Raises:
            NotFoundError: no such observation for this person (or it was deleted).
        """
        return _observation(self._observation_row(person_id, observation_id))

    def update_observation(self, person_id: int, observation_id: int, changes: Mapping[str, Any],
                           *, now: datetime) -> Observation:
        """Apply ``changes`` (column → value) to a live observation and return it.

        Raises:
            NotFoundError: no such observation.
        """
        row = self._observation_row(person_id, observation_id)
        self._apply(row, changes, now)
        return _observation(row)

    def soft_delete_observation(self, person_id: int, observation_id: int, *, now: datetime) -> Observation:
        """Mark an observation deleted and return it as it was.

        Raises:
            NotFoundError: no such live observation.
        """
        row = self._observation_row(person_id, observation_id)
        row.deleted_at = now
        row.updated_at = now
        self.session.flush()
        return _observation(row)

    def list_observations(self, person_id: int, *, since: date | None = None, until: date | None = None,
                          trackables: Sequence[str] | None = None, limit: int | None = None) -> list[Observation]:
        """Return the person's live observations in time order, filtered by local date and trackable."""
        query = select(ObservationRow).where(ObservationRow.person_id == person_id,
                                             ObservationRow.deleted_at.is_(None))
        if since is not None:
            query = query.where(ObservationRow.local_date >= since)
        if until is not None:
            query = query.where(ObservationRow.local_date <= until)
        if trackables:
            query = query.where(ObservationRow.trackable.in_(list(trackables)))
        query = query.order_by(ObservationRow.at, ObservationRow.id)
        if limit is not None:
            query = query.limit(limit)
        return [_observation(r) for r in self.session.scalars(query)]

    def distinct_trackables(self, person_id: int) -> list[str]:
        """Return the codes the person has live observations of, sorted."""
        query = (select(ObservationRow.trackable).where(ObservationRow.person_id == person_id,
                                                         ObservationRow.deleted_at.is_(None))
                 .distinct().order_by(ObservationRow.trackable))
        return list(self.session.scalars(query))

    def count_observations(self, person_id: int | None = None) -> int:
        """Return how many live observations there are (for one person, or everyone)."""
        query = select(func.count()).select_from(ObservationRow).where(ObservationRow.deleted_at.is_(None))
        if person_id is not None:
            query = query.where(ObservationRow.person_id == person_id)
        return int(self.session.scalar(query) or 0)

    # treatments -----------------------------------------------------------------------------
    def add_treatment(self, *, person_id: int, values: Mapping[str, Any], now: datetime) -> Treatment:
        """Insert a treatment and return it."""
        row = TreatmentRow(person_id=person_id, created_at=now, updated_at=now, **values)
        self.session.add(row)
        self.session.flush()
        return _treatment(row)

    def list_treatments(self, person_id: int, *, active_only: bool = False) -> list[Treatment]:
        """Return the person's treatments by start date."""
        query = select(TreatmentRow).where(TreatmentRow.person_id == person_id, TreatmentRow.deleted_at.is_(None))
        if active_only:
            query = query.where(TreatmentRow.stopped_on.is_(None))
        query = query.order_by(TreatmentRow.started_on, TreatmentRow.id)
        return [_treatment(r) for r in self.session.scalars(query)]

    def _treatment_row(self, person_id: int, treatment_id: int) -> TreatmentRow:
        """Return the live treatment row (for an update inside this unit of work).

        Raises:
            NotFoundError: no such treatment.
        """
        row = self.session.get(TreatmentRow, treatment_id) if _in_id_range(treatment_id) else None
        if row is None or row.person_id != person_id or row.deleted_at is not None:
            raise NotFoundError("treatment", treatment_id)
        return row

    def update_treatment(self, person_id: int, treatment_id: int, changes: Mapping[str, Any],
                         *, now: datetime) -> Treatment:
        """Apply ``changes`` to a treatment and return it.

        Raises:
            NotFoundError: no such treatment.
        """
        row = self._treatment_row(person_id, treatment_id)
        self._apply(row, changes, now)
        return _treatment(row)

    # custom trackables ----------------------------------------------------------------------
    def custom_trackables(self, person_id: int) -> list[Mapping[str, Any]]:
        """Return the person's own trackables as dicts (code, label, unit, low, high)."""
        rows = self.session.scalars(select(CustomTrackableRow).where(CustomTrackableRow.person_id == person_id)
                                    .order_by(CustomTrackableRow.code))
        return [{"code": r.code, "label": r.label, "unit": r.unit, "low": r.low, "high": r.high} for r in rows]

    def add_custom_trackable(self, *, person_id: int, values: Mapping[str, Any], now: datetime) -> None:
        """Insert a custom trackable.

        Raises:
            ConflictError: the person already has one with that code.
        """
        exists = self.session.scalar(select(CustomTrackableRow.id).where(
            CustomTrackableRow.person_id == person_id, CustomTrackableRow.code == values["code"]))
        if exists is not None:
            raise ConflictError(f"trackable {values['code']!r} already exists")
        self.session.add(CustomTrackableRow(person_id=person_id, created_at=now, **values))
        self.session.flush()

    # assessments, triage events, experiments -------------------------------------------------
    def add_assessment(self, *, person_id: int, instrument: str, version: str, answered_at: datetime,
                       answers: Mapping[str, Any], result: Mapping[str, Any], now: datetime) -> StoredRecord:
        """Store an assessment and return it."""
        row = AssessmentRow(person_id=person_id, instrument=instrument, version=version, answered_at=answered_at,
                            answers=dict(answers), result=dict(result), created_at=now)
        self.session.add(row)
        self.session.flush()
        return StoredRecord(row.id, row.answered_at, row.instrument,
                            {"version": row.version, "answers": row.answers, "result": row.result})

    def list_assessments(self, person_id: int, *, instrument: str | None = None) -> list[StoredRecord]:
        """Return the person's assessments, oldest first."""
        query = select(AssessmentRow).where(AssessmentRow.person_id == person_id)
        if instrument:
            query = query.where(AssessmentRow.instrument == instrument)
        query = query.order_by(AssessmentRow.answered_at, AssessmentRow.id)
        return [StoredRecord(r.id, r.answered_at, r.instrument,
                             {"version": r.version, "answers": r.answers, "result": r.result})
                for r in self.session.scalars(query)]

    def add_triage_event(self, *, person_id: int, at: datetime, input_summary: Mapping[str, Any], urgency: str,
                         rules: Mapping[str, Any]) -> StoredRecord:
        """Store a triage event and return it."""
        row = TriageEventRow(person_id=person_id, at=at, input_summary=dict(input_summary), urgency=urgency,
                             rules=dict(rules))
        self.session.add(row)
        self.session.flush()
        return StoredRecord(row.id, row.at, row.urgency, {"input": row.input_summary, "rules": row.rules,
                                                          "acknowledged_at": None})

    def list_triage_events(self, person_id: int, *, since: datetime | None = None) -> list[StoredRecord]:
        """Return the person's triage events, oldest first."""
        query = select(TriageEventRow).where(TriageEventRow.person_id == person_id)
        if since is not None:
            query = query.where(TriageEventRow.at >= since)
        query = query.order_by(TriageEventRow.at, TriageEventRow.id)
        return [StoredRecord(r.id, r.at, r.urgency, {
            "input": r.input_summary, "rules": r.rules,
            "acknowledged_at": r.acknowledged_at.isoformat() if r.acknowledged_at else None,
        }) for r in self.session.scalars(query)]

    def acknowledge_triage_event(self, person_id: int, event_id: int, *, now: datetime) -> None:
        """Mark a triage event as seen.

        Raises:
            NotFoundError: no such event.
        """
        row = self.session.get(TriageEventRow, event_id) if _in_id_range(event_id) else None
        if row is None or row.person_id != person_id:
            raise NotFoundError("triage event", event_id)
        row.acknowledged_at = now

    # experiments -----------------------------------------------------------------------------
    def add_experiment(self, *, person_id: int, question: Mapping[str, Any], design: Mapping[str, Any],
                       schedule: Mapping[str, Any], status: str, now: datetime) -> StoredRecord:
        """Store an experiment and return it."""
        row = ExperimentRow(person_id=person_id, question=dict(question), design=dict(design),
                            schedule=dict(schedule), status=status, created_at=now, updated_at=now)
        self.session.add(row)
        self.session.flush()
        return self._experiment(row)

    @staticmethod
    def _experiment(row: ExperimentRow) -> StoredRecord:
        return StoredRecord(row.id, row.created_at, row.status,
                            {"question": row.question, "design": row.design, "schedule": row.schedule})

    def list_experiments(self, person_id: int) -> list[StoredRecord]:
        """Return the person's experiments, oldest first (``kind`` holds the status)."""
        query = select(ExperimentRow).where(ExperimentRow.person_id == person_id).order_by(ExperimentRow.id)
        return [self._experiment(r) for r in self.session.scalars(query)]

    def get_experiment(self, person_id: int, experiment_id: int) -> StoredRecord:
        """Return one experiment.

        Raises:
            NotFoundError: no such experiment for this person.
        """
        row = self.session.get(ExperimentRow, experiment_id) if _in_id_range(experiment_id) else None
        if row is None or row.person_id != person_id:
            raise NotFoundError("experiment", experiment_id)
        return self._experiment(row)

    def update_experiment(self, person_id: int, experiment_id: int, *, now: datetime, status: str | None = None,
                          design: Mapping[str, Any] | None = None,
                          schedule: Mapping[str, Any] | None = None) -> StoredRecord:
        """Replace an experiment's status, design or schedule JSON and return it.

        Raises:
            NotFoundError: no such experiment.
        """
        self.get_experiment(person_id, experiment_id)
        row = self.session.get(ExperimentRow, experiment_id)
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = status
        if design is not None:
            changes["design"] = dict(design)
        if schedule is not None:
            changes["schedule"] = dict(schedule)
        self._apply(row, changes, now)
        return self._experiment(row)
