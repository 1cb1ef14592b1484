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
from pathlib import Path

import pytest

from coaching.demo import reset_demo
from coaching.demo.workspace import DEMO_PASSWORD
from coaching.store import open_store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"


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
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}, "locale": "de-DE"}


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free port with a fresh demo workspace; stopped at the end."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'funkstille.db'}"
    engine = open_store(url)
    reset_demo(engine)
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "FUNKSTILLE_DATABASE_URL": url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for_app(page) -> None:
    """Streamlit's own wait sequence: container, connected, script finished."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30_000)
    page.wait_for_selector(".stApp[data-test-connection-state='CONNECTED']", timeout=30_000)
    page.wait_for_selector(".stApp[data-test-script-state='notRunning']", timeout=30_000)


def sign_in(page, base: str, person: str = "claudia") -> None:
    page.goto(base)
    wait_for_app(page)
    page.locator(".st-key-sign_in_email input").fill(f"{person}@demo.funkstille.de")
    page.locator(".st-key-sign_in_password input").fill(DEMO_PASSWORD)
    page.locator(".st-key-sign_in_submit button").click()
    page.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
    wait_for_app(page)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(base: str, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            health = f"{base}/_stcore/health"
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not become healthy within 60 s")
