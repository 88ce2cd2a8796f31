"""Printing: one JSON document on stdout for ``--json``; Rich tables and messages otherwise."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def emit_json(data: Any) -> None:
    """Print ``data`` as one JSON document on stdout and nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a table with ``columns``; ``None`` cells print empty."""
    view = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        view.add_column(column)
    for row in rows:
        view.add_row(*("" if cell is None else str(cell) for cell in row))
    console.print(view)


def say(message: str) -> None:
    """Print a plain message for people (never used with ``--json``)."""
    console.print(message, markup=False)


def fmt_number(value: float) -> str:
    """Return ``value`` with at most one decimal and no trailing ``.0``."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
