"""`/api/report.pdf`, `/api/export` and `/api/import`."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.services.demo import fill_demo
from fibrotrack.storage import open_database
from fibrotrack.web.app import create_app


def test_report_export_and_import(sqlite_url, tmp_path):
    db = open_database(sqlite_url)
    fill_demo(db, person="me", days=60, seed=5)
    with TestClient(create_app(Settings(db_url=sqlite_url), db=db)) as client:
        pdf = client.get("/api/report.pdf")
        assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
        assert client.get("/api/report.pdf", params={"from": "2026-12-01", "to": "2026-01-01"}).status_code == 422
        bundle = client.get("/api/export", params={"format": "fhir"})
        assert bundle.headers["content-type"].startswith("application/fhir+json")
        assert json.loads(bundle.text)["resourceType"] == "Bundle"
        csv_text = client.get("/api/export", params={"format": "csv"}).text
        # A file upload is a form post: like a browser, send back the session's CSRF token.
        token = {"X-CSRF-Token": client.cookies.get("ft_csrf") or ""}
        assert token["X-CSRF-Token"]
        imported = client.post("/api/import", params={"person": "copy"}, headers=token,
                               files={"file": ("diary.csv", csv_text.encode(), "text/csv")})
        assert imported.status_code == 200, imported.text
        [summary] = imported.json()
        assert summary["person"] == "copy" and summary["added"] == csv_text.count("\n") - 1
        bad = "at,trackable,value,unit,body_site,detail,note,source_id\nnope,pain,3,0-10,,,,x\nnope,pain,99,0-10,,,,y\n"
        rejected = client.post("/api/import", headers=token, files={"file": ("bad.csv", bad.encode(), "text/csv")})
        assert rejected.status_code == 422 and len(rejected.json()["detail"]["errors"]) == 2
