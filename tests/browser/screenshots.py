"""Write screenshots of every page at phone (390×844) and desktop (1280×800) sizes: ``make screenshots``.

The app runs on a throwaway database holding 180 days of demo diary, a few past questionnaires and a
self-experiment started a month ago, so every page has something to show.

Usage: python tests/browser/screenshots.py [OUTPUT_DIR] [--scheme light|dark]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import DESKTOP, PHONE, answer_acr_symptoms, launch, live_server, preview_experiment  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _history(server) -> None:  # type: ignore[no-untyped-def]
    from fibrotrack.services import assessments, experiments

    now = datetime.now(timezone.utc)
    acr = {"fatigue": 2, "waking_unrefreshed": 2, "cognitive": 1, "headaches": True, "lower_abdominal_pain": False,
           "depression": False, "symptoms_3_months": True}
    areas = ["neck", "upper_back", "lower_back", "shoulder_girdle_left", "shoulder_girdle_right", "hip_left",
             "hip_right", "upper_leg_left", "lower_leg_right"]
    for weeks, n_areas in ((16, 9), (12, 8), (8, 7), (4, 6)):
        assessments.assess(server.db, person=server.person, instrument="acr2016",
                           answers={**acr, "pain_areas": areas[:n_areas]}, now=now - timedelta(weeks=weeks))
    for weeks, level in ((10, 6), (7, 6), (4, 5), (1, 4)):
        assessments.assess(server.db, person=server.person, instrument="fiqr",
                           answers={"function": [level] * 9, "overall": [level, level - 1],
                                    "symptoms": [level] * 10}, now=now - timedelta(weeks=weeks))
    experiments.new_experiment(server.db, person=server.person, exposure="caffeine", outcome="twitching", seed=7,
                               now=now - timedelta(days=30))


def _checkin_red_flags(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    page.get_by_role("group", name=re.compile("^Muscle weakness today")).get_by_role(
        "radio", name="6", exact=True).check()
    page.get_by_role("radio", name="True weakness: I can't do it at all").check()
    page.get_by_role("group", name="Which side?").get_by_role("radio", name="Left", exact=True).check()
    page.locator("#where-weakness > summary").click()
    page.locator('#where-weakness path[data-site="hand_left"]').click()
    page.get_by_role("group", name="Is one side of your face drooping, for example a lopsided smile?").wait_for()
    page.get_by_role("group", name="Is one side of your face drooping, for example a lopsided smile?").get_by_role(
        "radio", name="No", exact=True).check()
    page.wait_for_timeout(400)
    page.evaluate("document.getElementById('rf-h').scrollIntoView({block: 'start'})")


def _emergency(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    page.get_by_role("group", name=re.compile("^Muscle weakness today")).get_by_role(
        "radio", name="7", exact=True).check()
    page.get_by_role("group", name="How did it start?").get_by_role("radio", name="Suddenly (seconds or minutes)").check()
    page.get_by_role("group", name="Which side?").get_by_role("radio", name="Left", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    page.locator(".triage-emergency").wait_for()


def _acr_form(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/assessments/acr2016")
    page.evaluate("document.querySelector('.bodymap').scrollIntoView({block: 'center'})")


def _acr_result(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/assessments/acr2016")
    answer_acr_symptoms(page)
    page.get_by_role("button", name="See my result").click()
    page.get_by_role("heading", name="Why").wait_for()


def _experiment_plan(page, url: str) -> None:  # type: ignore[no-untyped-def]
    preview_experiment(page, url)
    page.evaluate("document.getElementById('plan-h').scrollIntoView({block: 'start'})")


def _experiment(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/experiments")
    page.get_by_role("link", name="See this experiment").first.click()
    page.get_by_role("heading", name="Result so far").wait_for()


SHOTS = [
    ("today", "/", None), ("today-red-flags", None, _checkin_red_flags), ("emergency", None, _emergency),
    ("history", "/history", None), ("insights", "/insights", None), ("experiment-plan", None, _experiment_plan),
    ("experiment", None, _experiment), ("assessments", "/assessments", None), ("acr2016-body-map", None, _acr_form),
    ("acr2016-result", None, _acr_result), ("treatments", "/treatments", None), ("learn", "/learn", None),
    ("learn-topic", "/learn/twitching", None), ("share", "/share", None),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    args = parser.parse_args(argv)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, live_server(Path(tmp) / "shots.db", demo_days=180) as server, \
            sync_playwright() as playwright:
        _history(server)
        browser = launch(playwright)
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            context = browser.new_context(viewport=viewport, color_scheme=args.scheme, locale="en-GB",
                                          timezone_id="UTC", device_scale_factor=1)
            page = context.new_page()
            for name, path, reach in SHOTS:
                if reach is None:
                    page.goto(server.url + path)
                else:
                    reach(page, server.url)
                page.wait_for_load_state("networkidle")
                for chart in page.locator(".chart").all():
                    chart.locator("svg").first.wait_for()
                suffix = "" if args.scheme == "light" else "-dark"
                target = out / f"{name}-{size}{suffix}.png"
                page.screenshot(path=str(target), full_page=False)
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            context.close()
        browser.close()
        _report_first_page(server, out)
    return 0


def _report_first_page(server, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The clinician report's first page as PNG (``report-page1.png``), rendered by poppler's pdftoppm."""
    from fibrotrack.services import report

    if shutil.which("pdftoppm") is None:
        print("pdftoppm (Debian poppler-utils) is missing: no report screenshot", file=sys.stderr)
        return
    pdf = out / "report.pdf"
    pdf.write_bytes(report.report_pdf(server.db, person=server.person))
    try:
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(out / "report-page1")], check=True)
    finally:
        pdf.unlink()
    print(out / "report-page1.png")


if __name__ == "__main__":
    raise SystemExit(main())
