"""Apple Health import: every record type, the zip, double counting, progress, and hostile or broken XML."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from fibrotrack.errors import ValidationError
from fibrotrack.interop.apple_health import find_export_member, parse_apple_health

PLUS_ONE = timezone(timedelta(hours=1))


@pytest.fixture
def export_xml(tmp_path, apple_gen):
    return apple_gen.write_export(tmp_path / "export.xml", days=3)


def _day(result, trackable, day):
    rows = [r for r in result.rows if r.trackable == trackable and r.at.date().isoformat() == day]
    assert len(rows) == 1, rows
    return rows[0]


def test_every_record_type_becomes_a_daily_value(export_xml):
    result = parse_apple_health(export_xml)
    day = "2024-01-06"
    # asleep: core 23:20–02:00, deep 02–03, REM 03:30–05, unspecified 05–06 (awake 03–03:30 is not sleep)
    assert _day(result, "sleep_hours", day).value == pytest.approx(2 + 40 / 60 + 1 + 1.5 + 1)
    assert _day(result, "time_in_bed_h", day).value == pytest.approx(8.0)
    assert _day(result, "steps", day).value == 2400.0  # the watch's 4 × 600, not watch + phone
    assert _day(result, "heart_rate_bpm", day).value == pytest.approx((60 + 70 + 80 + 60) / 4)
    assert _day(result, "resting_hr_bpm", day).value == 58.0
    assert _day(result, "hrv_sdnn_ms", day).value == 42.5
    assert _day(result, "exertion_min", day).value == 30.0
    assert _day(result, "caffeine_mg", day).value == 190.0
    assert len(result.rows) == 3 * 8
    assert result.errors == []


def test_units_times_details_and_sources(export_xml):
    result = parse_apple_health(export_xml)
    sleep = _day(result, "sleep_hours", "2024-01-05")
    assert sleep.at == datetime(2024, 1, 5, 6, 0, tzinfo=PLUS_ONE)  # when the last sleep of the night ended
    assert sleep.unit == "h" and sleep.detail == {"original_type": "HKCategoryTypeIdentifierSleepAnalysis",
                                                  "original_records": 4}
    steps = _day(result, "steps", "2024-01-05")
    assert steps.at == datetime(2024, 1, 5, 12, 0, tzinfo=PLUS_ONE)
    assert steps.detail == {"original_type": "HKQuantityTypeIdentifierStepCount", "original_records": 8,
                            "original_source": "Apple Watch"}
    assert {r.unit for r in result.rows if r.trackable == "heart_rate_bpm"} == {"bpm"}
    assert all(r.source == "import:apple-health" for r in result.rows)
    assert steps.source_id == "apple-health:steps:2024-01-05"


def test_user_trackables_mapping_and_skipped_types(export_xml):
    result = parse_apple_health(export_xml)
    assert result.created == ["heart_rate_bpm", "hrv_sdnn_ms", "resting_hr_bpm", "steps", "time_in_bed_h"]
    assert {t.code: t.unit for t in result.trackables_to_create} == {
        "heart_rate_bpm": "bpm", "hrv_sdnn_ms": "ms", "resting_hr_bpm": "bpm", "steps": "steps", "time_in_bed_h": "h"}
    assert result.mapped["HKQuantityTypeIdentifierDietaryCaffeine"] == "caffeine_mg"
    assert result.mapped["HKCategoryTypeIdentifierSleepAnalysis (asleep)"] == "sleep_hours"
    assert [name for name, _ in result.skipped] == ["ActivitySummary", "HKQuantityTypeIdentifierBodyMass"]


def test_rows_pass_the_catalog_check(export_xml, catalog_errors):
    result = parse_apple_health(export_xml)
    assert catalog_errors(result.rows, result.trackables_to_create) == []


def test_reimport_gives_the_same_source_ids(export_xml):
    first = [r.source_id for r in parse_apple_health(export_xml).rows]
    assert len(first) == len(set(first))
    assert first == [r.source_id for r in parse_apple_health(export_xml).rows]


def test_the_health_app_zip_is_read_from_its_export_member(export_xml, tmp_path, apple_gen):
    plain = parse_apple_health(export_xml)
    archive = apple_gen.zip_export(export_xml, tmp_path / "export.zip")
    assert parse_apple_health(archive).rows == plain.rows
    other = apple_gen.zip_export(export_xml, tmp_path / "other.zip", member="Export 2024/export.xml")
    with open(other, "rb") as handle:
        assert parse_apple_health(handle).rows == plain.rows


def test_find_export_member():
    assert find_export_member(["apple_health_export/export_cda.xml", "apple_health_export/export.xml"]) == \
        "apple_health_export/export.xml"
    assert find_export_member(["x/y/export.xml", "z/export.xml"]) == "z/export.xml"
    assert find_export_member(["export_cda.xml", "workout-routes/route.gpx"]) is None


def test_a_zip_without_export_xml_is_refused(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.jpg", b"\xff\xd8")
    with pytest.raises(ValidationError, match="no export.xml"):
        parse_apple_health(path)


def test_progress_reports_bytes_read_up_to_the_total(export_xml, tmp_path, apple_gen):
    calls = []
    parse_apple_health(export_xml, progress=lambda done, total: calls.append((done, total)))
    size = export_xml.stat().st_size
    assert calls[-1] == (size, size)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    big = apple_gen.write_export(tmp_path / "big.xml", days=100, samples=40)
    calls.clear()
    parse_apple_health(apple_gen.zip_export(big, tmp_path / "big.zip"), progress=lambda d, t: calls.append((d, t)))
    assert len(calls) >= 3 and calls[-1] == (big.stat().st_size, big.stat().st_size)


def _xml(records: str) -> io.BytesIO:
    return io.BytesIO(f'<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n{records}'
                      "</HealthData>\n".encode())


def test_overlapping_sleep_from_two_apps_is_counted_once_and_goes_to_the_morning_it_ends(apple_gen):
    night = datetime(2024, 3, 30, 23, 0, tzinfo=PLUS_ONE)
    summer = timezone(timedelta(hours=2))
    records = "".join([
        apple_gen.record("HKCategoryTypeIdentifierSleepAnalysis", night, night + timedelta(hours=4),
                         value="HKCategoryValueSleepAnalysisAsleepCore"),
        apple_gen.record("HKCategoryTypeIdentifierSleepAnalysis", night + timedelta(hours=1),
                         (night + timedelta(hours=7)).astimezone(summer),
                         value="HKCategoryValueSleepAnalysisAsleep", source="AutoSleep"),
    ])
    result = parse_apple_health(_xml(records))
    [row] = result.rows
    assert row.at.date().isoformat() == "2024-03-31" and row.value == pytest.approx(7.0)
    assert row.at.utcoffset() == timedelta(hours=2)


def test_caffeine_units_are_converted_and_unknown_units_rejected(apple_gen):
    at = datetime(2024, 1, 5, 9, 0, tzinfo=PLUS_ONE)
    records = "".join([
        apple_gen.record("HKQuantityTypeIdentifierDietaryCaffeine", at, at, value="0.1", unit="g"),
        apple_gen.record("HKQuantityTypeIdentifierDietaryCaffeine", at, at, value="40", unit="mg"),
        apple_gen.record("HKQuantityTypeIdentifierDietaryCaffeine", at, at, value="3", unit="cups"),
        apple_gen.record("HKQuantityTypeIdentifierStepCount", at, at, value="many", unit="count"),
    ])
    result = parse_apple_health(_xml(records))
    assert [(r.trackable, r.value) for r in result.rows] == [("caffeine_mg", pytest.approx(140.0))]
    assert [(e.line, e.field) for e in result.errors] == [(3, "unit"), (4, "value")]


def test_a_record_with_a_bad_date_is_a_row_error():
    records = ('<Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" '
               'startDate="yesterday" endDate="2024-01-05 10:00:00 +0100" value="5"/>\n')
    result = parse_apple_health(_xml(records))
    assert result.rows == [] and result.errors[0].field == "startDate"


@pytest.mark.parametrize(("document", "expected"), [
    pytest.param(b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                 b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
                 b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
                 b"<HealthData>&lol3;</HealthData>", "billion laughs", id="entity-expansion"),
    pytest.param(b'<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
                 b"<HealthData>&xxe;</HealthData>", "external", id="external-entity"),
])
def test_hostile_xml_is_refused_with_a_clear_error(document, expected):
    with pytest.raises(ValidationError) as caught:
        parse_apple_health(io.BytesIO(document))
    assert caught.value.field == "file"
    assert "refused" in caught.value.problem and expected in caught.value.problem


def test_an_external_dtd_is_never_fetched():
    document = (b'<?xml version="1.0"?>\n<!DOCTYPE HealthData SYSTEM "http://203.0.113.1/evil.dtd">\n'
                b'<HealthData locale="en"></HealthData>')
    assert parse_apple_health(io.BytesIO(document)).rows == []


@pytest.mark.parametrize(("document", "expected"), [
    (b'<?xml version="1.0"?>\n<HealthData>\n <Record type="x" value="1">\n</HealthData>', "line 4"),
    (b"", "is empty"),
    (b"steps,2024-01-05,500\n", "line 1"),
    (b'<?xml version="1.0"?>\n<html><body/></html>', "not an Apple Health export"),
])
def test_broken_or_foreign_files_are_validation_errors(document, expected):
    with pytest.raises(ValidationError) as caught:
        parse_apple_health(io.BytesIO(document))
    assert caught.value.field == "file" and expected in caught.value.problem


def test_a_missing_file_is_a_validation_error(tmp_path):
    with pytest.raises(ValidationError, match="cannot read"):
        parse_apple_health(tmp_path / "missing.xml")
