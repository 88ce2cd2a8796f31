"""`fibrotrack backup` / `fibrotrack restore` from the command line."""

from __future__ import annotations


def test_backup_restore_round_trip(cli, tmp_path):
    cli("log", "twitching", "5", "--site", "eyelid_right")
    cli("treatment", "add", "magnesium", "--kind", "supplement")
    out = tmp_path / "b.json.gz"
    made = cli("backup", "--out", str(out), "--json").json()
    assert made["rows"]["observation"] == 1 and made["rows"]["triage_event"] == 1
    other = str(tmp_path / "restored.db")
    assert cli("restore", str(out), "--json", db=other).json()["rows"] == made["rows"]
    strip = lambda rows: [{k: v for k, v in r.items()} for r in rows]
    assert strip(cli("list", "--json", db=other).json()) == strip(cli("list", "--json").json())
    again = cli("restore", str(out), db=other)
    assert again.code == 2 and "empty database" in again.err
    assert cli("restore", str(tmp_path / "missing.gz")).code == 2
