"""Benchmark: score 5 000 customers with 5 years of monthly invoices (prints the time).

Run: python tests/bench/bench_radar.py
"""

import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coaching import radar  # noqa: E402

CUSTOMERS = 5_000
MONTHS = 60
TODAY = date(2026, 11, 23)


def synthetic(customers: int = CUSTOMERS, months: int = MONTHS, seed: int = 7):
    """Monthly invoices for every customer: some steady, some shrinking, some paying later."""
    rng = np.random.default_rng(seed)
    ids = np.repeat(np.arange(1, customers + 1), months)
    k = np.tile(np.arange(months), customers)
    first = pd.period_range(end=pd.Timestamp(TODAY).to_period("M") - 1, periods=months, freq="M")
    invoice_date = pd.DatetimeIndex(first.to_timestamp()[k]) + pd.Timedelta(days=14)
    kind = ids % 10
    level = rng.uniform(1_000, 50_000, customers)[ids - 1]
    trend = np.where(kind == 1, 0.98**k, 1.0)
    amount = level * trend * rng.uniform(0.9, 1.1, ids.size)
    delay = np.where(kind == 2, 10 + k, 20) + rng.integers(-3, 4, ids.size)
    invoices = pd.DataFrame(
        {
            "customer_id": ids,
            "invoice_number": [f"R{i}" for i in range(ids.size)],
            "invoice_date": invoice_date,
            "due_date": invoice_date + pd.Timedelta(days=30),
            "paid_date": invoice_date + pd.to_timedelta(delay, unit="D"),
            "amount": amount,
        }
    )
    n_logs = customers * 6
    logs = pd.DataFrame(
        {
            "customer_id": rng.integers(1, customers + 1, n_logs),
            "kind": rng.choice(radar.LOG_KINDS, n_logs),
            "on_date": pd.Timestamp(TODAY)
            - pd.to_timedelta(rng.integers(0, 720, n_logs), unit="D"),
        }
    )
    names = pd.DataFrame({"id": np.arange(1, customers + 1), "name": "Kunde", "number": None})
    return names, invoices, logs


def main() -> None:
    names, invoices, logs = synthetic()
    radar.score(names.head(50), invoices.head(3_000), logs.head(300), TODAY)  # warm-up
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        result = radar.score(names, invoices, logs, TODAY)
        timings.append(time.perf_counter() - started)
    lights = result.customers["light"].value_counts().to_dict()
    print(f"customers: {CUSTOMERS}, invoices: {len(invoices)}, log entries: {len(logs)}")
    print(f"score all customers: best {min(timings):.3f} s, median {sorted(timings)[1]:.3f} s")
    print(f"lights: {lights}")
    started = time.perf_counter()
    radar.history(names, invoices, logs, 2, TODAY, months=12)
    print(f"signal history of one customer (12 months): {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
