"""Apple Health import keeps memory flat: a 1 GB export is read in well under 200 MB.

The test writes two generated exports (100 MB and, by default, 1 GB — set FIBROTRACK_APPLE_TEST_MB to
change the large size) and imports each in a fresh Python process, reading that process's peak
resident memory (``ru_maxrss``). It checks the large import stays under 200 MB and uses about the same
memory as the small one, i.e. memory does not grow with the file. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

LIMIT_MB = 200
SMALL_MB = 100
LARGE_MB = int(os.environ.get("FIBROTRACK_APPLE_TEST_MB", "1000"))

# Peak resident memory of the importing process: VmHWM (Linux; reset at exec, unlike ru_maxrss, which can
# carry the forking parent's size into the child), else ru_maxrss.
_IMPORT = """
import json, resource, sys, time
from fibrotrack.interop.apple_health import parse_apple_health

def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

before = peak_mb()
start = time.perf_counter()
result = parse_apple_health(sys.argv[1])
print(json.dumps({"rows": len(result.rows), "seconds": time.perf_counter() - start, "peak_mb": peak_mb(),
                  "peak_mb_before": before}))
"""


def _import_in_subprocess(path) -> dict:
    done = subprocess.run([sys.executable, "-c", _IMPORT, str(path)], capture_output=True, text=True, check=True,
                          timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_memory_stays_flat_as_the_export_grows(tmp_path, apple_gen):
    figures = {}
    for size_mb in (SMALL_MB, LARGE_MB):
        path = tmp_path / f"export-{size_mb}mb.xml"
        started = time.perf_counter()
        apple_gen.write_export(path, days=1, samples=apple_gen.DENSE_SAMPLES, target_bytes=size_mb * 1_000_000)
        written = time.perf_counter() - started
        figures[size_mb] = _import_in_subprocess(path) | {"bytes": path.stat().st_size, "write_seconds": written}
        path.unlink()
    print(json.dumps(figures))  # shown with -s: peak memory and time per size
    small, large = figures[SMALL_MB], figures[LARGE_MB]
    assert large["bytes"] >= LARGE_MB * 1_000_000
    assert large["rows"] > small["rows"]
    assert large["peak_mb"] < LIMIT_MB
    assert large["peak_mb"] - small["peak_mb"] < 40, figures  # flat: not proportional to the 10× larger file
