"""Modules imported on first use, so that `fibrotrack triage` does not pay for SciPy, Altair or Typst.

The command tree imports every command module at start-up; a command module that needs a heavy
service (statistics, charts, PDF, FHIR) names it with :func:`lazy_module` and the import happens when
the command runs. Red-flag triage from the command line must answer within a second.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["lazy_module"]


class _LazyModule:
    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"


def lazy_module(name: str) -> Any:
    """Return a stand-in for the module ``name`` (absolute, e.g. ``fibrotrack.services.report``).

    The module is imported the first time an attribute is read; an import error surfaces then.
    """
    return _LazyModule(name)
