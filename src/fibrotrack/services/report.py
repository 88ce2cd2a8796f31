"""The clinician report as a use case: gather what the person's diary shows for a period and render the PDF.

Every number comes from the same services the CLI and web show (assessments, triage events, treatment
effects, insights, experiments), so the report never disagrees with the app.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..analysis import TreatmentEffect
from ..catalog import builtin_trackable
from ..diary import local_date, parse_date
from ..errors import ValidationError
from ..knowledge import eular_recommendation
from ..report import (
    AssessmentPoint,
    RedFlag,
    ReportData,
    ReportPerson,
    ReportTreatment,
    daily_series,
    days_logged,
    render_pdf,
    site_counts,
)
from ..storage import Database
from . import experiments as experiment_service
from . import insights as insights_service
from .people import resolve_person, utc_now

DEFAULT_PERIOD_DAYS = 90
RED_FLAG_LEVELS = ("emergency", "urgent", "routine")


def _dates(period_from: date | str | None, period_to: date | str | None, today: date) -> tuple[date, date]:
    end = parse_date(period_to, field="--to") if isinstance(period_to, str) else (period_to or today)
    start = parse_date(period_from, field="--from") if isinstance(period_from, str) else (
        period_from or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1))
    if start > end:
        raise ValidationError("--from", f"{start} is after --to {end}")
    if (end - start).days > 3 * 366:
        raise ValidationError("--from", "the period is longer than three years; pick a shorter one")
    return start, end


def report_data(db: Database, *, person: str, period_from: date | str | None = None,
                period_to: date | str | None = None, now: datetime | None = None) -> ReportData:
    """Return everything the clinician report shows for the period (default: the last 90 days).

    Raises:
        ValidationError: bad dates, or ``--from`` after ``--to``.
    """
    # Whole seconds: the PDF's creation timestamp cannot carry microseconds.
    now = (now or utc_now()).replace(microsecond=0)
    with db.unit_of_work() as repo:
        who = resolve_person(repo, person, time_zone=db.default_time_zone, now=now)
        start, end = _dates(period_from, period_to, local_date(now, who.time_zone))
        observations = repo.list_observations(who.id, since=start, until=end)
        assessments = [a for a in repo.list_assessments(who.id) if local_date(a.at, who.time_zone) <= end]
        events = [e for e in repo.list_triage_events(who.id)
                  if start <= local_date(e.at, who.time_zone) <= end and e.kind in RED_FLAG_LEVELS]
        treatments = [t for t in repo.list_treatments(who.id)
                      if t.started_on <= end and (t.stopped_on is None or t.stopped_on >= start)]
    report_treatments = []
    for treatment in treatments:
        effects = tuple(_effect_row(e) for e in insights_service.treatment_effects(db, person=person,
                                                                                  name=str(treatment.id), now=now)
                        if e.enough_data)
        eular = eular_recommendation(treatment.name)
        report_treatments.append(ReportTreatment(
            treatment.name, treatment.kind, treatment.started_on, treatment.stopped_on, treatment.dose,
            f"EULAR 2016: {eular.strength}" + ("" if eular.verified else " (unverified)") if eular else None,
            effects))
    insights = insights_service.insights(db, person=person, now=now).to_dict()
    triggers = [{**t, "ci": [t["ci_low"], t["ci_high"]]} for t in insights["triggers"]]
    experiments = [{"exposure": e.design.exposure, "outcome": e.design.outcome, "status": e.status,
                    "verdict": experiment_service.report(db, person=person, experiment_id=e.id, now=now).verdict.text}
                   for e in experiment_service.list_experiments(db, person=person, now=now)]
    return ReportData(
        person=ReportPerson(who.name, who.birth_year, who.sex), period_from=start, period_to=end,
        days_logged=days_logged(observations, period_from=start, period_to=end), generated_at=now,
        series=daily_series(observations, period_from=start, period_to=end),
        body_sites=site_counts(observations, period_from=start, period_to=end),
        assessments=tuple(AssessmentPoint(a.kind, a.at, a.data["result"]) for a in assessments),
        red_flags=tuple(RedFlag(e.at, e.kind, tuple(e.data["rules"].get("rules", []))) for e in events),
        treatments=tuple(report_treatments), triggers=tuple(triggers),
        experiments=tuple(experiments))


def _effect_row(effect: TreatmentEffect) -> dict[str, Any]:
    """One line per symptom for the report: the level change with its interval and the chance it helps."""
    label = (builtin_trackable(effect.symptom).label if builtin_trackable(effect.symptom) else effect.symptom)
    chance = (f": {effect.p_improvement:.0%} chance of improving by at least {effect.meaningful_change:g} point"
              if effect.p_improvement is not None else "")
    return {"symptom": effect.symptom, "change": effect.level_change, "ci": [effect.ci_low, effect.ci_high],
            "sentence": f"{label}{chance}", "warnings": list(effect.warnings)}


def write_report(db: Database, *, person: str, out: Path, period_from: date | str | None = None,
                 period_to: date | str | None = None) -> ReportData:
    """Render the clinician report PDF to ``out`` (written atomically) and return the data it shows.

    Raises:
        ValidationError: bad dates, or ``out`` cannot be written (field ``--out``).
    """
    data = report_data(db, person=person, period_from=period_from, period_to=period_to)
    pdf = render_pdf(data)
    tmp = out.with_name(out.name + ".partial")
    try:
        tmp.write_bytes(pdf)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ValidationError("--out", f"cannot write {out}: {exc.strerror}") from None
    return data


def report_pdf(db: Database, *, person: str, period_from: date | str | None = None,
               period_to: date | str | None = None) -> bytes:
    """Return the clinician report PDF bytes (for the web download and the FHIR DocumentReference)."""
    return render_pdf(report_data(db, person=person, period_from=period_from, period_to=period_to))
