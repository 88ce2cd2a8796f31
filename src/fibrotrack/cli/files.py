"""Reading the files people pass on the command line, with errors that name the option."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..errors import ValidationError


def load_json_file(path: Path, *, field: str) -> Any:
    """Return the JSON in the file at ``path``.

    Raises:
        ValidationError: unreadable file or invalid JSON (``field`` names the option).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(field, f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ValidationError(field, f"{path} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(field, f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None


def read_text_file(path: Path, *, field: str = "FILE") -> str:
    """Return the text of ``path`` (``-`` reads standard input), tolerating a UTF-8 byte-order mark.

    Raises:
        ValidationError: the file cannot be read or is not UTF-8 text.
    """
    try:
        if str(path) == "-":
            return sys.stdin.read()
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(field, f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ValidationError(field, f"{path} is not UTF-8 text") from None
