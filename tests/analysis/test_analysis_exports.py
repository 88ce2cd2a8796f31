"""The analysis package exports a sorted, importable API and the insights modules stay small."""

from __future__ import annotations

from pathlib import Path

import fibrotrack.analysis as analysis

SRC = Path(analysis.__file__).parent
INSIGHTS_MODULES = ("__init__", "batch", "cohort", "design", "estimates", "fdr", "fgls", "pair_fit", "processes",
                    "results", "rules", "series", "shrinkage", "simulate", "simulate_cohort", "treatments", "triggers",
                    "units", "wording")


def test_all_is_sorted_and_importable():
    assert analysis.__all__ == sorted(analysis.__all__)
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None


def test_insights_modules_stay_under_400_lines():
    sizes = {m: len((SRC / f"{m}.py").read_text(encoding="utf-8").splitlines()) for m in INSIGHTS_MODULES}
    assert max(sizes.values()) < 400, sizes
