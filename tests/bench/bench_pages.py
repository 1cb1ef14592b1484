"""Speed of every page against a bare multipage Streamlit app, in the same run and browser.

Run by hand: `python tests/bench/bench_pages.py [rounds]`. Starts real servers on loopback ports
(same flags for the app and the yardstick), drives Debian's Chromium and prints, per page and
dataset (the demo workspace, then the demo plus 100 000 imported deals), the median of:
- load: `goto` of the page's address until the server's ScriptFinished message arrived;
- nav: a click on the page's sidebar link until ScriptFinished arrived and no element shows a
  loading skeleton;
- rerun: key "r" until ScriptFinished arrived;
each also as a ratio to the bare app's median, and beside them the page script's own time in
AppTest (warm cache, the part the app controls). ScriptFinished is read off the WebSocket as
../shared/tools/nav_latency.py does. Then the server's memory. Never part of the test suite.
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
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coaching.demo import reset_demo  # noqa: E402
from coaching.store import open_store, utcnow, write  # noqa: E402
from coaching.store.schema import deals  # noqa: E402
from coaching.ui.pages import PAGES  # noqa: E402
from tests.app.conftest import sign_in as sign_in_app  # noqa: E402
from tests.bench import quiet_streamlit  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    sign_in,
    start_server,
    stop_server,
    wait_for_app,
)

MANAGER = "claudia@demo.funkstille.de"
BARE_PAGES = ("/", "/bare-2", "/bare-3")
NO_SKELETON = "() => !document.querySelector(\"[data-testid='stSkeleton']\")"
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
MEASURES = ("load", "nav", "rerun")


def main() -> None:
    quiet_streamlit()
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {rounds} rounds, medians in ms")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        with _server("tests/bench/bare_multipage_app.py", "sqlite://") as (base, _pid):
            bare = _pooled(_measure(browser, base, BARE_PAGES, rounds, signed_in=False))
        print(_header())
        print(_row("-", "bare app", bare, bare, None))
        for dataset, extra in (("demo", 0), ("100k", 100_000)):
            url = f"sqlite:///{Path(folder) / f'{dataset}.db'}"
            engine = open_store(url)
            report = reset_demo(engine)
            if extra:
                _add_deals(engine, report.team_id, extra)
            engine.dispose()
            scripts = _script_times(url)
            with _server("app.py", url) as (base, pid):
                hrefs = [spec.href for spec in PAGES]
                figures = _measure(browser, base, hrefs, rounds, signed_in=True)
                for spec in PAGES:
                    times = figures[spec.href]
                    print(_row(dataset, spec.url_path, times, bare, scripts[spec.url_path]))
                print(f"{dataset:5} server memory: {_memory(pid)}")
        browser.close()


def _measure(browser, base: str, hrefs, rounds: int, signed_in: bool) -> dict[str, dict]:
    """href -> measure -> list of ms over the rounds."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="de-DE")
    page = context.new_page()
    finished: list[float] = []
    page.on("websocket", lambda ws: ws.on("framereceived", _recorder(finished)))
    if signed_in:
        sign_in(page, base)
    else:
        page.goto(base)
        wait_for_app(page)
    times = {href: {m: [] for m in MEASURES} for href in hrefs}
    for _ in range(rounds):
        for href in hrefs:
            started = time.perf_counter()
            page.goto(f"{base}{href}")
            times[href]["load"].append(_until_finished(page, finished, started, drawn=False))
            wait_for_app(page)
        for href in (*hrefs[1:], hrefs[0]):  # each page opened from the one before
            link = page.locator(f"[data-testid='stSidebarNav'] a[href='{base}{href}']")
            started = time.perf_counter()
            link.click()
            times[href]["nav"].append(_until_finished(page, finished, started, drawn=True))
            page.locator("[data-testid='stMain'] h1").first.click()  # focus, not an input
            page.wait_for_timeout(100)
            started = time.perf_counter()
            page.keyboard.press("r")
            times[href]["rerun"].append(_until_finished(page, finished, started, drawn=False))
            wait_for_app(page)
    context.close()
    return times


def _recorder(finished: list[float]):
    def frame(payload) -> None:
        if not isinstance(payload, bytes | bytearray):
            return
        message = ForwardMsg.FromString(bytes(payload))
        kind = message.WhichOneof("type")
        if kind == "script_finished" and message.script_finished != EARLY_FOR_RERUN:
            finished.append(time.perf_counter())

    return frame


def _until_finished(page, finished: list[float], started: float, drawn: bool) -> float:
    """ms from `started` until a ScriptFinished arrived after it (and, if `drawn`, until no
    skeleton is left); NaN when none arrived within 30 s."""
    while time.perf_counter() - started < 30:
        if any(at > started for at in finished):
            if drawn:
                page.wait_for_function(NO_SKELETON, timeout=30_000)
            return (time.perf_counter() - started) * 1000
        page.wait_for_timeout(5)
    return float("nan")


def _pooled(times: dict[str, dict]) -> dict[str, list[float]]:
    """The bare app's figures: every page and round in one pool per measure."""
    return {m: [t for page in times.values() for t in page[m]] for m in MEASURES}


def _header() -> str:
    cells = " ".join(f"{m + ' ms (x bare)':>17}" for m in MEASURES)
    return f"{'data':5} {'page':16} {cells} {'script ms':>9}"


def _row(dataset: str, name: str, times: dict, bare: dict, script: float | None) -> str:
    cells = []
    for measure in MEASURES:
        ms = statistics.median(times[measure])
        spread = f"{min(times[measure]):.0f}-{max(times[measure]):.0f}"
        ratio = ms / statistics.median(bare[measure])
        cells.append(f"{ms:5.0f} ({ratio:3.1f}x) {spread:>9}")
    shown = "" if script is None else f"{script:9.0f}"
    return f"{dataset:5} {name:16} {' '.join(cells)} {shown}"


def _script_times(url: str) -> dict[str, float]:
    """The server's share of a rerun: the page's script alone, run in AppTest with a warm cache
    (the browser figure adds the WebSocket round trip and the drawing in Chromium)."""
    os.environ["FUNKSTILLE_DATABASE_URL"] = url
    at = sign_in_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run(), MANAGER)
    times = {}
    for spec in PAGES:
        at.switch_page(spec.script).run()
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            at.run()
            runs.append((time.perf_counter() - start) * 1000)
        times[spec.url_path] = statistics.median(runs)
    return times


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


def _memory(pid: int) -> str:
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return " ".join(f"{k} {int(status[k].split()[0]) / 1024:.0f} MiB" for k in ("VmRSS", "VmHWM"))


if __name__ == "__main__":
    main()
