"""One exception tree for the whole package.

Errors are raised in the core and services and translated once per edge: the CLI turns a
:class:`ValidationError` into exit code 2 and one line, the web layer into HTTP 422 (404 for
:class:`NotFoundError`, 409 for :class:`ConflictError`).

::

    FibrotrackError
     ├── ValidationError(field, problem)        bad input; names the field and the problem
     │    ├── UnknownTrackableError(code)
     │    ├── UnknownBodySiteError(code)
     │    ├── OutOfRangeError(field, value, low, high)
     │    └── RowsInvalidError(errors)          a file with bad rows (import); carries every RowError
     ├── NotFoundError(kind, key)               an id or name that does not exist
     ├── ConflictError(message)                 the request clashes with stored state
     └── StorageError(message)                  the database could not be reached or migrated
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConflictError",
    "FibrotrackError",
    "NotFoundError",
    "OutOfRangeError",
    "RowError",
    "RowsInvalidError",
    "StorageError",
    "UnknownBodySiteError",
    "UnknownTrackableError",
    "ValidationError",
]


class FibrotrackError(Exception):
    """Base of every error fibrotrack raises on purpose."""


class ValidationError(FibrotrackError):
    """Bad input. ``field`` names what was wrong (a dotted path where nested), ``problem`` says why."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")

    def to_dict(self) -> dict[str, str]:
        """Return ``{"field", "problem", "message"}`` for JSON error bodies."""
        return {"field": self.field, "problem": self.problem, "message": str(self)}


class UnknownTrackableError(ValidationError):
    """A trackable code that is neither built in nor defined by the person."""

    def __init__(self, code: str, *, field: str = "trackable") -> None:
        self.code = code
        super().__init__(field, f"unknown trackable {code!r} (see `fibrotrack trackables`)")


class UnknownBodySiteError(ValidationError):
    """A body-site code that is not in the catalog."""

    def __init__(self, code: str, *, field: str = "body_site") -> None:
        self.code = code
        super().__init__(field, f"unknown body site {code!r} (see `fibrotrack trackables --sites`)")


class OutOfRangeError(ValidationError):
    """A number outside its allowed range (inclusive bounds)."""

    def __init__(self, field: str, value: float, low: float, high: float) -> None:
        self.value, self.low, self.high = value, low, high
        super().__init__(field, f"{value:g} is outside the allowed range {low:g}–{high:g}")


@dataclass(frozen=True, slots=True)
class RowError:
    """One rejected row of an input file: 1-based ``line``, the ``field`` and the ``problem``."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.problem}"

    def to_dict(self) -> dict[str, object]:
        """Return ``{"line", "field", "problem"}``."""
        return {"line": self.line, "field": self.field, "problem": self.problem}


class RowsInvalidError(ValidationError):
    """An input file had invalid rows; nothing was written. ``errors`` lists every one."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first.field, f"line {first.line}: {first.problem}{more}")


class NotFoundError(FibrotrackError):
    """Something looked up by id or name does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind, self.key = kind, key
        super().__init__(f"{kind} {key!r} not found")


class ConflictError(FibrotrackError):
    """The request is well-formed but clashes with what is stored (e.g. a second running experiment)."""


class StorageError(FibrotrackError):
    """The database could not be opened, reached or migrated."""
