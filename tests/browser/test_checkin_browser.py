"""The daily check-in in a real browser on a phone-sized screen."""

from __future__ import annotations

import re
import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def scale(page, name: str):  # type: ignore[no-untyped-def]
    """The 0–10 tap scale whose legend starts with ``name``."""
    return page.get_by_role("group", name=re.compile(f"^{re.escape(name)}"))


def test_complete_a_checkin_on_a_phone_and_find_it_in_history(server, phone):
    page = phone
    page.goto(server.url + "/")
    assert page.viewport_size == {"width": 390, "height": 844}
    scale(page, "Muscle twitching today").get_by_role("radio", name="5", exact=True).check()
    page.get_by_label("How often? About how many twitch episodes today").fill("8")
    page.locator("#where-twitching > summary").click()
    page.locator('#where-twitching path[data-site="calf_left"]').click()
    assert page.locator('#where-twitching path[data-site="calf_left"]').get_attribute("aria-checked") == "true"
    assert page.locator("#where-twitching [data-selected-list]").inner_text() == "Calf, left"
    scale(page, "Pain today").get_by_role("radio", name="4", exact=True).check()
    page.locator("#where-pain > summary").click()
    page.locator('#where-pain path[data-site="lower_back"]').click()
    page.get_by_role("button", name="Half an hour more").click()
    for _ in range(14):
        page.get_by_role("button", name="Half an hour more").click()
    assert page.locator("#in-sleep_hours").input_value() == "7.5"
    page.get_by_role("button", name=re.compile("^One more: Cup of brewed coffee")).click()
    page.get_by_role("button", name=re.compile("^One more: Cup of brewed coffee")).click()
    assert page.locator("[data-caffeine-total]").inner_text() == "192"
    page.get_by_label("Anything else about today?").fill("Walked to the shops")
    page.get_by_role("button", name="Save check-in").click()

    page.wait_for_url(re.compile(r"/checkin$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Check-in saved"
    saved = page.locator(".saved").inner_text()
    assert "Muscle twitching" in saved and "Calf, left" in saved and "192 mg" in saved
    page.get_by_role("link", name="See your history").click()
    recent = page.locator("section", has=page.get_by_role("heading", name="Recent entries")).inner_text()
    assert "Muscle twitching" in recent and "5/10" in recent and "Calf, left" in recent
    assert "Lower back" in recent and "7.5 h" in recent and "Walked to the shops" in recent
    page.wait_for_selector("#chart-twitching svg")  # the vendored Vega drew the chart
    assert page.js_errors == []


def test_quick_twitch_log_takes_two_taps(server, phone):
    page = phone
    page.goto(server.url + "/")
    started = time.monotonic()
    page.get_by_role("radio", name="Eyelid, left").check()
    page.get_by_role("button", name=re.compile("^Moderate")).click()
    page.get_by_text("Saved: twitch 5/10, Eyelid, left").wait_for()
    assert time.monotonic() - started < 10
    page.get_by_role("button", name="Undo").click()
    page.get_by_text("Removed the twitch you logged.").wait_for()


def test_a_failed_save_never_loses_the_entry(server, phone):
    page = phone
    page.goto(server.url + "/")
    scale(page, "Fatigue today").get_by_role("radio", name="7", exact=True).check()
    page.get_by_label("Anything else about today?").fill("Bad day, kept anyway")
    page.route("**/checkin", lambda route: route.abort())  # the server is unreachable
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_timeout(500)
    page.unroute("**/checkin")
    page.goto(server.url + "/")
    banner = page.locator("[data-draft-banner]")
    banner.wait_for()
    assert "brought back the check-in" in banner.inner_text()
    assert scale(page, "Fatigue today").get_by_role("radio", name="7", exact=True).is_checked()
    assert page.get_by_label("Anything else about today?").input_value() == "Bad day, kept anyway"

    page.get_by_label("Hours slept last night").fill("lots")  # the server refuses this one
    page.get_by_role("button", name="Save check-in").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement")
    assert "'lots' is not a number" in page.locator("#f-sleep_hours .field-error").inner_text()
    assert page.get_by_label("Anything else about today?").input_value() == "Bad day, kept anyway"
    assert page.evaluate("Object.keys(localStorage).some(k => k.startsWith('fibrotrack:draft:'))")

    page.get_by_label("Hours slept last night").fill("6")
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Check-in saved").wait_for()
    assert not page.evaluate("Object.keys(localStorage).some(k => k.startsWith('fibrotrack:draft:'))")
    page.goto(server.url + "/")
    assert page.locator("[data-draft-banner]").is_hidden()


def test_body_map_works_with_the_keyboard(server, desktop):
    page = desktop
    page.goto(server.url + "/")
    scale(page, "Muscle weakness today").get_by_role("radio", name="3", exact=True).check()
    page.locator("#where-weakness > summary").click()
    region = page.get_by_role("checkbox", name="Hand, right").first
    region.focus()
    page.keyboard.press("Space")
    assert region.get_attribute("aria-checked") == "true"
    assert page.locator('#where-weakness input[value="hand_right"]').is_checked()
    page.keyboard.press("Enter")
    assert region.get_attribute("aria-checked") == "false"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused and focused != "Hand, right"
