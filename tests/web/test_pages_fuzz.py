"""Property test for the page forms: whatever a form posts — unknown fields, wrong types, huge or strange text,
repeated keys — the answer is a page (200, 303, 404 or 422), never a server error, and nothing is half-saved."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fibrotrack.config import Settings
from fibrotrack.web.app import create_app

FORMS = {
    "/checkin": ["twitching", "twitching_sites", "twitching_count", "weakness", "weakness_kind", "weakness_onset",
                 "weakness_side", "weakness_sites", "pain", "pain_sites", "fatigue", "sleep_hours", "sleep_quality",
                 "stress", "anxiety", "serving_coffee", "caffeine_mg", "no_caffeine", "exertion", "note", "day",
                 "med:magnesium", "triage.signs.face_droop", "triage.weakness.onset", "entry_field"],
    "/checkin/questions": ["twitching", "weakness", "weakness_onset", "weakness_side", "triage.signs.face_droop"],
    "/checkin/quick": ["site", "value"],
    "/assessments/acr2016": ["pain_areas", "fatigue", "waking_unrefreshed", "cognitive", "headaches",
                             "symptoms_3_months", "on"],
    "/assessments/fiqr": [f"answers[{i}]" for i in range(21)],
    "/assessments/mrc": ["grades[deltoid][left]", "grades.deltoid.right", "note"],
    "/experiments/new": ["exposure", "outcome", "pairs", "period_days", "washout_days", "start", "seed", "action"],
    "/experiments/1/adherence": ["followed", "on"],
    "/experiments/1/status": ["action"],
    "/treatments": ["name", "kind", "dose", "started_on", "reason"],
    "/treatments/1/stop": ["stopped_on"],
}
VALUES = st.one_of(
    st.sampled_from(["", "0", "5", "10", "11", "-1", "1e309", "nan", "inf", "yes", "no", "sudden", "left", "neck",
                     "calf_left", "true_weakness", "2026-11-25", "2026-02-30", "tomorrow", "caffeine", "twitching",
                     "start", "preview", "pause", "stop", "medication", "\x00", "' OR 1=1 --", "<script>x</script>"]),
    st.text(max_size=40),
)

# Values a person would plausibly send, so that saves succeed often enough to be exercised too.
SCALE = [str(n) for n in range(11)]
VALID = {"twitching": SCALE, "weakness": SCALE, "pain": SCALE, "fatigue": SCALE, "stress": SCALE, "anxiety": SCALE,
         "exertion": SCALE, "sleep_quality": SCALE, "sleep_hours": ["6", "7.5", "9"], "twitching_count": ["1", "12"],
         "twitching_sites": ["calf_left", "eyelid_right"], "pain_sites": ["neck", "lower_back"],
         "weakness_kind": ["tiredness", "true_weakness"], "weakness_onset": ["gradual", "sudden"],
         "weakness_side": ["left", "right", "both"], "serving_coffee": ["1", "2"], "note": ["tired", ""],
         "site": ["calf_left", "eyelid_left"], "value": ["2", "5", "8"], "name": ["magnesium", "walking"],
         "kind": ["medication", "exercise"], "followed": ["yes", "no"], "action": ["pause", "resume", "stop"],
         "exposure": ["caffeine", "alcohol_units"], "outcome": ["twitching", "pain"]}


def value_for(name: str) -> st.SearchStrategy[str]:
    valid = VALID.get(name)
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), VALUES) if valid else VALUES


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('pages-fuzz') / 'fuzz.db'}"
    with TestClient(create_app(Settings(db_url=url, time_zone="UTC"))) as test_client:
        test_client.get("/")
        yield test_client


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(sorted(FORMS)), data=st.data())
def test_page_forms_never_fail_with_a_server_error(client, path, data):
    fields = data.draw(st.lists(st.sampled_from(FORMS[path] + ["unknown_field"]), max_size=6))
    form = [(name, data.draw(value_for(name))) for name in fields]
    form.append(("csrf_token", client.cookies.get("ft_csrf")))
    before = client.get("/api/observations", params={"limit": 10000}).json()
    response = client.post(path, content=urlencode(form), follow_redirects=False,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    event(f"{path} -> {response.status_code}")
    assert response.status_code in (200, 201, 303, 404, 409, 422), (path, form, response.status_code,
                                                                      response.text[:500])
    if response.status_code >= 400:  # refused: nothing was written
        assert client.get("/api/observations", params={"limit": 10000}).json() == before
