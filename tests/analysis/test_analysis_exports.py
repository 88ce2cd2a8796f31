"""The analysis package exports a sorted, importable API and keeps its modules small."""

from __future__ import annotations

from pathlib import Path

import fibrotrack.analysis as analysis

SRC = Path(analysis.__file__).parent


def test_all_is_sorted_and_importable():
    assert analysis.__all__ == sorted(analysis.__all__)
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None


def test_modules_stay_under_400_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in SRC.glob("*.py")}
    assert max(sizes.values()) < 400, sizes
