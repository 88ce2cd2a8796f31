"""Report fixtures: a year of simulated diary data turned into ReportData (the simulator is the one definition
of a realistic diary), plus tools to look at a rendered PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from fibrotrack.analysis.simulate import simulate_person
from fibrotrack.catalog import builtin_trackable
from fibrotrack.diary import Observation
from fibrotrack.instruments import get_instrument
from fibrotrack.report import (
    AssessmentPoint,
    RedFlag,
    ReportData,
    ReportPerson,
    ReportTreatment,
    daily_series,
    days_logged,
    site_counts,
)

GENERATED_AT = datetime(2025, 1, 2, 9, 0, tzinfo=timezone.utc)


def simulated_observations(*, days: int, start_on: date, seed: int = 7) -> list[Observation]:
    sim = simulate_person(days=days, seed=seed, start_on=start_on)
    out = []
    for n, record in enumerate(sim.records):
        at = datetime.combine(record.on, datetime.min.time(), timezone.utc) + timedelta(hours=19)
        spec = builtin_trackable(record.trackable)
        out.append(Observation(n, at, record.on, record.trackable, record.value, spec.unit if spec else "",
                               record.body_site, dict(record.detail or {}), None, "manual", f"sim-{n}", at, at))
    return out


def _assessments(start_on: date, days: int) -> tuple[AssessmentPoint, ...]:
    acr, fiqr = get_instrument("acr2016"), get_instrument("fiqr")
    areas = ["neck", "lower_back", "upper_back", "shoulder_girdle_left", "shoulder_girdle_right", "hip_left",
             "hip_right", "upper_leg_left", "lower_leg_right", "upper_arm_left"]
    points = []
    for k, offset in enumerate(range(0, days, 42)):
        at = datetime.combine(start_on + timedelta(days=offset), datetime.min.time(), timezone.utc) + timedelta(hours=9)
        answers = {"pain_areas": areas[: max(3, 10 - k)], "fatigue": 3 if k < 3 else 2, "waking_unrefreshed": 2,
                   "cognitive": 2 if k < 5 else 1, "headaches": True, "lower_abdominal_pain": k < 2,
                   "depression": k < 4, "symptoms_3_months": True}
        points.append(AssessmentPoint("acr2016", at, acr.score(answers).to_dict()))
        level = max(0, 7 - k // 2)
        points.append(AssessmentPoint("fiqr", at + timedelta(minutes=4), fiqr.score(
            {"function": [level] * 9, "overall": [level, max(0, level - 1)], "symptoms": [level + 1] * 10}).to_dict()))
    return tuple(points)


def year_report(*, days: int = 366, start_on: date = date(2024, 1, 1)) -> ReportData:
    """A year of data with every section filled: scores, red flags, treatments, triggers, an experiment."""
    end = start_on + timedelta(days=days - 1)
    observations = simulated_observations(days=days, start_on=start_on)
    treatments = (
        ReportTreatment("Aerobic exercise", "exercise", start_on + timedelta(days=30), start_on + timedelta(days=120),
                        "3 × 30 min a week", "Strong for (EULAR 2016, Ia A)",
                        ({"name": "pain", "change": -0.3, "ci": [-0.8, 0.2],
                          "sentence": "Pain was 0.3 points lower; the interval includes no change."},)),
        ReportTreatment("Magnesium", "supplement", start_on + timedelta(days=days // 2), None, "300 mg", None,
                        ({"name": "twitching", "change": -0.9, "ci": [-1.4, -0.4],
                          "sentence": "Twitching was 0.9 points lower after starting magnesium."},)),
        ReportTreatment("Pregabalin", "medication", start_on + timedelta(days=200), None, "75 mg twice daily",
                        "Weak for (EULAR 2016, Ia A)"),
    )
    return ReportData(
        person=ReportPerson("Ann Example", 1980, "female"), period_from=start_on, period_to=end,
        days_logged=days_logged(observations, period_from=start_on, period_to=end), generated_at=GENERATED_AT,
        series=daily_series(observations, period_from=start_on, period_to=end),
        body_sites=site_counts(observations, period_from=start_on, period_to=end),
        assessments=_assessments(start_on, days),
        red_flags=(RedFlag(datetime(2024, 3, 4, 9, tzinfo=timezone.utc), "urgent", ("weakness_sudden_one_side",)),
                   RedFlag(datetime(2024, 8, 19, 21, tzinfo=timezone.utc), "routine",
                           ("Twitching with weakness for several weeks",))),
        treatments=treatments,
        triggers=(
            {"sentence": "On days with 100 mg more caffeine, twitching was 0.5 points higher.", "effect": 0.5,
             "ci": [0.2, 0.8], "label": "suspected"},
            {"sentence": "After a night with 1 hour less sleep, fatigue was 0.8 points higher.", "effect": 0.8,
             "ci": [0.5, 1.1], "label": "suspected"},
        ),
        experiments=({"verdict": "Caffeine on/off, 6 weeks: twitching 0.6 points higher in caffeine periods "
                                 "(95% CI 0.1 to 1.1)."},),
    )


@pytest.fixture(scope="session")
def report_data() -> ReportData:
    return year_report()


def pdf_pages_as_pgm(pdf: bytes, tmp_path: Path, *, dpi: int = 40) -> list[tuple[int, int, bytes]]:
    """Render each page to greyscale with pdftoppm (poppler) and return (width, height, pixels) per page."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(source), str(tmp_path / "page")], check=True,
                   timeout=60)
    pages = []
    for path in sorted(tmp_path.glob("page-*.pgm")):
        data = path.read_bytes()
        magic, size, _, pixels = data.split(b"\n", 3)  # pdftoppm writes "P5\n<w> <h>\n255\n" then the pixels
        width, height = (int(n) for n in size.split())
        assert magic == b"P5" and len(pixels) == width * height
        pages.append((width, height, pixels))
    return pages


@pytest.fixture
def rasterise():
    """Return ``pdf_pages_as_pgm``; skips the test when poppler's pdftoppm is not installed."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: apt-get install -y poppler-utils")
    return pdf_pages_as_pgm
