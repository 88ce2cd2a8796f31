"""Several processes writing to one SQLite database at once lose nothing and never see "database is locked"."""

from __future__ import annotations

import subprocess
import sys

from fibrotrack.services import diary
from fibrotrack.storage import open_database

WRITERS = 4
PER_WRITER = 250

# Each writer is a separate Python process; every process also races to migrate the same new file.
WRITER = """
import sys
from fibrotrack.services import diary
from fibrotrack.storage import open_database
url, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = open_database(url)
for index in range(count):
    diary.log(db, person="me", trackable="twitching", value=index % 11, detail={"count": worker})
db.dispose()
"""


def test_four_processes_writing_250_each_end_with_1000_rows(sqlite_url):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, sqlite_url, str(n), str(PER_WRITER)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(WRITERS)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, results):
        assert "locked" not in err
        assert proc.returncode == 0, err
    db = open_database(sqlite_url)
    rows = diary.list_observations(db, person="me")
    assert len(rows) == WRITERS * PER_WRITER
    assert sorted({r.detail["count"] for r in rows}) == [0, 1, 2, 3]
    with db.unit_of_work() as repo:
        assert len(repo.list_people()) == 1
    db.dispose()
