"""Red-flag questions appear only when relevant, and an emergency is shown before anything else."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_sudden_one_sided_weakness_with_face_droop_shows_emergency_advice_first(server, phone):
    page = phone
    page.goto(server.url + "/")
    box = page.locator("#red-flags")
    assert "appear here when you log twitching or weakness" in box.inner_text()
    assert box.get_by_role("radio").count() == 0

    page.get_by_role("group", name=re.compile("^Muscle weakness today")).get_by_role(
        "radio", name="7", exact=True).check()
    page.get_by_role("radio", name="True weakness: I can't do it at all").check()
    page.get_by_role("group", name="Which side?").get_by_role("radio", name="Left", exact=True).check()
    face = page.get_by_role("group", name="Is one side of your face drooping, for example a lopsided smile?")
    face.wait_for()  # fetched for this partial case only now that weakness is logged
    assert "How did it start?" in box.inner_text() or "suddenly or gradually" in box.inner_text()
    face.get_by_role("radio", name="Yes").check()
    expect(box.get_by_role("alert")).to_contain_text("Call emergency services now")
    page.get_by_role("group", name="How did it start?").get_by_role(
        "radio", name="Suddenly (seconds or minutes)").check()
    page.get_by_role("button", name="Save check-in").click()

    heading = page.get_by_role("heading", level=1)
    heading.wait_for()
    assert "Emergency" in heading.inner_text() and "Call emergency services now" in heading.inner_text()
    first_box = heading.bounding_box()
    saved_box = page.get_by_role("heading", name="Your check-in was also saved").bounding_box()
    assert first_box["y"] < 844 and first_box["y"] < saved_box["y"]  # advice first, on the first screen
    assert page.get_by_role("link", name="Call 112").is_visible()
    assert "face drooping on one side" in page.locator(".triage-emergency").inner_text()


def test_twitching_alone_gets_reassurance_after_the_confirmation(server, phone):
    page = phone
    page.goto(server.url + "/")
    page.get_by_role("group", name=re.compile("^Muscle twitching today")).get_by_role(
        "radio", name="3", exact=True).check()
    page.get_by_role("group", name="Is your tongue twitching?").wait_for()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Check-in saved", level=1).wait_for()
    advice = page.locator(".triage-self_care")
    assert advice.bounding_box()["y"] > page.locator(".saved").bounding_box()["y"]
