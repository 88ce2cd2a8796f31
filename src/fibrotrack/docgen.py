"""Generate docs/cli.md from the CLI's own --help texts (``python -m fibrotrack.docgen``)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import typer
from typer.main import get_command

from .cli.app import app

_HEADER = """# Command-line reference

Generated from `fibrotrack --help` by `make docs`; a test fails when this file is stale.
Every reporting command takes `--json` (one JSON document on standard output, nothing else).
Bad input exits with code 2 and one line naming the field and the problem.
"""


def _help(args: list[str]) -> str:
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        try:
            get_command(app).main(args=[*args, "--help"], prog_name="fibrotrack", standalone_mode=False)
        except typer.Exit:
            pass
    return buffer.getvalue().rstrip()


def _walk(command, path: list[str]) -> list[list[str]]:  # type: ignore[no-untyped-def]
    paths = [path]
    for name in sorted(getattr(command, "commands", {}) or {}):
        paths += _walk(command.commands[name], [*path, name])
    return paths


def render() -> str:
    """Return the Markdown reference for every command."""
    sections = [_HEADER]
    for path in _walk(get_command(app), []):
        title = " ".join(["fibrotrack", *path])
        sections.append(f"## `{title}`\n\n```text\n{_help(path)}\n```\n")
    return "\n".join(sections)


if __name__ == "__main__":
    print(render(), end="")
