"""Insights and self-experiments on 180 days of demo diary."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_insights_show_findings_with_intervals_and_lead_to_an_experiment(demo_server, desktop):
    page = desktop
    page.goto(demo_server.url + "/insights")
    findings = page.locator("article.finding")
    assert findings.count() >= 3
    first = findings.first.inner_text()
    assert "95% interval" in first and ("Likely" in first or "Possible" in first)
    assert findings.first.locator("svg.effect-graphic").count() == 1
    assert "Did a treatment help?" in page.locator("main").inner_text()
    caffeine = page.locator("article.finding", has_text="Caffeine and muscle twitching")
    caffeine.get_by_text("Test this with a self-experiment").click()
    caffeine.get_by_role("link", name="Plan this experiment").click()
    page.get_by_role("button", name="Preview the plan").click()
    table = page.get_by_role("table", name="Chance of a clear result")
    table.wait_for()
    assert "(this plan)" in table.inner_text()
    page.get_by_role("button", name="Start this experiment").click()
    page.get_by_role("heading", name="Result so far").wait_for()
    page.get_by_role("button", name="Yes, I followed it").click()
    assert "you said yes" in page.locator(".assignment").inner_text()
    page.goto(demo_server.url + "/")
    assert "Today's experiment: Caffeine and muscle twitching" in page.locator("main").inner_text()
    page.goto(demo_server.url + "/experiments")
    page.get_by_role("link", name="See this experiment").click()
    page.get_by_role("button", name="Stop the experiment").click()
    assert "Stopped" in page.locator(".page-head").inner_text()
