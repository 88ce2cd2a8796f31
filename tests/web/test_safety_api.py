"""`/api/triage`, check-in triage, `/api/meds/check`, `/api/learn`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.web.app import create_app


def test_triage_endpoints(sqlite_url):
    with TestClient(create_app(Settings(db_url=sqlite_url))) as client:
        result = client.post("/api/triage", json={"signs": {"face_droop": True}})
        assert result.status_code == 200 and result.json()["urgency"] == "emergency"
        bad = client.post("/api/triage", json={"signs": {"face_drop": True}})
        assert bad.status_code == 422 and bad.json()["detail"]["field"] == "signs.face_drop"
        logged = client.post("/api/observations", json={"trackable": "weakness", "value": 6,
                                                        "detail": {"kind": "true_weakness", "onset": "sudden"}})
        assert logged.json()["triage"]["urgency"] == "emergency"
        checkin = client.post("/api/checkins", json={"entries": [{"trackable": "twitching", "value": 3}],
                                                     "triage": {"signs": {"muscle_wasting": True}}})
        assert checkin.status_code == 201 and checkin.json()["triage"]["urgency"] in ("urgent", "emergency")
        events = client.get("/api/triage/events").json()
        assert [e["urgency"] for e in events][:2] == ["emergency", "emergency"] and len(events) == 3
        questions = client.post("/api/triage/questions", json={"symptoms": {"weakness": 5}}).json()
        assert any(q["id"] == "weakness.kind" for q in questions)
        client.post("/api/treatments", json={"name": "prednisolone"})
        meds = client.get("/api/meds/check").json()
        assert meds["medications"][0]["classes"][0]["id"] == "corticosteroid"
        learn = client.get("/api/learn").json()
        assert learn["topics"] and all(t["sources"] for t in learn["topics"])
        assert client.get("/api/learn/twitching").json()["id"] == "twitching"
