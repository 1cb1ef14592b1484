"""Benchmark: peak memory of reading each hostile file with the default ceilings.

Run: python tests/bench/bench_hostile.py
Each file is read in a fresh process, after it was built: the figures are what reading (and
refusing) costs, not the corpus. Printed per file: the outcome, the peak of Python allocations
while reading (tracemalloc, numpy included), and the process's resident peak above what it
held before reading (VmHWM after resetting it through /proc/self/clear_refs). Fails when a
refused file's peak reaches 200 MB.
"""

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LIMIT_MB = 200


def main() -> int:
    from tests.fixtures.hostile.corpus import CASES

    print(f"{'file':34} {'outcome':40} {'traced MB':>9} {'RSS MB':>7} {'s':>6}")
    worst = 0.0
    for case in CASES:
        out = subprocess.run(
            [sys.executable, __file__, case.name], capture_output=True, text=True, check=True
        ).stdout.split("\t")
        outcome, traced, resident, seconds = out[0], float(out[1]), float(out[2]), float(out[3])
        print(f"{case.name:34} {outcome:40} {traced:9.1f} {resident:7.1f} {seconds:6.1f}")
        if case.refused:
            worst = max(worst, traced, resident)
    print(f"highest peak of a refused file: {worst:.1f} MB (limit {LIMIT_MB} MB)")
    return 0 if worst < LIMIT_MB else 1


def read_one(name: str) -> None:
    from coaching.importing import ImportRefused, read_table
    from tests.fixtures.hostile.corpus import content

    data = content(name)
    before = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = f"read, {len(read_table(data, name).frame)} rows"
    except ImportRefused as refused:
        outcome = refused.key.removeprefix("data.refused.")
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    resident = max(_status("VmHWM") - before, 0) / 1024
    print(f"{outcome}\t{traced:.1f}\t{resident:.1f}\t{seconds:.1f}", end="")


def _status(field: str) -> int:
    """A /proc/self/status figure in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        read_one(sys.argv[1])
    else:
        sys.exit(main())
