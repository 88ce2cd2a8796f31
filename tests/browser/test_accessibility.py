"""Every page, in light and dark colour schemes, at phone and desktop sizes: axe-core (vendored) finds no
serious or critical WCAG 2.x A/AA violation, and nothing scrolls sideways at 360 px or at 200% zoom."""

from __future__ import annotations

import re

import pytest
from harness import DESKTOP, PHONE, preview_experiment, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _wait_for_charts(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    for chart in page.locator(".chart").all():
        chart.locator("svg").first.wait_for()


def _red_flags_open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    page.get_by_role("group", name=re.compile("^Muscle weakness today")).get_by_role(
        "radio", name="6", exact=True).check()
    page.get_by_role("group", name="Is one side of your face drooping, for example a lopsided smile?").wait_for()
    page.locator("#where-weakness > summary").click()
    page.locator("#where-weakness .site-list > summary").click()
    page.locator('#where-weakness path[data-site="hand_left"]').click()


def _form_error(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    page.get_by_label("Hours slept last night").fill("lots")
    page.get_by_role("button", name="Save check-in").click()
    page.locator(".error-summary").wait_for()


def _emergency_saved(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    page.get_by_role("group", name=re.compile("^Muscle weakness today")).get_by_role(
        "radio", name="6", exact=True).check()
    page.get_by_role("group", name="How did it start?").get_by_role("radio", name="Suddenly (seconds or minutes)").check()
    page.get_by_role("button", name="Save check-in").click()
    page.locator(".triage-emergency").wait_for()


def _assessment_result(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/assessments/first")
    for i, answer in enumerate(["yes", "yes", "no", "yes", "no", "yes"]):
        page.locator(f'input[name="answers[{i}]"][value="{answer}"]').check()
    page.get_by_role("button", name="See my result").click()
    page.get_by_role("heading", name="Why").wait_for()


def _experiment_detail(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/experiments")
    links = page.get_by_role("link", name="See this experiment")
    if links.count() == 0:
        preview_experiment(page, url)
        page.get_by_role("button", name="Start this experiment").click()
    else:
        links.first.click()
    page.get_by_role("heading", name="Result so far").wait_for()


def _quick_logged(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    page.get_by_role("button", name=re.compile("^Mild")).click()
    page.get_by_text("Saved: twitch 2/10").wait_for()


def _import_refused(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/share")
    page.get_by_label("File to import").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv",
                "buffer": b"at,trackable,value,unit,body_site,detail,note,source_id\nnope,pain,3,0-10,,,,x\n"}])
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("table").wait_for()


PAGES = ["/", "/?from=yesterday", "/history", "/history?days=365&symptom=pain&exposure=sleep_hours", "/insights",
         "/experiments", "/experiments/new", "/assessments", "/assessments/acr2016", "/assessments/fiqr",
         "/assessments/first", "/assessments/mrc", "/treatments", "/learn", "/learn?q=caffeine",
         "/learn/twitching", "/learn/eular_2016", "/share", "/no-such-page"]
STATES = {"red flags and body map open": _red_flags_open, "form error": _form_error,
          "emergency saved": _emergency_saved, "assessment result": _assessment_result,
          "experiment preview": preview_experiment, "experiment": _experiment_detail, "quick log": _quick_logged,
          "import refused": _import_refused}


def _check(page, name: str, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    _wait_for_charts(page)
    for violation in run_axe(page):
        if violation["impact"] in ("serious", "critical"):
            nodes = "; ".join(n["target"] for n in violation["nodes"][:3])
            problems.append(f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} at {nodes}")
    if page.evaluate("document.querySelectorAll('h1').length") != 1:
        problems.append(f"{name}: not exactly one h1")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_no_serious_or_critical_axe_violation_on_any_page(demo_server, new_page, scheme, size):
    page = new_page(PHONE if size == "phone" else DESKTOP, scheme)
    problems: list[str] = []
    for path in PAGES:
        page.goto(demo_server.url + path)
        _check(page, path, problems)
    for name, reach in STATES.items():
        reach(page, demo_server.url)
        _check(page, name, problems)
    assert not problems, "\n".join(problems)
    assert page.js_errors == []


@pytest.mark.parametrize("width", [360, 640])
def test_nothing_scrolls_sideways_at_360px_or_200_percent_zoom(demo_server, new_page, width):
    # 640 CSS px is a 1280 px window at 200% zoom.
    page = new_page({"width": width, "height": 800})
    wide = []
    for path in PAGES:
        page.goto(demo_server.url + path)
        _wait_for_charts(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            wide.append(f"{path}: {overflow}px")
    assert not wide, wide


def test_skip_link_and_visible_focus(demo_server, new_page):
    page = new_page(DESKTOP)
    page.goto(demo_server.url + "/history")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement") and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
