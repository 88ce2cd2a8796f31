"""Benchmark: how long the clinician PDF takes for a year of simulated data (run from the repository root).

    .venv/bin/python tests/report/bench_report.py

Prints the data-building time, the first render (which starts vl-convert's JavaScript engine) and the
median of later renders, then one JSON line with the same figures. The target is under 5 s per report.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import year_report  # noqa: E402  (the report tests' fixture builder)

from fibrotrack.report import render_pdf  # noqa: E402
from fibrotrack.report.pdf import page_count  # noqa: E402


def main(repeats: int = 5) -> dict[str, float]:
    started = time.perf_counter()
    data = year_report()
    built = time.perf_counter() - started
    started = time.perf_counter()
    pdf = render_pdf(data)
    first = time.perf_counter() - started
    later = []
    for _ in range(repeats):
        started = time.perf_counter()
        render_pdf(data)
        later.append(time.perf_counter() - started)
    figures = {"days": data.days_in_period, "observations_days_logged": data.days_logged, "build_data_s": built,
               "first_render_s": first, "median_render_s": statistics.median(later), "pages": page_count(pdf),
               "pdf_bytes": len(pdf)}
    print(f"year of data ({data.days_in_period} days, {data.days_logged} logged): built in {built:.2f} s")
    print(f"first render {first:.2f} s (includes starting vl-convert), then median {figures['median_render_s']:.2f} s "
          f"over {repeats}; {figures['pages']} pages, {len(pdf) / 1024:.0f} KiB")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
