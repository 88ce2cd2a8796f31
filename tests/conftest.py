"""Shared fixtures: a fresh database per test on SQLite and (when available) PostgreSQL, and a CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fibrotrack.cli import main

PG_URL_ENV = "FIBROTRACK_TEST_PG_URL"


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_URL_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        # CI must exercise PostgreSQL; a missing server is a failure, not a skip.
        pytest.fail(f"{PG_URL_ENV} is not set under CI: run the suite through scripts/with-postgres.sh")
    pytest.skip(f"PostgreSQL tests need {PG_URL_ENV} (make test starts a server)")
    return None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """Yield the URL of a new, empty PostgreSQL database, dropped after the test."""
    import psycopg

    admin = _pg_admin_url()
    assert admin is not None
    name = f"ft_{uuid.uuid4().hex[:12]}"
    conninfo = admin.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """Return the URL of a new SQLite database file."""
    return f"sqlite:///{tmp_path / 'fibrotrack.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Return the URL of a fresh database, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    """Yield an open, migrated database (SQLite and PostgreSQL)."""
    from fibrotrack.storage import open_database

    database = open_database(db_url, default_time_zone="Europe/London")
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[object]:
    """Yield an open, migrated SQLite database (for tests that need only one backend)."""
    from fibrotrack.storage import open_database

    database = open_database(sqlite_url, default_time_zone="Europe/London")
    yield database
    database.dispose()


@dataclass
class Result:
    """What a CLI run returned."""

    code: int
    out: str
    err: str

    def json(self) -> object:
        import json

        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Return ``run(*args, db=None)`` that runs the CLI in-process against a per-test SQLite file."""
    monkeypatch.setenv("FIBROTRACK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FIBROTRACK_DB", raising=False)
    monkeypatch.delenv("FIBROTRACK_PERSON", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    default_db = str(tmp_path / "cli.db")

    def run(*args: str, db: str | None = None, input: str | None = None) -> Result:
        if input is not None:
            import io

            monkeypatch.setattr("sys.stdin", io.StringIO(input))
        capsys.readouterr()
        code = main(["--db", db or default_db, *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
