"""Benchmark: the daily check-in round trip in the web app (GET Today, then POST the check-in).

A year of demo diary (365 days, seed 1) fills a fresh SQLite database; the app runs in-process behind
Starlette's ASGI test client, so the times are the server's work (routing, services, SQLite, triage,
templates) without a network. Each round is one GET / and one POST /checkin with a full check-in
(twitching with sites, weakness with detail, pain, fatigue, sleep, stress, caffeine servings, a note).
The first rounds warm up caches and are not counted.

Prints a table, then one JSON line: {"benchmark", "rounds", "get_ms", "post_ms", "round_trip_ms"
(each with median and p95), "target_ms", "ok"}. The target: median and p95 round trip under 300 ms.

Usage: python bench/web_checkin.py [--rounds 40] [--days 365]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

TARGET_MS = 300.0
FORM = {"twitching": "4", "twitching_sites": ["calf_left", "eyelid_right"], "twitching_count": "6",
        "weakness": "2", "weakness_kind": "tiredness", "weakness_onset": "gradual", "weakness_side": "both",
        "pain": "5", "pain_sites": ["neck", "lower_back"], "fatigue": "6", "sleep_hours": "6.5",
        "sleep_quality": "4", "stress": "5", "anxiety": "3", "serving_coffee": "2", "exertion": "3",
        "note": "benchmark day", "triage.signs.tongue_twitching": "no"}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the web check-in round trip.")
    parser.add_argument("--rounds", type=int, default=40, help="measured rounds (default 40, at most 500)")
    parser.add_argument("--days", type=int, default=365, help="days of demo diary (default 365)")
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)
    rounds = max(1, min(args.rounds, 500))

    from fastapi.testclient import TestClient

    from fibrotrack.config import Settings
    from fibrotrack.services.demo import fill_demo
    from fibrotrack.storage import open_database
    from fibrotrack.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        db = open_database(url, default_time_zone="UTC")
        started = time.perf_counter()
        summary = fill_demo(db, person="me", days=args.days, seed=1)
        fill_s = time.perf_counter() - started
        app = create_app(Settings(db_url=url, person="me", time_zone="UTC"), db=db)
        gets: list[float] = []
        posts: list[float] = []
        with TestClient(app) as client:
            client.get("/")
            token = client.cookies.get("ft_csrf")
            for i in range(args.warmup + rounds):
                t0 = time.perf_counter()
                page = client.get("/")
                t1 = time.perf_counter()
                saved = client.post("/checkin", data={**FORM, "csrf_token": token})
                t2 = time.perf_counter()
                if page.status_code != 200 or saved.status_code != 200:
                    raise SystemExit(f"unexpected status {page.status_code}/{saved.status_code}")
                if i >= args.warmup:
                    gets.append((t1 - t0) * 1000)
                    posts.append((t2 - t1) * 1000)
        db.dispose()

    trips = [g + p for g, p in zip(gets, posts)]
    rows = [("GET /", gets), ("POST /checkin", posts), ("round trip", trips)]
    print(f"web check-in: {summary.observations_added} observations over {args.days} days "
          f"(demo filled in {fill_s:.1f} s), {rounds} rounds after {args.warmup} warm-up")
    print(f"{'request':<15}{'min':>9}{'median':>9}{'p95':>9}{'max':>9}  (ms)")
    for name, values in rows:
        print(f"{name:<15}{min(values):>9.1f}{statistics.median(values):>9.1f}{_percentile(values, 0.95):>9.1f}"
              f"{max(values):>9.1f}")
    result = {
        "benchmark": "web_checkin", "rounds": rounds, "days": args.days,
        "observations": summary.observations_added,
        **{f"{key}_ms": {"median": round(statistics.median(values), 1), "p95": round(_percentile(values, 0.95), 1)}
           for key, values in (("get", gets), ("post", posts), ("round_trip", trips))},
        "target_ms": TARGET_MS, "ok": statistics.median(trips) < TARGET_MS and _percentile(trips, 0.95) < TARGET_MS,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
