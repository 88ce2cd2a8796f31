"""Browser fixtures: Debian's Chromium driven by Playwright against the app on a loopback port.

Each test gets a fresh SQLite database (``server``); ``demo_server`` is shared by a module and holds 180
days of demo diary. Without Chromium the tests are skipped locally and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import DESKTOP, PHONE, chromium_path, launch, live_server  # noqa: E402


def _need_chromium() -> None:
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright Python package is not installed"
    if problem is None and chromium_path() is None:
        problem = "Chromium is not installed (Debian package `chromium`; make test installs it)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path):
    with live_server(tmp_path / "browser.db") as running:
        yield running


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory):
    with live_server(tmp_path_factory.mktemp("demo") / "demo.db", demo_days=180) as running:
        yield running


def _page(browser, viewport: dict, color_scheme: str = "light"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme, locale="en-GB",
                                  timezone_id="UTC")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    return context, page


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context, page = _page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop(browser):  # type: ignore[no-untyped-def]
    context, page = _page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def new_page(browser):  # type: ignore[no-untyped-def]
    """``new_page(viewport, color_scheme)`` → a page in a fresh context (closed after the test)."""
    contexts = []

    def make(viewport: dict, color_scheme: str = "light"):  # type: ignore[no-untyped-def]
        context, page = _page(browser, viewport, color_scheme)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()
