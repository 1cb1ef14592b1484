"""Benchmark: import 100 000 deal rows (German Pipedrive export) beside plain pandas.read_csv.

Run: python tests/bench/bench_import.py [rows] [database URL]
Prints rows per second for reading alone (pandas), for the whole import into an empty store,
and for re-importing the same file (all rows unchanged); then the peak memory of an import into
an empty store (tracemalloc, in a run of its own: tracing slows it down) against the size of the
file as a pandas frame of text cells.
"""

import io
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coaching.importing import import_file  # noqa: E402
from coaching.store import accounts as repo  # noqa: E402
from coaching.store import open_store, write  # noqa: E402

HEADER = (
    "Deal - ID;Deal - Titel;Deal - Organisation;Deal - Besitzer;Deal - Status;Deal - Wert;"
    "Deal - Deal erstellt;Deal - Deal geschlossen am;Deal - Phase;Deal - Verlustgrund"
)


def export_file(rows: int) -> bytes:
    rng = random.Random(7)
    owners = ["Jonas Weber", "Aylin Demir", "Markus Roth", "Lena Fischer", "Tobias Klein"]
    stages = ["Qualifiziert", "Angebot gemacht", "Verhandlung", "Kontakt aufgenommen"]
    lines = [HEADER]
    for number in range(1, rows + 1):
        status = rng.choice(["gewonnen", "verloren", "offen", "offen"])
        created = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025"
        closed = (
            "" if status == "offen" else f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2026"
        )
        reason = "Kunde meldet sich nicht mehr" if status == "verloren" else ""
        amount = f"{rng.randint(500, 90000):,}".replace(",", ".") + f",{rng.randint(0, 99):02d}"
        lines.append(
            f"{number};Auftrag {number};Firma {number % 4000} GmbH;{rng.choice(owners)};{status};"
            f"{amount};{created};{closed};{rng.choice(stages)};{reason}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    data = export_file(rows)
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{folder}/bench.db"
        engine = open_store(url)
        with write(engine) as conn:
            team_id = repo.create_team(conn, f"Bench {time.time()}")

        started = time.perf_counter()
        frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="cp1252")
        pandas_seconds = time.perf_counter() - started

        started = time.perf_counter()
        first = import_file(engine, team_id, data, "bench.csv", "deals")
        import_seconds = time.perf_counter() - started

        started = time.perf_counter()
        again = import_file(engine, team_id, data, "bench.csv", "deals")
        reimport_seconds = time.perf_counter() - started

        with write(engine) as conn:
            fresh_team = repo.create_team(conn, f"Bench memory {time.time()}")
        tracemalloc.start()
        import_file(engine, fresh_team, data, "bench.csv", "deals")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        engine.dispose()

    size = len(data) / 1024 / 1024
    print(f"file: {rows} rows, {size:.1f} MB, Windows-1252, ';', German numbers and dates")
    print(f"{engine.dialect.name}")
    pandas_rate = len(frame) / pandas_seconds
    print(f"pandas.read_csv        {pandas_seconds:7.2f} s  {pandas_rate:10,.0f} rows/s")
    print(
        f"import (new rows)      {import_seconds:7.2f} s  {rows / import_seconds:10,.0f} rows/s"
        f"  new={first.new} rejected={first.rejected}"
    )
    print(
        f"re-import (unchanged)  {reimport_seconds:7.2f} s  {rows / reimport_seconds:10,.0f} rows/s"
        f"  unchanged={again.unchanged}"
    )
    in_pandas = frame.astype(str).memory_usage(deep=True).sum()
    print(
        f"peak memory of import  {peak / 2**20:7.1f} MiB = {peak / in_pandas:.1f} x the file in "
        f"pandas ({in_pandas / 2**20:.1f} MiB as text cells)"
    )


if __name__ == "__main__":
    main()
