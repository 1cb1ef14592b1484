"""Browser tests: the real server on a free port with a temporary demo store, driven by Chromium.

Debian's Chromium at /usr/bin/chromium; no browser download. Without it the tests skip, except
under CI=true, where they must run.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from coaching.demo import reset_demo
from coaching.demo.workspace import DEMO_PASSWORD
from coaching.store import open_store
from coaching.ui.session import COOKIE

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists() and os.environ.get("CI") != "true":
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail("CI=true but /usr/bin/chromium is missing: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}, "locale": "de-DE"}


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free port with a fresh demo workspace; stopped at the end."""
    with demo_server(tmp_path_factory.mktemp("e2e")) as (base, _engine):
        yield base


@contextmanager
def demo_server(folder: Path):
    """(base_url, engine) of an app on a demo workspace of its own in folder: for tests that
    change people or settings others sign in with, or that act on the store themselves."""
    url = f"sqlite:///{folder / 'funkstille.db'}"
    engine = open_store(url)
    reset_demo(engine)
    base, process = start_server("app.py", url)
    try:
        yield base, engine
    finally:
        stop_server(process)
        engine.dispose()


def start_server(
    script: str,
    database_url: str,
    log: Path | None = None,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
):
    """`streamlit run script` on a free (or the given) loopback port against database_url.

    Returns (base_url, process) once healthy; extra_args go to `streamlit run`. stderr goes to a
    pipe (read when the server dies at start-up), or to the file `log` for long runs whose output
    would fill the pipe.
    """
    port = port or free_port()
    env = {**os.environ, "FUNKSTILLE_DATABASE_URL": database_url}
    stderr = subprocess.PIPE if log is None else log.open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    if log is not None:
        stderr.close()  # the child holds its own copy
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
    except BaseException:
        stop_server(process)
        raise
    return base, process


def stop_server(process) -> None:
    """Ask the server to stop, and kill it if it has not within 20 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
    if process.stderr is not None:
        process.stderr.close()


# A run's end, as the WebSocket tells it. Streamlit flips .stApp's data-test-script-state to
# "running" and back, but when a run is quick both changes land in one render and the attribute
# never changes at all. This init script reads the top-level fields of each incoming ForwardMsg
# and fires the window event "st-script-finished" for a ScriptFinished (field 6) that is not
# FINISHED_EARLY_FOR_RERUN (2), and "st-backmsg-sent" when the page has sent the server a
# message (a rerun request, say). Add it to a context before its pages open.
SCRIPT_RUNS_JS = """(() => {
  const Native = window.WebSocket;
  const finished = bytes => {
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) { const value = varint(); if (field === 6) return value !== 2; }
      else if (wire === 2) i += varint();
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return false;
    }
    return false;
  };
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    const send = socket.send.bind(socket);
    socket.send = data => { send(data); window.dispatchEvent(new Event('st-backmsg-sent')); };
    socket.addEventListener('message', event => {
      if (event.data instanceof ArrayBuffer && finished(new Uint8Array(event.data)))
        window.dispatchEvent(new Event('st-script-finished'));
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();"""


def arm_rerun_js(timeout_ms: int, from_keydown: bool = False) -> str:
    """JS that sets window.__rerun to a promise of the ms from arming to the end of the next
    script run (its ScriptFinished message, once the page no longer shows it running), or -1
    after timeout_ms. The page's context needs SCRIPT_RUNS_JS. Arm it, act, then await
    window.__rerun. With from_keydown the clock starts at the latest key press instead, so a
    benchmark leaves its own steps out of the rerun it times."""
    restart = "true" if from_keydown else "false"
    return f"""() => {{ window.__rerun = new Promise(resolve => {{
  const app = document.querySelector('.stApp'); let t0 = performance.now(); let timer;
  const key = () => {{ if ({restart}) t0 = performance.now(); }};
  const done = value => {{
    clearTimeout(timer); window.removeEventListener('st-script-finished', finished);
    document.removeEventListener('keydown', key, {{capture: true}}); resolve(value);
  }};
  const settled = () => app.getAttribute('data-test-script-state') === 'running'
    ? setTimeout(settled, 5) : done(performance.now() - t0);
  const finished = () => setTimeout(settled, 0);
  document.addEventListener('keydown', key, {{capture: true}});
  window.addEventListener('st-script-finished', finished);
  timer = setTimeout(() => done(-1), {timeout_ms}); }}); }}"""


def wait_for_app(page) -> None:
    """Until the script finished and every element is drawn."""
    wait_for_run(page)
    wait_for_drawing(page)


def wait_for_run(page) -> None:
    """Streamlit's own wait sequence: container, connected, script finished."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30_000)
    page.wait_for_selector(".stApp[data-test-connection-state='CONNECTED']", timeout=30_000)
    page.wait_for_selector(".stApp[data-test-script-state='notRunning']", timeout=30_000)


def wait_for_drawing(page) -> None:
    """Until no element still shows its loading skeleton. Streamlit fetches a widget's or chart's
    code on first use; a screenshot or an axe scan taken before sees grey boxes, no labels."""
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=30_000)


def sign_in(page, base: str, person: str = "claudia") -> None:
    page.goto(base)
    wait_for_app(page)
    page.locator(".st-key-sign_in_email input").fill(f"{person}@demo.funkstille.de")
    page.locator(".st-key-sign_in_password input").fill(DEMO_PASSWORD)
    page.locator(".st-key-sign_in_submit button").click()
    page.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
    wait_for_app(page)
    wait_for_cookie(page, COOKIE)


def wait_for_cookie(page, name: str, timeout: float = 30) -> None:
    """The session cookie arrives by a fire-and-forget POST; a reload before it lands signs out."""
    deadline = time.monotonic() + timeout
    while not any(cookie["name"] == name for cookie in page.context.cookies()):
        if time.monotonic() > deadline:
            raise AssertionError(f"cookie {name} was not set within {timeout} s")
        page.wait_for_timeout(100)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(base: str, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stderr.read().decode()[-2000:] if process.stderr else ""
            raise RuntimeError(f"server exited: {output}")
        try:
            health = f"{base}/_stcore/health"
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not become healthy within 60 s")
