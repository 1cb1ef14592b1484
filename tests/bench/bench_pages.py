"""Speed figures for every page: first render and rerun, demo data vs 100 000 imported deals.

Run by hand: `python tests/bench/bench_pages.py`. Starts real servers on loopback ports, drives
Debian's Chromium, prints a table and the servers' peak memory. Beside each page's rerun in the
browser it prints the script's own run time (AppTest, warm cache), the part the app controls;
beside the first render (script finished) the time until every widget and chart is drawn.
Never part of the test suite.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coaching.demo import reset_demo  # noqa: E402
from coaching.demo.workspace import DEMO_PASSWORD  # noqa: E402
from coaching.store import open_store, utcnow, write  # noqa: E402
from coaching.store.schema import deals  # noqa: E402
from coaching.ui.pages import PAGES  # noqa: E402
from tests.app.conftest import sign_in  # noqa: E402
from tests.bench import quiet_streamlit  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SCRIPT_RUNS_JS,
    arm_rerun_js,
    start_server,
    stop_server,
    wait_for_app,
    wait_for_drawing,
    wait_for_run,
)

REPEATS = 5
MANAGER = "claudia@demo.funkstille.de"


def main() -> None:
    quiet_streamlit()
    print(
        f"{'dataset':10} {'page':18} {'first render ms':>16} {'drawn ms':>9} "
        f"{'rerun ms (median)':>18} {'script ms (median)':>19}"
    )
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, script in (("bare page", "bare_app"), ("bare page + chart", "bare_chart_app")):
            first, drawn, rerun = _measure_bare(browser, f"tests/bench/{script}.py")
            print(f"{'-':10} {name:18} {first:16.0f} {drawn:9.0f} {rerun:18.0f}")
        for dataset, extra in (("demo", 0), ("100k", 100_000)):
            url = f"sqlite:///{Path(folder) / f'{dataset}.db'}"
            engine = open_store(url)
            report = reset_demo(engine)
            if extra:
                _add_deals(engine, report.team_id, extra)
            engine.dispose()
            scripts = _script_times(url)
            with _server("app.py", url) as (base, pid):
                for spec, (first, drawn), rerun in _measure_pages(browser, base):
                    script = scripts[spec.url_path]
                    row = f"{dataset:10} {spec.url_path:18} {first:16.0f} {drawn:9.0f}"
                    print(f"{row} {rerun:18.0f} {script:19.0f}")
                print(f"{dataset:10} {'peak memory':18} {_peak_mib(pid):13.0f} MiB")
        browser.close()


def _measure_pages(browser, base):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(SCRIPT_RUNS_JS)
    page = context.new_page()
    page.goto(base)
    wait_for_app(page)
    page.locator(".st-key-sign_in_email input").fill(MANAGER)
    page.locator(".st-key-sign_in_password input").fill(DEMO_PASSWORD)
    page.locator(".st-key-sign_in_submit button").click()
    page.wait_for_selector("[data-testid='stSidebar']", timeout=60_000)
    wait_for_app(page)
    for spec in PAGES:
        first = _first_render(page, f"{base}{spec.href}")
        yield spec, first, _median_rerun(page)
    page.context.close()


def _script_times(url: str) -> dict[str, float]:
    """The server's share of a rerun: the page's script alone, run in AppTest with a warm cache
    (the browser figure adds the WebSocket round trip and the drawing of charts in Chromium)."""
    os.environ["FUNKSTILLE_DATABASE_URL"] = url
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run(), MANAGER)
    times = {}
    for spec in PAGES:
        at.switch_page(spec.script).run()
        runs = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            at.run()
            runs.append((time.perf_counter() - start) * 1000)
        times[spec.url_path] = statistics.median(runs)
    return times


def _measure_bare(browser, script: str):
    with _server(script, "sqlite://") as (base, _pid):
        page = browser.new_page()
        page.add_init_script(SCRIPT_RUNS_JS)
        first = _first_render(page, base)
        rerun = _median_rerun(page)
        page.close()
    return *first, rerun


def _first_render(page, url: str) -> tuple[float, float]:
    """From `goto` until the script finished, and until every element is drawn: the first page
    with a chart also waits for Chromium to compile Streamlit's plotly code, once per browser."""
    start = time.perf_counter()
    page.goto(url)
    wait_for_run(page)
    finished = (time.perf_counter() - start) * 1000
    wait_for_drawing(page)
    return finished, (time.perf_counter() - start) * 1000


def _median_rerun(page) -> float:
    """Key "r" until the script finished, from the key press. Streamlit now and then ignores a
    press (no rerun reaches the server); then the key is pressed again, up to three times."""
    times = []
    for _ in range(REPEATS):
        page.evaluate(arm_rerun_js(10_000, from_keydown=True))
        page.locator("h1").first.click()  # focus the page, not an input, so "r" reruns
        for _attempt in range(3):
            page.keyboard.press("r")
            took = page.evaluate(f"() => Promise.race([window.__rerun, {_WAIT_JS}])")
            if took is not None:
                break
        times.append(took if took is not None else -1)
    measured = [t for t in times if t >= 0]  # -1: no rerun seen
    return statistics.median(measured) if measured else float("nan")


_WAIT_JS = "new Promise(resolve => setTimeout(() => resolve(null), 3000))"


@contextmanager
def _server(script: str, url: str):
    base, process = start_server(script, url)
    try:
        yield base, process.pid
    finally:
        stop_server(process)


def _add_deals(engine, team_id: int, count: int) -> None:
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


def _peak_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


if __name__ == "__main__":
    main()
