"""Backup and restore: a consistent snapshot while writing; restore reproduces everything, across backends."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from fibrotrack.errors import ConflictError, ValidationError
from fibrotrack.services import assessments, diary, treatments
from fibrotrack.services.backup import backup, read_backup, restore_backup
from fibrotrack.services.demo import fill_demo
from fibrotrack.services.transfer import export_diary
from fibrotrack.storage import open_database
from fibrotrack.storage.backup import dump


def _fill(db) -> None:
    fill_demo(db, person="me", days=30, seed=4)
    diary.checkin(db, person="ann", entries=[{"trackable": "weakness", "value": 6,
                                              "detail": {"kind": "true_weakness", "onset": "sudden"}}])
    treatments.add_treatment(db, person="ann", name="pregabalin", dose="75 mg")
    assessments.assess(db, person="ann", instrument="first", answers={"answers": [True] * 5 + [False]})


def test_backup_then_restore_into_the_other_backend_reproduces_everything(db, tmp_path, sqlite_url):
    _fill(db)
    path = tmp_path / "backup.json.gz"
    counts = backup(db, out=path)
    assert counts["observation"] > 100 and counts["triage_event"] == 1 and counts["assessment"] == 1
    # Restore into a fresh database of the other kind when the source is PostgreSQL, else another SQLite file.
    target_url = sqlite_url.replace("fibrotrack.db", "restored.db")
    target = open_database(target_url)
    try:
        assert restore_backup(target, path=path) == counts
        assert dump(target.engine)["tables"] == dump(db.engine)["tables"]
        assert export_diary(target, person="me", fmt="json").split('"exported_at"')[1].split("\n", 1)[1] == \
            export_diary(db, person="me", fmt="json").split('"exported_at"')[1].split("\n", 1)[1]
        # Ids continue after the restored ones.
        new = diary.log(target, person="me", trackable="pain", value=1)
        assert new.id > max(o.id for o in diary.list_observations(db, person="me"))
        with pytest.raises(ConflictError):
            restore_backup(target, path=path)
    finally:
        target.dispose()


def test_restore_rejects_files_that_are_not_backups(sqlite_db, tmp_path):
    bad = tmp_path / "bad.json"
    for text, field in [("{}", "file"), ("not json", "FILE"),
                        ('{"format": "fibrotrack-backup", "version": 1, "schema": "0001", "tables": {}}', "schema")]:
        bad.write_text(text)
        with pytest.raises(ValidationError) as err:
            restore_backup(sqlite_db, path=bad)
        assert err.value.field == field


WRITER = """
import sys
from fibrotrack.services import diary
from fibrotrack.storage import open_database
db = open_database(sys.argv[1])
for i in range(400):
    diary.checkin(db, person="me", entries=[{"trackable": "pain", "value": 1}, {"trackable": "fatigue", "value": 2},
                                            {"trackable": "stress", "value": 3}])
"""


def test_backup_while_writing_is_a_consistent_snapshot(sqlite_url, tmp_path):
    db = open_database(sqlite_url)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, sqlite_url], stderr=subprocess.PIPE, text=True)
    try:
        while not diary.list_observations(db, person="me", limit=1):
            time.sleep(0.05)
        path = tmp_path / "live.json.gz"
        backup(db, out=path)
    finally:
        _, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    tables = read_backup(path)["tables"]
    observations, events = len(tables["observation"]), len(tables["triage_event"])
    # Each check-in wrote 3 observations and 1 triage event in one transaction: never half of one.
    assert observations > 0 and observations % 3 == 0 and events == observations // 3
    db.dispose()
