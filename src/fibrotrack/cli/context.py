"""What every command shares: settings from the global options and a lazily opened database."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from ..config import Settings
from ..services.maintenance import Database, open_for


@dataclass
class CliContext:
    """Global options, and the database opened (and upgraded) on first use."""

    settings: Settings
    _db: Database | None = field(default=None, repr=False)

    @property
    def person(self) -> str:
        """The person named by ``--person`` (default ``me``)."""
        return self.settings.person

    def db(self) -> Database:
        """Return the open database, opening and upgrading it on first call."""
        if self._db is None:
            self._db = open_for(self.settings)
        return self._db


def ctx_of(ctx: typer.Context) -> CliContext:
    """Return the :class:`CliContext` stored on the root command's context."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliContext):  # only when a command is invoked outside the app
        raise RuntimeError("fibrotrack command run without its root context")
    return obj
