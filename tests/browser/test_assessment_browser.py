"""The ACR 2016 survey taken in the browser through the body map."""

from __future__ import annotations

import pytest
from harness import answer_acr_symptoms

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AREAS = ["Neck", "Upper back", "Lower back", "Chest", "Shoulder girdle, left", "Shoulder girdle, right",
         "Hip (buttock, trochanter), left", "Upper leg, right"]


def test_take_acr2016_with_the_body_map_and_see_the_result(server, phone):
    page = phone
    page.goto(server.url + "/assessments")
    page.get_by_role("link", name="ACR 2016 revised fibromyalgia criteria (self-report version)").click()
    for label in AREAS[:-1]:
        page.get_by_role("checkbox", name=label, exact=True).first.click()
    last = page.get_by_role("checkbox", name=AREAS[-1], exact=True).first
    last.focus()
    page.keyboard.press("Space")
    selected = page.locator("[data-selected-list]").inner_text()
    assert all(label in selected for label in AREAS)
    answer_acr_symptoms(page)
    page.get_by_role("button", name="See my result").click()

    page.get_by_role("heading", name="Meets the survey criteria (ACR 2016 survey, self-report).").wait_for()
    body = page.locator("main").inner_text()
    assert "WPI 8 of 19 areas painful" in body and "not valid for clinical diagnosis" in body
    assert "only a clinician can diagnose fibromyalgia" in body
    page.goto(server.url + "/assessments")
    assert "Meets the survey criteria" in page.locator("main").inner_text()
    assert page.js_errors == []


def test_wpi_is_prefilled_from_pain_logged_this_week(server, desktop):
    page = desktop
    page.request.post(server.url + "/api/checkins", data={"entries": [
        {"trackable": "pain", "value": 5, "site": "neck"}, {"trackable": "pain", "value": 4, "site": "calf_right"}]})
    page.goto(server.url + "/assessments/acr2016")
    assert page.get_by_role("checkbox", name="Neck", exact=True).first.get_attribute("aria-checked") == "true"
    assert page.get_by_role("checkbox", name="Lower leg, right").first.get_attribute("aria-checked") == "true"
    assert "Ticked from the pain you logged" in page.locator("main").inner_text()
