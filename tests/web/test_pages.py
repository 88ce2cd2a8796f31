"""The HTML pages: each renders, answers JSON when asked, saves through the services, and shows bad input
next to the field with everything else the person typed kept."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.web.app import create_app

PAGES = ["/", "/today", "/history", "/history?days=365&symptom=pain&exposure=stress", "/insights",
         "/insights?symptom=twitching", "/assessments", "/assessments/acr2016", "/assessments/fiqr",
         "/assessments/first", "/assessments/mrc", "/treatments", "/learn", "/learn?q=caffeine", "/learn/twitching",
         "/experiments", "/experiments/new", "/experiments/new?exposure=alcohol_units&outcome=pain", "/share"]


@pytest.fixture
def client(sqlite_url):
    with TestClient(create_app(Settings(db_url=sqlite_url, time_zone="UTC"))) as test_client:
        test_client.get("/")  # sets the CSRF cookie
        yield test_client


def token(client: TestClient) -> str:
    return client.cookies.get("ft_csrf")


def post(client: TestClient, path: str, data: dict, **kwargs):
    return client.post(path, data={"csrf_token": token(client), **data}, **kwargs)


def field(html: str, name: str) -> str:
    """The HTML of the form control container with id ``f-<name>`` (up to the next container)."""
    start = html.index(f'id="f-{name}"')
    return html[start:start + 4000]


def checked(html: str, name: str, value: str) -> bool:
    return re.search(rf'name="{re.escape(name)}" value="{re.escape(value)}"[^>]* checked', html) is not None


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_landmarks_and_one_h1(client, path):
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    html = page.text
    assert html.count("<h1") == 1
    assert '<html lang="en">' in html and 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert "<nav" in html and "<footer" in html and "does not diagnose" in html
    assert "default-src 'self'" in page.headers["content-security-policy"]
    # Every script, style sheet and image comes from this server: no absolute or protocol-relative URL
    # in src= or a stylesheet/script link (a random CSRF token may well contain "cdn").
    assert not re.findall(r'(?:src|data-src)="(?:[a-z]+:)?//', html, flags=re.I)
    assert not re.findall(r'<link[^>]+href="(?:[a-z]+:)?//', html, flags=re.I)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_json_when_asked(client, path):
    page = client.get(path, headers={"Accept": "application/json"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("application/json")
    assert isinstance(page.json(), dict)


def test_vendored_assets_are_served(client):
    for asset in ("htmx.min.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert client.get(f"/static/vendor/{asset}").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_checkin_saves_and_appears_in_history(client):
    saved = post(client, "/checkin", {"twitching": "4", "twitching_sites": ["calf_left", "eyelid_right"],
                                      "twitching_count": "12", "pain": "3", "sleep_hours": "7.5",
                                      "serving_coffee": "2", "caffeine_mg": "", "note": "long walk"})
    assert saved.status_code == 200 and "Check-in saved" in saved.text
    stored = client.get("/api/observations").json()
    assert sorted((o["trackable"], o["value"], o["body_site"]) for o in stored) == sorted([
        ("twitching", 4.0, "calf_left"), ("twitching", 4.0, "eyelid_right"), ("pain", 3.0, None),
        ("sleep_hours", 7.5, None), ("caffeine_mg", 192.0, None)])
    assert {o["detail"].get("count") for o in stored if o["trackable"] == "twitching"} == {12}
    assert [o["note"] for o in stored if o["note"]] == ["long walk"]
    history = client.get("/history").text
    assert "Calf, left" in history and "long walk" in history
    data = client.get("/history", headers={"Accept": "application/json"}).json()
    assert data["summaries"][0]["days_logged"] == 1 and data["daily"][-1]["twitching"] == 4


def test_bad_value_is_shown_next_to_its_field_and_everything_else_is_kept(client):
    page = post(client, "/checkin", {"twitching": "4", "twitching_sites": "calf_left", "sleep_hours": "lots",
                                     "serving_tea": "2", "note": "keep this note"})
    assert page.status_code == 422
    html = page.text
    assert "&#39;lots&#39; is not a number" in field(html, "sleep_hours")
    assert 'aria-invalid="true"' in field(html, "sleep_hours")
    assert 'href="#f-sleep_hours"' in html  # the error summary links to the field
    assert checked(html, "twitching", "4") and checked(html, "twitching_sites", "calf_left")
    assert 'value="lots"' in html and 'value="2"' in field(html, "serving_tea") and "keep this note" in html
    assert client.get("/api/observations").json() == []  # all or nothing


def test_bad_site_and_bad_red_flag_answer_point_at_their_controls(client):
    page = post(client, "/checkin", {"pain": "5", "pain_sites": "knee"})
    assert page.status_code == 422 and "knee" in field(page.text, "pain_sites")
    page = post(client, "/checkin", {"twitching": "3", "triage.twitching.duration_days": "ages"})
    assert page.status_code == 422
    assert "field-error" in field(page.text, "triage-twitching-duration_days")
    assert 'value="ages"' in page.text


def test_empty_checkin_says_what_to_do(client):
    page = post(client, "/checkin", {"note": "only a note"})
    assert page.status_code == 422 and "Nothing to save yet" in page.text and "only a note" in page.text


def test_emergency_advice_comes_before_the_saved_confirmation(client):
    page = post(client, "/checkin", {"weakness": "7", "weakness_kind": "true_weakness", "weakness_onset": "sudden",
                                     "weakness_side": "left", "triage.signs.face_droop": "yes"})
    assert page.status_code == 200
    html = page.text
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Call emergency services now" in h1
    assert html.index("Call emergency services now") < html.index("Your check-in was also saved")
    assert 'href="tel:112"' in html and 'role="alert"' in html
    saved = client.post("/checkin", data={"csrf_token": token(client), "weakness": "7", "weakness_onset": "sudden",
                                          "weakness_kind": "true_weakness"}, headers={"Accept": "application/json"})
    assert saved.status_code == 201 and saved.json()["triage"]["urgency"] == "emergency"


def test_red_flag_questions_appear_only_when_relevant(client):
    quiet = post(client, "/checkin/questions", {"pain": "5"})
    assert quiet.status_code == 200 and "appear here when you log twitching or weakness" in quiet.text
    asked = post(client, "/checkin/questions", {"weakness": "5", "weakness_kind": "true_weakness"})
    assert "Is one side of your face drooping" in asked.text and 'name="triage.signs.face_droop"' in asked.text
    assert "How did it start?" not in asked.text  # asked in the main form, pointed to instead
    assert 'href="#f-weakness_onset"' in asked.text
    urgent = post(client, "/checkin/questions", {"weakness": "5", "triage.signs.face_droop": "yes"})
    assert "Call emergency services now" in urgent.text
    data = post(client, "/checkin/questions", {"twitching": "4"}, headers={"Accept": "application/json"}).json()
    assert data["active"] and any(q["id"] == "signs.tongue_twitching" for q in data["questions"])


def test_quick_twitch_log_and_undo(client):
    done = post(client, "/checkin/quick", {"value": "5", "site": "eyelid_left"}, headers={"HX-Request": "true"})
    assert done.status_code == 200 and "Saved: twitch 5/10, Eyelid, left" in done.text
    [obs] = client.get("/api/observations").json()
    assert (obs["trackable"], obs["value"], obs["body_site"], obs["detail"]) == ("twitching", 5, "eyelid_left",
                                                                                  {"count": 1})
    undone = post(client, f"/checkin/quick/{obs['id']}/undo", {}, headers={"HX-Request": "true"})
    assert "Removed" in undone.text and client.get("/api/observations").json() == []
    without_js = post(client, "/checkin/quick", {"value": "12"})
    assert without_js.status_code == 422 and "Not saved" in without_js.text


def test_same_as_yesterday_starts_from_the_last_days_answers(client):
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    client.post("/api/checkins", json={"at": yesterday, "entries": [
        {"trackable": "pain", "value": 6, "site": "neck"}, {"trackable": "sleep_hours", "value": 6.5},
        {"trackable": "caffeine", "value": 2, "serving": "espresso"}]})
    today = client.get("/").text
    assert "Same as yesterday" in today and "yesterday 6" in today
    page = client.get("/today?from=yesterday").text
    assert checked(page, "pain", "6") and checked(page, "pain_sites", "neck")
    assert 'value="6.5"' in page and 'value="2"' in field(page, "serving_espresso")


def test_medicines_taken_are_logged_with_their_dose(client):
    client.post("/api/treatments", json={"name": "Pregabalin", "kind": "medication", "dose": "75 mg"})
    assert "Pregabalin" in client.get("/").text
    post(client, "/checkin", {"med": "Pregabalin"})
    [obs] = client.get("/api/observations").json()
    assert obs["trackable"] == "med:pregabalin" and obs["detail"] == {"dose": "75 mg"}


def test_acr2016_in_the_browser_form(client):
    answers = {"pain_areas": ["neck", "upper_back", "lower_back", "chest", "shoulder_girdle_left",
                              "shoulder_girdle_right", "hip_left", "upper_leg_right"],
               "fatigue": "2", "waking_unrefreshed": "2", "cognitive": "2", "headaches": "yes",
               "lower_abdominal_pain": "no", "depression": "no", "symptoms_3_months": "yes"}
    missing = post(client, "/assessments/acr2016", {k: v for k, v in answers.items() if k != "fatigue"})
    assert missing.status_code == 422 and "Please answer this question." in field(missing.text, "fatigue")
    assert checked(missing.text, "pain_areas", "neck") and checked(missing.text, "cognitive", "2")
    result = post(client, "/assessments/acr2016", answers)
    assert result.status_code == 200
    assert "Meets the survey criteria" in result.text and "not valid for clinical diagnosis" in result.text
    assert "WPI 8 of 19" in result.text and "REFERENCE.md" not in result.text
    history = client.get("/api/assessments").json()
    assert history[0]["assessments"][0]["result"]["wpi"] == 8


def test_wpi_is_prefilled_from_the_weeks_pain_log(client):
    client.post("/api/checkins", json={"entries": [{"trackable": "pain", "value": 4, "site": "calf_left"},
                                                   {"trackable": "pain", "value": 3, "site": "neck"}]})
    page = client.get("/assessments/acr2016").text
    assert checked(page, "pain_areas", "lower_leg_left") and checked(page, "pain_areas", "neck")
    assert not checked(page, "pain_areas", "chest")


def test_fiqr_and_first_forms(client):
    first = post(client, "/assessments/first", {f"answers[{i}]": v for i, v in
                                                enumerate(["yes", "yes", "no", "yes", "yes", "yes"])})
    assert first.status_code == 200 and "screens positive" in first.text.lower()
    fiqr = post(client, "/assessments/fiqr", {"function[0]": "11"})
    assert fiqr.status_code == 422 and "field-error" in field(fiqr.text, "function[0]")


def test_treatments_add_stop_with_eular_and_review(client):
    bad = post(client, "/treatments", {"name": " ", "dose": "75 mg", "kind": "medication"})
    assert bad.status_code == 422 and "must not be empty" in field(bad.text, "name") and 'value="75 mg"' in bad.text
    added = post(client, "/treatments", {"name": "Pregabalin", "dose": "75 mg", "kind": "medication"},
                 follow_redirects=False)
    assert added.status_code == 303
    page = client.get(added.headers["location"]).text
    assert "Added Pregabalin." in page and "EULAR 2016: weak for" in page
    post(client, "/treatments", {"name": "prednisolone", "kind": "medication"})
    assert "corticosteroid" in client.get("/treatments").text.lower()
    treatment_id = client.get("/api/treatments").json()[0]["id"]
    future = post(client, f"/treatments/{treatment_id}/stop", {"stopped_on": "2999-01-01"})
    assert future.status_code == 422 and "in the future" in field(future.text, f"stop-{treatment_id}")
    stopped = post(client, f"/treatments/{treatment_id}/stop", {})
    assert "Recorded that you stopped Pregabalin." in stopped.text


def test_learn_pages_cite_sources_and_unknown_pages_are_404_pages(client):
    topic = client.get("/learn/twitching")
    assert topic.status_code == 200 and "Sources" in topic.text and 'rel="noopener"' in topic.text
    missing = client.get("/learn/nothing-here", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "<h1>No such topic</h1>" in missing.text
    nowhere = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert nowhere.status_code == 404 and "<h1>Page not found</h1>" in nowhere.text
    assert client.get("/api/nothing").json() == {"detail": "Not Found"}


def test_insights_on_demo_data(client):
    from fibrotrack.services.demo import fill_demo

    fill_demo(client.app.state.db, person="me", days=180, seed=1)
    page = client.get("/insights")
    assert page.status_code == 200
    assert "Suspected links" in page.text and "95% interval" in page.text and "effect-graphic" in page.text
    assert "Did a treatment help?" in page.text and "magnesium" in page.text
    assert "/experiments/new?exposure=" in page.text
    data = client.get("/insights", headers={"Accept": "application/json"}).json()
    assert data["triggers"] and {"symptom", "exposure", "effect", "ci_low", "ci_high"} <= set(data["triggers"][0])


def test_insights_with_few_days_says_how_many_more(client):
    client.post("/api/checkins", json={"entries": [{"trackable": "twitching", "value": 3},
                                                   {"trackable": "caffeine_mg", "value": 100}]})
    page = client.get("/insights").text
    assert "Not enough data yet" in page and "more days" in page


def test_plan_preview_start_and_follow_a_self_experiment(client):
    form = {"exposure": "caffeine_mg", "outcome": "twitching", "pairs": "1", "action": "preview"}
    bad = post(client, "/experiments/new", form)
    assert bad.status_code == 422 and "outside 2" in field(bad.text, "pairs") and checked(bad.text, "outcome", "twitching")
    preview = post(client, "/experiments/new", {**form, "pairs": "4"})
    assert preview.status_code == 200 and "Chance of a clear result" in preview.text and "(this plan)" in preview.text
    seed = re.search(r'name="seed" value="(\d+)"', preview.text).group(1)
    assert client.get("/api/experiments").json() == []  # a preview saves nothing
    started = post(client, "/experiments/new", {**form, "pairs": "4", "seed": seed, "action": "start"},
                   follow_redirects=False)
    assert started.status_code == 303
    [experiment] = client.get("/api/experiments").json()
    assert str(experiment["design"]["seed"]) == seed  # the calendar started is the one previewed
    detail = client.get(started.headers["location"]).text
    assert "Result so far" in detail and "Did you follow today's plan?" in detail
    assert "Today's experiment: Caffeine and muscle twitching" in client.get("/").text
    followed = post(client, f"/experiments/{experiment['id']}/adherence", {"followed": "yes", "next": "today"},
                    follow_redirects=False)
    assert followed.status_code == 303 and followed.headers["location"] == "/"
    assert list(client.get("/api/experiments").json()[0]["adherence"].values()) == [True]
    post(client, f"/experiments/{experiment['id']}/status", {"action": "stop"})
    assert client.get("/api/experiments").json()[0]["status"] == "stopped"
    again = post(client, f"/experiments/{experiment['id']}/status", {"action": "stop"})
    assert again.status_code == 422 and "nothing to stop" in again.text


def test_person_parameter_is_kept_in_links_and_forms(client):
    page = client.get("/?person=ann").text
    assert 'action="/checkin?person=ann"' in page and 'href="/history?person=ann"' in page
    post(client, "/checkin?person=ann", {"fatigue": "6"})
    assert client.get("/api/observations?person=ann").json()[0]["value"] == 6
    assert client.get("/api/observations").json() == []


def test_chart_specs_are_valid_vega_lite():
    from datetime import date

    from fibrotrack.web import charts

    days = [(date(2026, 1, 1) + timedelta(days=i), float(i % 7) if i % 5 else None) for i in range(40)]
    bands = [{"name": "Magnesium", "start": "2026-01-10", "end": "2026-02-10"}]
    for chart in (charts.calendar_heatmap(days, label="Pain"),
                  charts.symptom_chart(days, code="pain", label="Pain", period=(days[0][0], days[-1][0]),
                                       exposure=days, exposure_label="Caffeine (mg)", treatments=bands),
                  charts.score_chart([{"on": "2026-01-01", "value": 12}, {"on": "2026-02-01", "value": 9}],
                                     title="FS", high=31)):
        spec = chart.to_dict(validate=True)
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")


def test_body_map_draws_every_catalog_site_once():
    from fibrotrack.catalog import BODY_SITES, WPI_AREA_CODES
    from fibrotrack.web.bodymap import body_map, wpi_map

    codes = body_map().codes
    assert sorted(codes) == sorted(s.code for s in BODY_SITES) and len(codes) == len(set(codes))
    assert sorted(wpi_map().codes) == sorted(WPI_AREA_CODES)
