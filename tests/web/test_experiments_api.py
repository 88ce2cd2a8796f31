"""`/api/experiments` uses the same services as `fibrotrack experiment`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.web.app import create_app


def test_experiment_lifecycle(sqlite_url):
    with TestClient(create_app(Settings(db_url=sqlite_url))) as client:
        preview = client.post("/api/experiments", json={"exposure": "caffeine", "outcome": "twitching", "seed": 3,
                                                       "dry_run": True})
        assert preview.status_code == 201 and preview.json()["id"] is None
        assert preview.json()["power_preview"]["rows"]
        created = client.post("/api/experiments", json={"exposure": "caffeine", "outcome": "twitching", "seed": 3})
        experiment_id = created.json()["id"]
        assert created.json()["design"]["orders"] == preview.json()["design"]["orders"]
        [today] = client.get("/api/experiments/today").json()
        assert today["experiment_id"] == experiment_id and today["instruction"]
        assert client.post(f"/api/experiments/{experiment_id}/adherence", json={"followed": True}).status_code == 200
        clash = client.post("/api/experiments", json={"exposure": "alcohol", "outcome": "twitching"})
        assert clash.status_code == 409
        bad = client.post("/api/experiments", json={"exposure": "caffeine", "outcome": "pain", "pairs": 1})
        assert bad.status_code == 422 and bad.json()["detail"]["field"] == "pairs"
        assert client.post(f"/api/experiments/{experiment_id}/pause").json()["status"] == "paused"
        assert client.post(f"/api/experiments/{experiment_id}/resume").json()["status"] == "running"
        report = client.get(f"/api/experiments/{experiment_id}/report").json()
        assert report["verdict"]["level"] == "not_enough_data" and "cent" in report
        assert client.get("/api/experiments/99/report").status_code == 404
