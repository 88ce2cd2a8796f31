"""Settings: where the database lives and how the app runs. Nothing is built at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PERSON = "me"


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings.

    ``db_url`` is an SQLAlchemy URL (``sqlite:///…`` or ``postgresql+psycopg://…``); ``person`` the
    default person's name; ``time_zone`` the IANA zone new people get.
    """

    db_url: str
    person: str = DEFAULT_PERSON
    time_zone: str = "UTC"


def default_db_path(environ: Mapping[str, str]) -> Path:
    """Return the default SQLite file: ``$FIBROTRACK_HOME/fibrotrack.db`` or the user data directory's."""
    home = environ.get("FIBROTRACK_HOME")
    if home:
        return Path(home).expanduser() / "fibrotrack.db"
    from platformdirs import user_data_path

    return user_data_path("fibrotrack", appauthor=False) / "fibrotrack.db"


def db_url_from(value: str) -> str:
    """Return an SQLAlchemy URL for ``value``: a URL passes through, anything else is an SQLite file path.

    ``sqlite://`` alone (no path) is an in-memory database. A ``postgresql://`` URL is given the
    psycopg 3 driver.
    """
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def system_time_zone(environ: Mapping[str, str]) -> str:
    """Return the machine's IANA time-zone name (``TZ``, /etc/timezone or /etc/localtime), else ``UTC``."""
    tz = environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz or tz == "UTC":
        return tz
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            return name
    except OSError:
        pass
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


def load_settings(environ: Mapping[str, str] | None = None, *, db: str | None = None,
                  person: str | None = None) -> Settings:
    """Return settings from explicit options, then ``FIBROTRACK_DB``/``FIBROTRACK_PERSON``, then defaults."""
    env = os.environ if environ is None else environ
    raw = db or env.get("FIBROTRACK_DB") or str(default_db_path(env))
    return Settings(
        db_url=db_url_from(raw),
        person=person or env.get("FIBROTRACK_PERSON") or DEFAULT_PERSON,
        time_zone=system_time_zone(env),
    )
