"""Benchmark for Gründe & Trends: `python tests/bench/bench_reasons.py`.

Prints, for the demo workspace and for the demo plus 100 000 imported CRM deals, side by side:
the first page run (cold cache), a filter change (page rerun in AppTest, warm cache), and the bare
aggregation (filters + every chart's aggregation and takeaway, no Streamlit, no plotly).
Wall-clock and CPU time both: on a shared machine the CPU time is the steadier figure (AppTest runs
the page in a thread of this process, so the process CPU time covers it).
Targets: a filter change under 200 ms with the demo data and under 500 ms with 100 000 deals.
"""

import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from coaching import insights  # noqa: E402
from coaching.demo import reset_demo  # noqa: E402
from coaching.demo.crm_deals import LOST_REASONS  # noqa: E402
from coaching.store import insights as repo  # noqa: E402
from coaching.store import open_store, read, utcnow, versions, write  # noqa: E402
from coaching.store.schema import deals  # noqa: E402
from tests.app.conftest import sign_in  # noqa: E402
from tests.bench import quiet_streamlit  # noqa: E402

TODAY = date.today()
ROUNDS = 7
PERIODS = ["last_24_months", "last_12_months", "all", "last_quarter"]


def main() -> None:
    quiet_streamlit()
    results = {}
    for name, extra in (("Demo", 0), ("100 000 Deals", 100_000)):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            engine = open_store(url)
            team = reset_demo(engine, TODAY).team_id
            if extra:
                add_deals(engine, team, extra)
            results[name] = measure(engine, url, team)
            engine.dispose()
    print_table(results)


def measure(engine, url: str, team: int) -> dict[str, float]:
    os.environ["FUNKSTILLE_DATABASE_URL"] = url
    started = time.perf_counter()
    with read(engine) as conn:
        data = insights.build(repo.load_sources(conn, team))
    build_ms = ms(started)
    bare, bare_cpu, figures = [], [], []
    for period in PERIODS * 2:
        started, cpu = time.perf_counter(), time.process_time()
        view = insights.select(data, insights.Filters(period=period), TODAY, 5)
        frames = {key: insights.aggregate(key, view) for key in insights.CHARTS}
        for key, frame in frames.items():
            insights.takeaway(key, frame, view, "de")
        bare.append(ms(started))
        bare_cpu.append(cpu_ms(cpu))
        started = time.perf_counter()
        for key, frame in frames.items():
            if len(frame):
                insights.figure(key, frame, "de")
        figures.append(ms(started))
    at = sign_in(
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run(),
        "claudia@demo.funkstille.de",
    )
    at.switch_page("pages/reasons.py")
    started = time.perf_counter()
    at.run()
    first_ms = ms(started)
    assert not at.exception, at.exception
    reruns, reruns_cpu = [], []
    for round_ in range(ROUNDS):
        at.selectbox(key="reasons_period").set_value(PERIODS[round_ % len(PERIODS)])
        started, cpu = time.perf_counter(), time.process_time()
        at.run()
        reruns.append(ms(started))
        reruns_cpu.append(cpu_ms(cpu))
        assert not at.exception, at.exception
    return {
        "cases counted": len(data.observations),
        "build observations (cold, ms)": build_ms,
        "first page run (cold cache, ms)": first_ms,
        "filter change, page rerun (median ms)": statistics.median(reruns),
        "filter change, page rerun (median CPU ms)": statistics.median(reruns_cpu),
        "bare aggregation (median ms)": statistics.median(bare),
        "bare aggregation (median CPU ms)": statistics.median(bare_cpu),
        "figures, all charts (median ms)": statistics.median(figures),
    }


def add_deals(engine, team: int, count: int) -> None:
    rng = random.Random(100_000)
    labels = [label for label, weight in LOST_REASONS for _ in range(weight)]
    owners = ["Anna", "Ben", "Cem", "Dora", "Emil", "Frida", "Gero"]
    now = utcnow()
    with write(engine) as conn:
        for start in range(0, count, 10_000):
            rows = []
            for number in range(start, min(start + 10_000, count)):
                status = rng.choices(("lost", "won", "open"), (37, 45, 18))[0]
                closed = TODAY - timedelta(days=rng.randint(0, 1000))
                rows.append(
                    {
                        "team_id": team,
                        "source": "pipedrive",
                        "record_id": f"B{number}",
                        "name": f"Deal {number}",
                        "organisation": f"Firma {number % 3000}",
                        "owner_name": rng.choice(owners),
                        "status": status,
                        "amount": round(rng.lognormvariate(9.4, 0.9), 2),
                        "created_date": closed - timedelta(days=40),
                        "close_date": None if status == "open" else closed,
                        "stage": status,
                        "lost_reason": rng.choice(labels) if status == "lost" else None,
                        "imported_at": now,
                        "row_hash": hashlib.sha256(str(number).encode()).hexdigest(),
                    }
                )
            conn.execute(insert(deals), rows)
        versions.bump(conn, team)


def print_table(results: dict[str, dict[str, float]]) -> None:
    names = list(results)
    rows = list(next(iter(results.values())))
    width = max(len(r) for r in rows) + 2
    print(f"{'':<{width}}" + "".join(f"{n:>16}" for n in names))
    for row in rows:
        print(f"{row:<{width}}" + "".join(f"{results[n][row]:>16,.0f}" for n in names))
    print("targets: filter change < 200 ms (demo), < 500 ms (100 000 deals)")


def ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def cpu_ms(started: float) -> float:
    return (time.process_time() - started) * 1000


if __name__ == "__main__":
    main()
