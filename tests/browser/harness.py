"""What the browser tests and the screenshot script share: a live server and Debian's Chromium.

The app runs under uvicorn on a free loopback port in a background thread, on its own SQLite file.
Chromium is the system one (``/usr/bin/chromium``, Debian package ``chromium``); Playwright never
downloads a browser here.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("FIBROTRACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def chromium_path() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


def launch(playwright):  # type: ignore[no-untyped-def]
    """Start headless Chromium with the flags a container needs."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    """A running app: its base ``url`` and open ``db``."""

    url: str
    db: object
    person: str


@contextmanager
def live_server(db_path: Path, *, person: str = "me", demo_days: int = 0, time_zone: str = "UTC") -> Iterator[LiveServer]:
    """Run the app on ``db_path`` (optionally filled with ``demo_days`` of demo diary) until the block ends."""
    import uvicorn

    from fibrotrack.config import Settings
    from fibrotrack.storage import open_database
    from fibrotrack.web.app import create_app

    url = f"sqlite:///{db_path}"
    db = open_database(url, default_time_zone=time_zone)
    if demo_days:
        from fibrotrack.services.demo import fill_demo

        fill_demo(db, person=person, days=demo_days, seed=1)
    app = create_app(Settings(db_url=url, person=person, time_zone=time_zone), db=db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", db, person)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        db.dispose()  # type: ignore[attr-defined]


def run_axe(page, *, tags: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")) -> list[dict]:
    """Inject the vendored axe-core and return the violations on the page (each with impact and nodes).

    axe files text with a measured contrast of 1:1 under "incomplete" (it might be hidden on purpose);
    on these pages nothing is, so any measured contrast below the requirement counts as a violation.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's Content-Security-Policy stays in force.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            const found = result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
            for (const item of result.incomplete.filter(i => i.id === 'color-contrast')) {
                const measured = item.nodes.filter(n => n.any.some(c => c.data && c.data.contrastRatio &&
                    c.data.expectedContrastRatio && c.data.contrastRatio < parseFloat(c.data.expectedContrastRatio)));
                if (measured.length) found.push({id: 'color-contrast', impact: 'serious', help: item.help,
                    nodes: measured.map(n => ({target: n.target.join(' '), summary: n.any.map(c => c.message).join(' ')}))});
            }
            return found;
        }""",
        list(tags),
    )


# --- steps several browser tests (and the screenshots) take ---------------------------------------

def answer_acr_symptoms(page) -> None:  # type: ignore[no-untyped-def]
    """On the ACR 2016 form: symptom severity 2/2/2, headaches and 3 months yes, the rest no."""
    for name in ("fatigue", "waking_unrefreshed", "cognitive"):
        page.locator(f'input[name="{name}"][value="2"]').check()
    for name, answer in (("headaches", "yes"), ("lower_abdominal_pain", "no"), ("depression", "no"),
                         ("symptoms_3_months", "yes")):
        page.locator(f'input[name="{name}"][value="{answer}"]').check()


def preview_experiment(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Plan an alcohol → pain experiment and wait for the power preview table."""
    page.goto(url + "/experiments/new?exposure=alcohol_units&outcome=pain")
    page.get_by_role("button", name="Preview the plan").click()
    page.get_by_role("table", name="Chance of a clear result").wait_for()
