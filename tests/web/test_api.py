"""The JSON API: the same service functions as the CLI, 422 naming the field, OpenAPI served."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.web.app import create_app


@pytest.fixture
def client(db_url):
    app = create_app(Settings(db_url=db_url, time_zone="UTC"))
    with TestClient(app) as test_client:
        yield test_client


def test_observation_lifecycle(client):
    created = client.post("/api/observations", json={"trackable": "twitching", "value": 6, "body_site": "calf_left",
                                                     "detail": {"count": 12}})
    assert created.status_code == 201
    obs = created.json()
    assert obs.pop("triage")["urgency"] == "self_care"  # isolated twitching: reassurance, with what would change it
    assert client.get(f"/api/observations/{obs['id']}").json() == obs
    patched = client.patch(f"/api/observations/{obs['id']}", json={"value": 7, "note": "worse"}).json()
    assert (patched["value"], patched["note"], patched["detail"]) == (7, "worse", {"count": 12})
    assert [o["id"] for o in client.get("/api/observations", params={"trackable": "twitching"}).json()] == [obs["id"]]
    assert client.delete(f"/api/observations/{obs['id']}").status_code == 200
    assert client.get(f"/api/observations/{obs['id']}").status_code == 404
    assert client.get("/api/observations").json() == []


def test_bad_input_is_422_naming_the_field(client):
    response = client.post("/api/observations", json={"trackable": "twitching", "value": 14})
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "field": "value", "problem": "14 is outside the range 0–10 for twitching",
        "message": "value: 14 is outside the range 0–10 for twitching"}
    unknown = client.post("/api/observations", json={"trackable": "twitching", "value": 1, "colour": "red"})
    assert unknown.status_code == 422
    bad_date = client.get("/api/observations", params={"since": "tomorrow"})
    assert bad_date.status_code == 422 and bad_date.json()["detail"]["field"] == "since"


def test_checkin_is_all_or_nothing(client):
    bad = client.post("/api/checkins", json={"entries": [{"trackable": "pain", "value": 3, "site": "neck"},
                                                         {"trackable": "pain", "value": 3, "site": "knee"}]})
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "entries[1].body_site"
    assert client.get("/api/observations").json() == []
    good = client.post("/api/checkins", json={"entries": [{"trackable": "pain", "value": 3, "site": "neck"},
                                                          {"trackable": "caffeine", "value": 2, "serving": "tea"}]})
    assert good.status_code == 201 and len(good.json()["observations"]) == 2


def test_people_are_separate(client):
    client.post("/api/observations", params={"person": "ann"}, json={"trackable": "pain", "value": 2})
    assert client.get("/api/observations", params={"person": "bob"}).json() == []
    assert len(client.get("/api/observations", params={"person": "ann"}).json()) == 1


def test_trackables_and_treatments(client):
    assert "twitching" in {t["code"] for t in client.get("/api/trackables").json()}
    assert client.post("/api/trackables", json={"code": "brain_fog", "label": "Brain fog"}).status_code == 201
    assert client.post("/api/trackables", json={"code": "brain_fog", "label": "Again"}).status_code == 409
    treatment = client.post("/api/treatments", json={"name": "Magnesium", "kind": "supplement"}).json()
    stopped = client.post(f"/api/treatments/{treatment['id']}/stop", json={})
    assert stopped.status_code == 200 and stopped.json()["active"] is False
    assert client.post("/api/treatments/9999/stop", json={}).status_code == 404


def test_home_page_and_openapi(client):
    client.post("/api/observations", json={"trackable": "twitching", "value": 5, "body_site": "eyelid_left"})
    page = client.get("/")
    assert page.status_code == 200 and "eyelid_left" in page.text and "does not diagnose" in page.text
    spec = client.get("/openapi.json").json()
    assert {"/api/observations", "/api/checkins", "/api/trackables", "/api/treatments"} <= set(spec["paths"])
