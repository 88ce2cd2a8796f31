"""Fixtures for the interop tests: the Apple Health export generator and catalog validation of parsed rows."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import pytest

from fibrotrack.catalog import Trackable
from fibrotrack.diary import prepare_entry
from fibrotrack.errors import ValidationError
from fibrotrack.interop.csv_io import ParsedRow


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("apple_export_gen", Path(__file__).with_name("apple_export_gen.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def apple_gen() -> ModuleType:
    """The Apple Health export generator module (``write_export``, ``zip_export``, ``record``)."""
    return _load_generator()


@pytest.fixture
def catalog_errors() -> Callable[[Iterable[ParsedRow], Iterable[Trackable]], list[str]]:
    """Return a checker: the problems the import service's catalog check (``prepare_entry``) finds in rows."""

    def check(rows: Iterable[ParsedRow], trackables: Iterable[Trackable]) -> list[str]:
        custom = {t.code: t for t in trackables}
        problems = []
        for row in rows:
            try:
                entry = prepare_entry(row.trackable, row.value, custom=custom, body_site=row.body_site,
                                      detail=row.detail, note=row.note)
            except ValidationError as exc:
                problems.append(f"line {row.line} {row.trackable}: {exc}")
                continue
            if row.unit and row.unit != entry.unit:
                problems.append(f"line {row.line} {row.trackable}: unit {row.unit!r} is not {entry.unit!r}")
        return problems

    return check


def _sample_export():
    from datetime import date, datetime, timezone
    from zoneinfo import ZoneInfo

    from fibrotrack.catalog import custom_trackable
    from fibrotrack.diary import Observation
    from fibrotrack.instruments import get_instrument
    from fibrotrack.interop.fhir import FhirAssessment, FhirCondition, FhirExport, FhirPerson, FhirTreatment

    created = datetime(2024, 3, 1, 10, 0, tzinfo=timezone.utc)

    def obs(n, trackable, value, unit, site=None, detail=None, note=None, source="manual"):
        at = datetime(2024, 2, n, 7, 30, tzinfo=timezone.utc)
        return Observation(n, at, at.date(), trackable, value, unit, site, detail or {}, note, source,
                           f"{source}-{n}-{trackable}", created, created)

    def scored(code, when, answers):
        instrument = get_instrument(code)
        clean = instrument.validate(answers)
        return FhirAssessment(code, instrument.version, when, clean, instrument.score(clean).to_dict())

    observations = [
        obs(1, "twitching", 4.0, "0-10", "eyelid_left", {"count": 3, "duration_s": 12.5}),
        obs(2, "pain", 6.0, "0-10", "lower_back", note="after gardening"),
        obs(3, "weakness", 3.0, "0-10", detail={"kind": "tiredness", "onset": "gradual", "side": "both"}),
        obs(4, "caffeine_mg", 190.0, "mg", detail={"serving": "coffee", "servings": 2.0}),
        obs(5, "stress", 7.0, "0-10"),
        obs(6, "sleep_hours", 6.5, "h", source="import:apple-health"),
        obs(7, "fd_brain_fog", 3.0, "0-4", detail={"original_name": "Brain fog"}, source="import:flaredown"),
        obs(8, "med:magnesium", 1.0, "dose", detail={"dose": "300 mg"}),
    ]
    when = datetime(2024, 2, 20, 9, 15, tzinfo=timezone.utc)
    assessments = [
        scored("acr2016", when, {"pain_areas": ["neck", "lower_back", "shoulder_girdle_left", "shoulder_girdle_right",
                                                "hip_left", "hip_right", "upper_back"],
                                 "fatigue": 3, "waking_unrefreshed": 2, "cognitive": 2, "headaches": True,
                                 "lower_abdominal_pain": False, "depression": True, "symptoms_3_months": True}),
        scored("fiqr", when, {"function": [5, 7, 6, 8, 7, 4, 6, 3, None], "overall": [6, 5],
                              "symptoms": [7, 8, 6, 7, 5, 6, 5, 7, 4, 6]}),
        scored("first", when, {"answers": [True, False, True, True, False, True]}),
        scored("mrc", when, {"grades": [{"muscle_group": "hip_flexion", "side": "left", "grade": 4},
                                        {"muscle_group": "hip_flexion", "side": "right", "grade": 5}]}),
    ]
    return FhirExport(
        person=FhirPerson("Ann Example", 1980, "female"),
        observations=observations,
        trackables=[custom_trackable("fd_brain_fog", "Brain fog", "0-4", 0, 4)],
        assessments=assessments,
        treatments=[FhirTreatment("Magnesium", "supplement", date(2024, 1, 10), "300 mg"),
                    FhirTreatment("Pregabalin", "medication", date(2023, 6, 1), "75 mg twice daily", date(2023, 9, 1),
                                  "pain"),
                    FhirTreatment("Aerobic exercise", "exercise", date(2024, 1, 1), "3 × 30 min a week")],
        conditions=[FhirCondition("Fibromyalgia", date(2023, 5, 2), "Dr R. Smith, rheumatology", "ACR 2016 met")],
        report_pdf=b"%PDF-1.7\n% not a real report\n",
        tz=ZoneInfo("Europe/Berlin"),
        exported_at=datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc),
    )


@pytest.fixture
def fhir_export():
    """A FhirExport with every kind of content: observations of many trackables, four instruments, treatments of
    each resource kind, a clinician-recorded condition and a PDF."""
    return _sample_export()
