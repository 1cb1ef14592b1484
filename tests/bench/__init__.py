"""Benchmarks, run by hand; shared set-up."""

import logging
import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from coaching.store import utcnow, write
from coaching.store.schema import deals

# AppTest formats widget values outside a script run and Streamlit warns about each one. Its log
# level is reset whenever it re-reads its config, so the two chatty loggers are switched off.
_CHATTY = (
    "streamlit.runtime.scriptrunner_utils.script_run_context",
    "streamlit.runtime.state.session_state_proxy",
)


def quiet_streamlit() -> None:
    for name in _CHATTY:
        logging.getLogger(name).disabled = True


def add_deals(engine, team_id: int, count: int) -> None:
    """`count` closed and open deals over three years, as if imported from a CRM."""
    rng = random.Random(7)
    reasons = [
        "Kein Budget",
        "Entscheidung verschoben",
        "Went with competitor",
        "keine Rückmeldung",
    ]
    start = date.today() - timedelta(days=3 * 365)
    rows = []
    for n in range(count):
        status = rng.choice(["won", "lost", "lost", "open"])
        rows.append(
            {
                "team_id": team_id,
                "source": "bench",
                "record_id": f"B{n}",
                "name": f"Deal {n}",
                "organisation": f"Kunde {n % 5000}",
                "owner_name": "Bench",
                "status": status,
                "amount": rng.randint(500, 90_000),
                "created_date": start,
                "close_date": start + timedelta(days=rng.randint(0, 3 * 365)),
                "stage": "Angebot",
                "lost_reason": rng.choice(reasons) if status == "lost" else None,
                "imported_at": utcnow(),
                "row_hash": f"{n:064d}",
            }
        )
    with write(engine) as conn:
        conn.execute(insert(deals), rows)


def server_memory(pid: int) -> str:
    """The process's resident memory now and at its peak (VmRSS, VmHWM)."""
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return " ".join(f"{k} {int(status[k].split()[0]) / 1024:.0f} MiB" for k in ("VmRSS", "VmHWM"))
