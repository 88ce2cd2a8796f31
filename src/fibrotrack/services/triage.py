"""Red-flag triage as a use case: build the case from a check-in, evaluate it, store the triage event.

Every check-in and every single log goes through :func:`evaluate_entries` inside the same transaction
that stores the entries, so advice is never computed without being recorded, and vice versa.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..diary import Entry, local_date
from ..errors import ValidationError
from ..storage import Database, Repository, StoredRecord
from ..triage import TriageResult, evaluate, parse_case, review_medications
from ..triage.medications import MedicationReview
from .people import resolve_person, utc_now

# Days without twitching that still count as the same episode when estimating how long it has lasted.
TWITCH_EPISODE_GAP_DAYS = 7
_TRIAGE_TRACKABLES = {"twitching", "weakness"}


@dataclass(frozen=True, slots=True)
class TriageOutcome:
    """A triage result and the id of the stored triage event (None when not stored)."""

    result: TriageResult
    event_id: int | None

    def to_dict(self) -> dict[str, Any]:
        """Return the result's JSON (``urgency``, ``headline``, ``flags``, ``notice``) plus ``event_id``."""
        return {**self.result.to_dict(), "event_id": self.event_id}


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def case_from_entries(entries: Sequence[Entry], *, extra: Mapping[str, Any] | None = None,
                      medications: Sequence[str] = (), twitching_days: int | None = None) -> dict[str, Any]:
    """Return the triage case JSON for a check-in's entries plus the answers to the red-flag questions.

    Twitching and weakness scores are the day's maximum; their body sites and weakness detail (kind,
    onset, side) come from the entries. ``extra`` (signs, progression, duration …) overrides what the
    entries imply. ``medications`` are the person's active medicines and any ``med:`` entries.
    """
    case: dict[str, Any] = {}
    for code in _TRIAGE_TRACKABLES:
        values = [e.value for e in entries if e.trackable == code]
        if values:
            case.setdefault("symptoms", {})[code] = max(values)
    weakness = [e for e in entries if e.trackable == "weakness" and e.value > 0]
    if weakness:
        detail: dict[str, Any] = {}
        for entry in weakness:
            for key in ("kind", "onset", "side"):
                if key in entry.detail:
                    # A sudden onset or true weakness anywhere wins: the cautious reading.
                    if key not in detail or entry.detail[key] in ("sudden", "true_weakness"):
                        detail[key] = entry.detail[key]
        sites = sorted({e.body_site for e in weakness if e.body_site})
        if sites:
            detail["sites"] = sites
        if detail:
            case["weakness"] = detail
    twitching = [e for e in entries if e.trackable == "twitching" and e.value > 0]
    if twitching:
        detail = {}
        sites = sorted({e.body_site for e in twitching if e.body_site})
        if sites:
            detail["sites"] = sites
        if twitching_days is not None:
            detail["duration_days"] = twitching_days
        if detail:
            case["twitching"] = detail
    meds = sorted({m for m in medications if m})
    if meds:
        case["medications"] = meds
    return _merge(case, extra or {})


def case_from_raw_entries(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Return the triage case implied by not-yet-stored check-in entries (invalid entries are ignored here;
    the check-in itself reports them). Used to pick which red-flag questions to ask before saving."""
    from ..diary import prepare_entry

    prepared = []
    for item in entries:
        try:
            prepared.append(prepare_entry(str(item.get("trackable", "")), item.get("value"),
                                          body_site=item.get("site"), detail=item.get("detail")))
        except ValidationError:
            continue
    return case_from_entries(prepared)


def twitching_episode_days(days_with_twitching: Sequence[date], *, today: date) -> int | None:
    """Return how many days the current twitching episode has lasted up to ``today``, or None without one.

    Days with twitching separated by at most 7 days without count as one episode.
    """
    if not days_with_twitching:
        return None
    ordered = sorted(set(days_with_twitching), reverse=True)
    if (today - ordered[0]).days > TWITCH_EPISODE_GAP_DAYS:
        return None
    start = ordered[0]
    for day in ordered[1:]:
        if (start - day).days > TWITCH_EPISODE_GAP_DAYS:
            break
        start = day
    return (today - start).days + 1


def _medications(repo: Repository, person_id: int, entries: Sequence[Entry]) -> list[str]:
    active = [t.name for t in repo.list_treatments(person_id, active_only=True)
              if t.kind in ("medication", "supplement")]
    logged = [e.trackable.removeprefix("med:").replace("_", " ") for e in entries if e.trackable.startswith("med:")]
    return active + logged


def evaluate_entries(repo: Repository, *, person_id: int, time_zone: str, entries: Sequence[Entry],
                     extra: Mapping[str, Any] | None, at: datetime, store: bool = True) -> TriageOutcome:
    """Triage a check-in inside the caller's unit of work and store the triage event.

    Raises:
        ValidationError: ``extra`` is not a valid partial case (field ``triage.<path>``).
    """
    today = local_date(at, time_zone)
    twitch_days = None
    if any(e.trackable == "twitching" and e.value > 0 for e in entries):
        past = repo.list_observations(person_id, since=today - timedelta(days=400), until=today,
                                      trackables=["twitching"])
        twitch_days = twitching_episode_days([o.local_date for o in past if o.value > 0] + [today], today=today)
    if extra is not None and not isinstance(extra, Mapping):
        raise ValidationError("triage", "must be an object (the red-flag answers)")
    case = case_from_entries(entries, extra=extra, medications=_medications(repo, person_id, entries),
                             twitching_days=twitch_days)
    try:
        parsed = parse_case(case)
    except ValidationError as exc:
        raise ValidationError(f"triage.{exc.field}", exc.problem) from None
    result = evaluate(parsed)
    if not store:
        return TriageOutcome(result, None)
    event = repo.add_triage_event(person_id=person_id, at=at, input_summary={"case": parsed.to_dict(),
                                                                              "summary": parsed.summary()},
                                  urgency=result.urgency, rules={"rules": list(result.rule_ids)})
    return TriageOutcome(result, event.id)


def triage_case(db: Database, *, person: str, case: Mapping[str, Any], store: bool = True,
                now: datetime | None = None) -> TriageOutcome:
    """Evaluate a triage case given as JSON (``fibrotrack triage --case``) and store the event.

    Raises:
        ValidationError: an invalid case; the field is named (unknown fields included).
    """
    now = now or utc_now()
    parsed = parse_case(case)
    result = evaluate(parsed)
    if not store:
        return TriageOutcome(result, None)
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        event = repo.add_triage_event(person_id=who.id, at=now, input_summary={"case": parsed.to_dict(),
                                                                                "summary": parsed.summary()},
                                      urgency=result.urgency, rules={"rules": list(result.rule_ids)})
    return TriageOutcome(result, event.id)


def latest_checkin_case(db: Database, *, person: str, now: datetime | None = None) -> dict[str, Any]:
    """Return the triage case implied by the person's latest day of twitching/weakness entries ({} if none)."""
    now = now or utc_now()
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        today = local_date(now, who.time_zone)
        recent = repo.list_observations(who.id, since=today - timedelta(days=30), until=today,
                                        trackables=sorted(_TRIAGE_TRACKABLES))
        if not recent:
            return {}
        last_day = recent[-1].local_date
        entries = [Entry(o.trackable, o.value, o.unit, o.body_site, dict(o.detail)) for o in recent
                   if o.local_date == last_day]
        past = [o.local_date for o in recent if o.trackable == "twitching" and o.value > 0]
        days = twitching_episode_days(past, today=last_day) if past else None
        return case_from_entries(entries, medications=_medications(repo, who.id, entries), twitching_days=days)


def triage_events(db: Database, *, person: str, since: datetime | None = None) -> list[StoredRecord]:
    """Return the person's stored triage events, oldest first."""
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now())
        return repo.list_triage_events(who.id, since=since)


def medication_check(db: Database, *, person: str) -> MedicationReview:
    """Review the person's treatments (medications and supplements, active or not) and logged medicines."""
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=utc_now())
        names = [t.name for t in repo.list_treatments(who.id) if t.kind in ("medication", "supplement")]
        logged = [code for code in repo.distinct_trackables(who.id) if code.startswith("med:")]
    names += sorted(code.removeprefix("med:").replace("_", " ") for code in logged)
    unique = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    return review_medications(unique)
