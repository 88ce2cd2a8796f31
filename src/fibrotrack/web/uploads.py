"""Imports from an uploaded file: the one place the API route and the Share page hand uploads to the service."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..services import imports as imports_service
from ..services.transfer import ImportSummary
from ..services.maintenance import Database

CHUNK_BYTES = 1024 * 1024


async def import_uploaded_file(db: Database, *, person: str, upload: UploadFile,
                               **options: Any) -> list[ImportSummary]:
    """Copy ``upload`` to a temporary file in chunks and import it; return one summary per person imported.

    ``options`` are :func:`fibrotrack.services.imports.import_file`'s (``fmt``, ``skip_invalid``, ``user``,
    ``all_users``). The import runs in a worker thread (a large Apple Health export takes a while); the
    temporary file is removed afterwards.

    Raises:
        ValidationError: whatever ``import_file`` raises (RowsInvalidError for bad rows).
    """
    suffix = Path(upload.filename or "upload").suffix[:10]
    with tempfile.TemporaryDirectory(prefix="fibrotrack-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            while chunk := await upload.read(CHUNK_BYTES):
                handle.write(chunk)
        return await run_in_threadpool(imports_service.import_file, db, person=person, path=path, **options)
