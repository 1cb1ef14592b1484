"""AppTest fixtures: the real app.py on a fresh SQLite store, signed in as a demo person."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coaching.demo import reset_demo
from coaching.demo.workspace import DEMO_PASSWORD
from coaching.store import make_engine

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def store(monkeypatch, sqlite_url):
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", sqlite_url)
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def demo(store):
    # The app reads the real clock, so its demo is seeded against the real today too.
    return reset_demo(store)


@pytest.fixture
def new_app(store):
    def start() -> AppTest:
        return AppTest.from_file(str(APP), default_timeout=30).run()

    return start


def sign_in(at: AppTest, email: str, password: str = DEMO_PASSWORD) -> AppTest:
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input(password)
    at.button(key="sign_in_submit").click()
    return at.run()


@pytest.fixture
def signed_in(new_app, demo):
    """Sign in as a demo person by short name (claudia is the manager)."""

    def open_as(person: str = "claudia") -> AppTest:
        return sign_in(new_app(), f"{person}@demo.funkstille.de")

    return open_as


def texts(at: AppTest) -> str:
    """Everything the page shows as text, for 'is it there' assertions."""
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "info",
            "success",
            "error",
            "warning",
            "text",
        )
        for e in getattr(at, kind)
    ]
    parts += [e.label for e in at.expander]  # a folded finding's sentence is its label
    return "\n".join(str(p) for p in parts)
