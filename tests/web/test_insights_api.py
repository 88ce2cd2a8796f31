"""`/api/insights` returns what `fibrotrack insights --json` prints."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.services.demo import fill_demo
from fibrotrack.storage import open_database
from fibrotrack.web.app import create_app


def test_insights_and_treatment_effect(sqlite_url):
    db = open_database(sqlite_url)
    fill_demo(db, person="me", days=200, seed=2)
    with TestClient(create_app(Settings(db_url=sqlite_url), db=db)) as client:
        out = client.get("/api/insights").json()
        assert out["person"] == "me" and out["triggers"]
        assert client.get("/api/insights", params={"symptom": "itching"}).status_code == 422
        [treatment] = client.get("/api/treatments").json()
        effects = client.get(f"/api/treatments/{treatment['id']}/effect").json()
        assert {e["symptom"] for e in effects} >= {"twitching"}
        assert client.get("/api/treatments/999/effect").status_code == 404
