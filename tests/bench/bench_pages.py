"""Speed of every page against a bare multipage Streamlit app, in the same run and browser.

Run by hand: `python tests/bench/bench_pages.py [rounds] [--data demo|100k] [--pages /a /b]`
(while working on a few pages: one dataset, those pages). Starts real servers on loopback ports
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

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coaching.demo import reset_demo  # noqa: E402
from coaching.store import open_store  # noqa: E402
from coaching.ui.pages import PAGES  # noqa: E402
from tests.app.conftest import sign_in as sign_in_app  # noqa: E402
from tests.bench import add_deals, quiet_streamlit, server_memory  # noqa: E402
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
DATASETS = {"demo": 0, "100k": 100_000}  # deals imported beside the demo workspace


def main() -> None:
    quiet_streamlit()
    parser = argparse.ArgumentParser()
    parser.add_argument("rounds", type=int, nargs="?", default=3)
    parser.add_argument("--data", choices=DATASETS, nargs="+", default=list(DATASETS))
    parser.add_argument("--pages", nargs="+", help="url paths, e.g. /gruende (all by default)")
    args = parser.parse_args()
    rounds = args.rounds
    specs = [s for s in PAGES if not args.pages or f"/{s.url_path}" in args.pages]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {rounds} rounds, medians in ms")
    print(_header())
    with (
        tempfile.TemporaryDirectory() as folder,
        sync_playwright() as playwright,
        _server("tests/bench/bare_multipage_app.py", "sqlite://") as (bare_base, _pid),
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for dataset in args.data:
            extra = DATASETS[dataset]
            url = f"sqlite:///{Path(folder) / f'{dataset}.db'}"
            engine = open_store(url)
            report = reset_demo(engine)
            if extra:
                add_deals(engine, report.team_id, extra)
            engine.dispose()
            scripts = _script_times(url, specs)
            with _server("app.py", url) as (base, pid):
                bare = Browsing(browser, bare_base, BARE_PAGES, signed_in=False)
                app = Browsing(browser, base, [spec.href for spec in specs], signed_in=True)
                for _ in range(rounds):  # taken in turns, so both see the same machine load
                    bare.round()
                    app.round()
                pooled = bare.pooled()
                print(_row(dataset, "bare app", pooled, pooled, None))
                for spec in specs:
                    times = app.times[spec.href]
                    print(_row(dataset, spec.url_path, times, pooled, scripts[spec.url_path]))
                print(f"{dataset:5} server memory: {server_memory(pid)}")
                bare.close()
                app.close()
        browser.close()


class Browsing:
    """One browser context on one server: opens its pages in rounds and keeps the times."""

    def __init__(self, browser, base: str, hrefs, signed_in: bool) -> None:
        self.base, self.hrefs = base, list(hrefs)
        self.context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="de-DE")
        self.page = self.context.new_page()
        self.finished: list[float] = []
        self.page.on("websocket", lambda ws: ws.on("framereceived", _recorder(self.finished)))
        if signed_in:
            sign_in(self.page, base)
        else:
            self.page.goto(base)
            wait_for_app(self.page)
        self.times = {href: {m: [] for m in MEASURES} for href in self.hrefs}

    def round(self) -> None:
        page = self.page
        for href in self.hrefs:
            started = time.perf_counter()
            page.goto(f"{self.base}{href}")
            self._took(href, "load", started, drawn=False)
            wait_for_app(page)
        for href in (*self.hrefs[1:], self.hrefs[0]):  # each page opened from the one before
            if len(self.hrefs) == 1:  # one page: opened from another, not from itself
                self._link("/profil" if href == "/" else "/").click()
                wait_for_app(page)
            link = self._link(href)
            started = time.perf_counter()
            link.click()
            self._took(href, "nav", started, drawn=True)
            page.locator("[data-testid='stMain'] h1").first.click()  # focus, not an input
            page.wait_for_timeout(100)
            started = time.perf_counter()
            page.keyboard.press("r")
            self._took(href, "rerun", started, drawn=False)
            wait_for_app(page)

    def _link(self, href: str):
        return self.page.locator(f"[data-testid='stSidebarNav'] a[href='{self.base}{href}']")

    def pooled(self) -> dict[str, list[float]]:
        """Every page and round in one pool per measure (the bare app's pages are alike)."""
        return {m: [t for page in self.times.values() for t in page[m]] for m in MEASURES}

    def close(self) -> None:
        self.context.close()

    def _took(self, href: str, measure: str, started: float, drawn: bool) -> None:
        """ms from `started` until a ScriptFinished arrived after it (and, if `drawn`, until no
        skeleton is left); NaN when none arrived within 30 s."""
        took = float("nan")
        while time.perf_counter() - started < 30:
            if any(at > started for at in self.finished):
                if drawn:
                    self.page.wait_for_function(NO_SKELETON, timeout=30_000)
                took = (time.perf_counter() - started) * 1000
                break
            self.page.wait_for_timeout(5)
        self.times[href][measure].append(took)


def _recorder(finished: list[float]):
    def frame(payload) -> None:
        if not isinstance(payload, bytes | bytearray):
            return
        message = ForwardMsg.FromString(bytes(payload))
        kind = message.WhichOneof("type")
        if kind == "script_finished" and message.script_finished != EARLY_FOR_RERUN:
            finished.append(time.perf_counter())

    return frame


def _header() -> str:
    cells = " ".join(f"{m + ' ms (x bare)':>17}" for m in MEASURES)
    return f"{'data':5} {'page':16} {cells} {'script ms':>9}"


def _row(dataset: str, name: str, times: dict, bare: dict, script: float | None) -> str:
    cells = []
    for measure in MEASURES:
        taken = [t for t in times[measure] if not math.isnan(t)]  # NaN: no run seen in 30 s
        ms = statistics.median(taken)
        spread = f"{min(taken):.0f}-{max(taken):.0f}"
        ratio = ms / statistics.median(t for t in bare[measure] if not math.isnan(t))
        cells.append(f"{ms:5.0f} ({ratio:3.1f}x) {spread:>9}")
    shown = "" if script is None else f"{script:9.0f}"
    return f"{dataset:5} {name:16} {' '.join(cells)} {shown}"


def _script_times(url: str, specs) -> dict[str, float]:
    """The server's share of a rerun: the page's script alone, run in AppTest with a warm cache
    (the browser figure adds the WebSocket round trip and the drawing in Chromium)."""
    os.environ["FUNKSTILLE_DATABASE_URL"] = url
    at = sign_in_app(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run(), MANAGER)
    times = {}
    for spec in specs:
        at.switch_page(spec.script).run()
        runs = []
        for _ in range(3):
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


if __name__ == "__main__":
    main()
