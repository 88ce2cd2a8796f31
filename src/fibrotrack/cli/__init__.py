"""The command-line interface. :func:`main` is the console script and the one place errors become exit codes.

Exit codes: 0 success; 2 bad input (one line naming the field, never a traceback); 1 a database
or other operational failure, or an internal error (one line; set FIBROTRACK_DEBUG=1 for the traceback);
130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import typer
from typer.exceptions import TyperException

from ..errors import ConflictError, FibrotrackError, NotFoundError, StorageError, ValidationError

__all__ = ["main"]


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code (also exits when run as a script)."""
    from .app import app

    command = typer.main.get_command(app)
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["--help"]
    try:
        result = command.main(args=args, prog_name="fibrotrack", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        code = _fail("interrupted", 130)
    except TyperException as exc:
        # Usage errors from the vendored Click parser (missing argument, bad option, …).
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if type(exc).__name__ == "NoArgsIsHelpError":
            print(message)
            code = 0
        else:
            code = _fail(message.replace("\n", " "), 2)
    except (ValidationError, NotFoundError, ConflictError) as exc:
        code = _fail(str(exc), 2)
    except StorageError as exc:
        code = _fail(str(exc), 1)
    except FibrotrackError as exc:
        code = _fail(str(exc), 1)
    except KeyboardInterrupt:
        code = _fail("interrupted", 130)
    except Exception as exc:  # a bug: say so in one line; the traceback only on request
        if os.environ.get("FIBROTRACK_DEBUG"):
            raise
        code = _fail(f"unexpected internal error ({type(exc).__name__}: {exc}); nothing was half-saved. "
                     "Run again with FIBROTRACK_DEBUG=1 for details and please report it", 1)
    if argv is None:
        sys.exit(code)
    return code
