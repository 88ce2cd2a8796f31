"""Migrations: the first schema upgrades to the newest with its data intact; upgrades are idempotent."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import text

from fibrotrack.services import diary
from fibrotrack.storage import Database, current_revision, head_revision, upgrade
from fibrotrack.storage.engine import make_engine


def test_first_migration_upgrades_to_head_with_data_intact(db_url):
    engine = make_engine(db_url)
    assert upgrade(engine, "0001") == "0001"
    created = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO person (id, name, time_zone, created_at, updated_at) "
                          "VALUES (1, 'me', 'UTC', :t, :t)"), {"t": created.replace(tzinfo=None)})
        conn.execute(text(
            "INSERT INTO observation (person_id, at, local_date, trackable, value, unit, body_site, detail, note, "
            "source, source_id, created_at, updated_at) VALUES (1, :t, :d, 'twitching', 6, '0-10', 'calf_left', "
            "'{\"count\": 3}', 'old note', 'manual', 'abc', :t, :t)"), {"t": created.replace(tzinfo=None),
                                                                        "d": date(2026, 1, 2)})
        conn.execute(text("INSERT INTO treatment (person_id, name, kind, started_on, created_at, updated_at) "
                          "VALUES (1, 'magnesium', 'supplement', :d, :t, :t)"),
                     {"t": created.replace(tzinfo=None), "d": date(2026, 1, 1)})
    assert upgrade(engine) == head_revision() != "0001"
    database = Database(engine)
    [obs] = diary.list_observations(database, person="me")
    assert (obs.trackable, obs.value, obs.body_site, dict(obs.detail), obs.note, obs.source_id, obs.at) == (
        "twitching", 6.0, "calf_left", {"count": 3}, "old note", "abc", created)
    # The newest schema works on the upgraded database: a custom trackable (added by 0002) can be used.
    from fibrotrack.services.trackables import add_trackable

    add_trackable(database, person="me", code="brain_fog", label="Brain fog", unit="0-10", low=0, high=10)
    assert diary.log(database, person="me", trackable="brain_fog", value=2).value == 2
    engine.dispose()


def test_upgrade_is_idempotent(db_url):
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    assert upgrade(engine) == head_revision()
    engine.dispose()
