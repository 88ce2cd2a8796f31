"""The diary services on a real database: SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from fibrotrack.errors import ConflictError, NotFoundError, ValidationError
from fibrotrack.services import diary, trackables, treatments
from fibrotrack.services.transfer import export_diary, import_diary

NOW = datetime(2026, 11, 24, 18, 30, tzinfo=timezone.utc)


def test_log_then_list_returns_the_observation(db):
    obs = diary.log(db, person="me", trackable="twitching", value=6, site="calf_left", detail={"count": 12}, now=NOW)
    [listed] = diary.list_observations(db, person="me")
    assert listed == obs
    assert (listed.trackable, listed.value, listed.body_site, dict(listed.detail)) == (
        "twitching", 6.0, "calf_left", {"count": 12})
    assert listed.at == NOW and listed.at.tzinfo is not None


def test_local_date_follows_the_person_time_zone(db):
    # 23:30 UTC on 24 Nov is 00:30 on 25 Nov in Auckland.
    late = datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc)
    diary.log(db, person="kiwi", trackable="pain", value=3, at=late, now=late)
    with db.unit_of_work() as repo:
        assert repo.person_by_name("kiwi").time_zone == "Europe/London"
    obs = diary.log(db, person="me", trackable="pain", value=3, at="2026-11-20", now=NOW)
    assert obs.local_date == date(2026, 11, 20)


def test_people_have_separate_diaries(db):
    diary.log(db, person="ann", trackable="pain", value=2, now=NOW)
    diary.log(db, person="bob", trackable="pain", value=7, now=NOW)
    assert [o.value for o in diary.list_observations(db, person="ann")] == [2.0]
    with pytest.raises(NotFoundError):
        diary.delete(db, person="bob", observation_id=diary.list_observations(db, person="ann")[0].id)


@pytest.mark.parametrize("name, problem", [("  ", "must not be empty"), ("x" * 81, "longer than 80"),
                                           ("a\x1bb", "control characters")])
def test_bad_person_names_are_refused_before_anything_is_stored(db, name, problem):
    with pytest.raises(ValidationError) as caught:
        diary.log(db, person=name, trackable="pain", value=2, now=NOW)
    assert caught.value.field == "person" and problem in caught.value.problem


def test_checkin_is_all_or_nothing(db):
    with pytest.raises(ValidationError) as err:
        diary.checkin(db, person="me", now=NOW, entries=[
            {"trackable": "twitching", "value": 4, "site": "eyelid_left"},
            {"trackable": "weakness", "value": 12},
        ])
    assert err.value.field == "entries[1].value"
    assert diary.list_observations(db, person="me") == []
    result = diary.checkin(db, person="me", now=NOW, entries=[
        {"trackable": "twitching", "value": 4, "site": "eyelid_left"},
        {"trackable": "caffeine", "value": 2, "serving": "espresso"},
    ])
    assert [o.trackable for o in result.observations] == ["twitching", "caffeine_mg"]
    assert result.observations[1].value == pytest.approx(128.0)


def test_edit_and_soft_delete(db):
    obs = diary.log(db, person="me", trackable="weakness", value=3, detail={"kind": "tiredness"}, now=NOW)
    edited = diary.edit(db, person="me", observation_id=obs.id, value=5, detail={"side": "left"}, now=NOW)
    assert edited.value == 5 and dict(edited.detail) == {"kind": "tiredness", "side": "left"}
    with pytest.raises(ValidationError):
        diary.edit(db, person="me", observation_id=obs.id, value=11, now=NOW)
    assert diary.get_observation(db, person="me", observation_id=obs.id).value == 5
    diary.delete(db, person="me", observation_id=obs.id, now=NOW)
    assert diary.list_observations(db, person="me") == []
    with pytest.raises(NotFoundError):
        diary.delete(db, person="me", observation_id=obs.id, now=NOW)


def test_list_filters(db):
    for day, code in [(18, "pain"), (20, "twitching"), (22, "pain")]:
        diary.log(db, person="me", trackable=code, value=1, at=f"2026-11-{day}", now=NOW)
    got = diary.list_observations(db, person="me", since=date(2026, 11, 19), trackable="pain")
    assert [o.local_date.day for o in got] == [22]
    with pytest.raises(ValidationError):
        diary.list_observations(db, person="me", since=date(2026, 11, 22), until=date(2026, 11, 1))


def test_treatments_add_stop_list(db):
    added = treatments.add_treatment(db, person="me", name="Magnesium", kind="supplement", dose="400 mg",
                                     started_on="2026-11-01", now=NOW)
    assert added.active
    stopped = treatments.stop_treatment(db, person="me", key="magnesium", stopped_on="2026-11-20", now=NOW)
    assert stopped.stopped_on == date(2026, 11, 20) and not stopped.active
    with pytest.raises(ValidationError):
        treatments.stop_treatment(db, person="me", key=added.id, now=NOW)
    with pytest.raises(NotFoundError):
        treatments.stop_treatment(db, person="me", key="nothing", now=NOW)
    with pytest.raises(ValidationError):
        treatments.add_treatment(db, person="me", name="x", kind="potion", now=NOW)
    assert treatments.list_treatments(db, person="me", active_only=True) == []


def test_custom_trackables(db):
    trackables.add_trackable(db, person="me", code="brain_fog", label="Brain fog", unit="0-10", low=0, high=10)
    with pytest.raises(ConflictError):
        trackables.add_trackable(db, person="me", code="brain_fog", label="Again", unit="0-10", low=0, high=10)
    assert diary.log(db, person="me", trackable="brain_fog", value=4, now=NOW).trackable == "brain_fog"
    with pytest.raises(ValidationError):
        diary.log(db, person="other", trackable="brain_fog", value=4, now=NOW)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_round_trip_is_exact_and_idempotent(db, sqlite_url, fmt):
    from fibrotrack.storage import open_database

    diary.log(db, person="me", trackable="twitching", value=6, site="calf_left", detail={"count": 12},
              note='a "quoted", note\nwith a newline', now=NOW)
    diary.log(db, person="me", trackable="caffeine", value=1.5, serving="coffee", at="2026-11-23T07:15:00.123456",
              now=NOW)
    diary.log(db, person="me", trackable="med:magnesium", value=1, detail={"dose": "400 mg"}, now=NOW)
    text = export_diary(db, person="me", fmt=fmt)
    empty = open_database(sqlite_url.replace("fibrotrack.db", "other.db"), default_time_zone="America/New_York")
    try:
        summary = import_diary(empty, person="me", text=text)
        assert (summary.format, summary.added, summary.duplicates, summary.rejected) == (fmt, 3, 0, ())
        key = lambda o: (o.at, o.local_date, o.trackable, o.value, o.unit, o.body_site, dict(o.detail), o.note,
                         o.source_id)
        assert [key(o) for o in diary.list_observations(empty, person="me")] == [
            key(o) for o in diary.list_observations(db, person="me")]
        again = import_diary(empty, person="me", text=text)
        assert (again.added, again.duplicates) == (0, 3)
        assert len(diary.list_observations(empty, person="me")) == 3
    finally:
        empty.dispose()


def test_import_is_all_or_nothing_unless_skip_invalid(db):
    text = (
        "at,trackable,value,unit,body_site,detail,note,source_id\n"
        "2026-11-20T08:00:00+00:00,twitching,5,0-10,calf_left,,,a1\n"
        "2026-11-20T08:00:00+00:00,twitching,15,0-10,,,,a2\n"
        "not-a-date,pain,3,0-10,,,,a3\n"
        "2026-11-21T08:00:00+00:00,pain,3,0-10,elbow,,,a4\n"
        '2026-11-21T08:00:00+00:00,pain,3,0-10,,{"x":,,a5\n'
    )
    from fibrotrack.errors import RowsInvalidError

    with pytest.raises(RowsInvalidError) as err:
        import_diary(db, person="me", text=text)
    assert [(e.line, e.field) for e in err.value.errors] == [
        (3, "value"), (4, "at"), (5, "body_site"), (6, "detail")]
    assert diary.list_observations(db, person="me") == []
    summary = import_diary(db, person="me", text=text, skip_invalid=True)
    assert (summary.rows_read, summary.added, len(summary.rejected)) == (5, 1, 4)


def test_import_rejects_another_apps_csv(db):
    with pytest.raises(ValidationError) as err:
        import_diary(db, person="me", text="Date,Symptom,Severity\n2026-01-01,pain,3\n", fmt="csv")
    assert err.value.field == "header"
