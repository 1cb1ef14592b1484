"""Company sign-in end to end: Chromium, st.login and a real local OpenID Connect provider.

The provider is oidc-provider-mock (a standards-compliant OP built on Authlib) on a free port; the
app gets its own secrets.toml in a temporary folder via --secrets.files. Nothing here mocks
st.login: the browser goes to the provider, picks a user there, and comes back via /oauth2callback.
"""

import json
import subprocess
import sys
import time
import urllib.request

import pytest

from coaching import accounts, team_admin
from coaching.demo import reset_demo
from coaching.store import accounts as repo
from coaching.store import open_store, read, write
from coaching.store import team_admin as admin_store
from coaching.ui.session import COOKIE
from tests.e2e.conftest import (
    free_port,
    screenshot,
    start_server,
    stop_server,
    wait_for_app,
    wait_for_cookie,
)

LEAD = "leitung@firma.de"
PEOPLE = [
    {"sub": "leitung", "email": LEAD, "email_verified": True, "name": "Petra Leitner"},
    {"sub": "neu", "email": "neu@firma.de", "email_verified": True, "name": "Nele Neumann"},
    {"sub": "fremd", "email": "fremd@andere.de", "email_verified": True, "name": "Fritz Fremd"},
    {"sub": "gast", "email": "gast@partner.de", "email_verified": True, "name": "Gerda Gast"},
]


@pytest.fixture(scope="module")
def provider():
    port = free_port()
    args = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for person in PEOPLE:
        args += ["--user-claims", json.dumps(person)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    _wait_until_up(f"{base}/.well-known/openid-configuration", process)
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    """A real team beside the demo; its lead has a password account and admits no domain yet."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sso') / 'funkstille.db'}"
    engine = open_store(url)
    reset_demo(engine)
    with write(engine) as conn:
        team = repo.create_team(conn, "Firma GmbH")
    accounts.create_user(
        engine,
        team_id=team,
        email=LEAD,
        name="Petra Leitner",
        role="manager",
        password="Sonnenblume-42",
    )
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(provider, store_url, tmp_path_factory):
    port = free_port()
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "test-only-cookie-secret-0123456789abcdef"\n'
        "[auth.firma]\n"
        'client_id = "funkstille-e2e"\n'
        'client_secret = "test-only-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    base, process = start_server(
        "app.py", store_url, port=port, extra_args=("--secrets.files", str(secrets))
    )
    yield base
    stop_server(process)


def _sign_in_at_company(page, server, sub: str) -> None:
    page.goto(server)
    wait_for_app(page)
    _through_provider(page, server, sub)


def _through_provider(page, server, sub: str) -> None:
    """Click the company button, pick the person at the provider, wait until back in the app."""
    page.get_by_role("button", name="Mit Firma anmelden").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_role("button", name=sub, exact=True).first.click()
    page.wait_for_url(f"{server}/**", timeout=30_000)
    wait_for_app(page)


def _signed_in(page) -> None:
    page.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
    wait_for_app(page)
    wait_for_cookie(page, COOKIE)


def _identity_cookies(page) -> list[str]:
    return [c["name"] for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]


def test_first_then_returning_company_sign_in_of_a_known_person(page, server, store_url):
    _sign_in_at_company(page, server, "leitung")
    _signed_in(page)
    page.get_by_text("Guten Tag, Petra Leitner!").wait_for()
    screenshot(page, "sso_first_sign_in")
    page.reload()  # the app's own cookie carries the session; Streamlit's identity is gone
    wait_for_app(page)
    page.get_by_text("Guten Tag, Petra Leitner!").wait_for()
    assert _identity_cookies(page) == []
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("Sie sind abgemeldet.").wait_for()
    _sign_in_at_company(page, server, "leitung")
    _signed_in(page)
    page.get_by_text("Guten Tag, Petra Leitner!").wait_for()
    engine = open_store(store_url)
    with read(engine) as conn:
        team = repo.user_by_email(conn, LEAD).team_id
        lead = next(p for p in admin_store.people(conn, team) if p.email == LEAD)
    engine.dispose()
    assert lead.last_sign_in_at is not None


def test_an_unknown_address_is_refused_with_a_clear_message(page, server):
    _sign_in_at_company(page, server, "fremd")
    page.get_by_text("Für fremd@andere.de gibt es hier kein Konto").wait_for()
    assert page.locator("[data-testid='stSidebar']").count() == 0
    screenshot(page, "sso_unknown_refused")
    page.reload()
    wait_for_app(page)
    assert page.get_by_role("button", name="Mit Firma anmelden").is_visible()


def test_an_admitted_domain_joins_as_a_member_on_first_sign_in(page, server, store_url):
    _sign_in_at_company(page, server, "neu")
    page.get_by_text("Für neu@firma.de gibt es hier kein Konto").wait_for()
    _sign_in_at_company(page, server, "leitung")
    _signed_in(page)
    page.goto(f"{server}/team-verwalten")
    wait_for_app(page)
    page.locator(".st-key-sso_domains input").fill("firma.de")
    page.locator(".st-key-sso_save button").click()
    dialog = page.get_by_role("dialog")
    dialog.locator(".st-key-admin_confirm button").click()
    dialog.wait_for(state="detached")
    page.get_by_text("Anmeldeeinstellungen gespeichert.").wait_for()
    screenshot(page, "sso_settings_saved")
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("Sie sind abgemeldet.").wait_for()
    _sign_in_at_company(page, server, "neu")
    _signed_in(page)
    page.get_by_text("Guten Tag, Nele Neumann!").wait_for()
    engine = open_store(store_url)
    with read(engine) as conn:
        nele = repo.user_by_email(conn, "neu@firma.de")
    engine.dispose()
    assert (nele.role, nele.team_name) == ("member", "Firma GmbH")
    assert page.get_by_role("link", name="Team verwalten").count() == 0


def test_an_invitation_is_accepted_by_company_sign_in_instead_of_a_password(
    page, server, store_url
):
    engine = open_store(store_url)
    with read(engine) as conn:
        lead = repo.user_by_email(conn, LEAD)
    link = team_admin.invite(
        engine, lead, email="gast@partner.de", name="Gerda Gast", role="member", base_url=server
    )
    engine.dispose()
    page.goto(link.url)
    wait_for_app(page)
    page.get_by_text("Willkommen, Gerda Gast!").wait_for()
    wait_for_cookie(page, "funkstille_invite")
    _through_provider(page, server, "gast")
    _signed_in(page)
    page.get_by_text("Guten Tag, Gerda Gast!").wait_for()
    assert "funkstille_invite" not in [c["name"] for c in page.context.cookies()]


def _wait_until_up(url: str, process) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the OIDC provider exited at start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the OIDC provider did not come up within 30 s")
