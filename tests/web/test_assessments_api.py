"""`/api/assessments` and `/api/instruments` use the same services as `fibrotrack assess`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.web.app import create_app

FIQR_Q2 = {"function": [5, 7, 6, 8, 7, 4, 6, 3, 7], "overall": [6, 5], "symptoms": [7, 8, 6, 7, 5, 6, 5, 7, 4, 6]}


def test_assessment_round_trip(sqlite_url):
    with TestClient(create_app(Settings(db_url=sqlite_url))) as client:
        created = client.post("/api/assessments", json={"instrument": "fiqr", "answers": FIQR_Q2})
        assert created.status_code == 201
        assert abs(created.json()["result"]["total"] - 59.1666666667) < 1e-9  # REFERENCE.md §9 example Q2
        [history] = client.get("/api/assessments", params={"instrument": "fiqr"}).json()
        assert history["assessments"][0]["id"] == created.json()["id"]
        bad = client.post("/api/assessments", json={"instrument": "fiqr", "answers": {**FIQR_Q2, "overall": [11, 1]}})
        assert bad.status_code == 422 and bad.json()["detail"]["field"] == "overall[0]"
        client.post("/api/observations", json={"trackable": "pain", "value": 5, "body_site": "thigh_right"})
        assert client.get("/api/assessments/prefill").json() == {"pain_areas": ["upper_leg_right"]}
        assert {i["code"] for i in client.get("/api/instruments").json()} >= {"acr2016", "fiqr", "first"}
        assert client.get("/api/instruments/nope").status_code == 422
