"""Team verwalten through the UI: each action asks first, then acts, logs and says what happened."""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from coaching import accounts
from coaching.store import accounts as repo
from coaching.store import read, write
from coaching.store.schema import users
from coaching.ui.team_admin_view import AUDIT_OPEN
from tests.app.conftest import sign_in, texts

PAGE = "pages/team_admin.py"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def admin(signed_in):
    def open_page(person: str = "claudia") -> AppTest:
        at = signed_in(person)
        at.switch_page(PAGE)
        return at.run()

    return open_page


def _pick(at: AppTest, email: str) -> AppTest:
    box = at.selectbox(key="admin_person")
    return box.select_index(next(i for i, o in enumerate(box.options) if email in o)).run()


def _id(engine, email: str) -> int:
    with read(engine) as conn:
        return repo.user_by_email(conn, email).id


def _confirm(at: AppTest) -> AppTest:
    return at.button(key="admin_confirm").click().run()


def _invite(at: AppTest, name: str, email: str, role: str = "member") -> AppTest:
    at.text_input(key="invite_name").input(name)
    at.text_input(key="invite_email").input(email)
    at.selectbox(key="invite_role").set_value(role)
    return at.button(key="invite_submit").click().run()


def _link(at: AppTest) -> str:
    return at.code[0].value


def test_the_page_lists_the_demo_team_and_its_pending_invitation(admin):
    at = admin()
    assert not at.exception
    people = at.table[0].value
    assert "Jonas Weber" in set(people.iloc[:, 0]) and len(people) == 6
    assert "Sarah Vogt" in texts(at)


def test_inviting_asks_first_then_shows_a_link_that_signs_the_person_in(admin, new_app):
    at = _invite(admin(), "Nina Berg", "nina@demo.funkstille.de")
    assert "nina@demo" in texts(at).replace("\\", "") and not at.code  # the question, no link yet
    at = _confirm(at)
    assert "Einladung für Nina Berg erstellt." in texts(at)
    url = _link(at)
    token = parse_qs(urlparse(url).query)["einladung"][0]
    guest = new_app()
    guest.query_params["einladung"] = token
    guest.run()
    assert "Willkommen, Nina Berg!" in texts(guest)
    guest.text_input(key="accept_password").input("Sonnenblume-42")
    guest.text_input(key="accept_repeat").input("Sonnenblume-42")
    guest.button(key="accept_submit").click().run()
    assert not guest.exception and "Guten Tag, Nina Berg" in texts(guest).replace("\\", "")
    replay = new_app()
    replay.query_params["einladung"] = token
    replay.run()
    assert "bereits verwendet" in texts(replay)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("jonas@demo.funkstille.de", "gibt es bereits ein Konto"),
        ("nina@demo", "gültige E-Mail-Adresse"),
    ],
)
def test_a_bad_invitation_is_refused_with_a_clear_message(admin, email, message):
    at = _confirm(_invite(admin(), "Nina Berg", email))
    assert message in texts(at) and not at.code
    assert (
        "Nina Berg" not in texts(at).split("Offene Einladungen")[-1].split("Person bearbeiten")[0]
    )


def test_changing_a_role_and_the_last_manager_guard(admin):
    at = admin()
    _pick(at, "jonas@demo.funkstille.de")
    at = _confirm(at.button(key="admin_role").click().run())
    assert "Rolle von Jonas Weber geändert." in texts(at)
    _pick(at, "jonas@demo.funkstille.de")
    _confirm(at.button(key="admin_role").click().run())
    _pick(at, "claudia@demo.funkstille.de")
    at = _confirm(at.button(key="admin_role").click().run())
    assert "mindestens eine aktive Teamleitung" in texts(at)


def test_reset_shows_a_new_link_and_ends_the_persons_sessions(admin, store):
    at = admin()
    engine = store
    session = accounts.redeem_handoff(
        engine, accounts.sign_in(engine, "aylin@demo.funkstille.de", "Demo-Funkstille-2026").handoff
    )
    _pick(at, "aylin@demo.funkstille.de")
    at = _confirm(at.button(key="admin_reset").click().run())
    assert "/?passwort=" in _link(at)
    assert accounts.user_for_session(engine, session) is None


def test_deactivate_then_reactivate(admin):
    at = admin()
    _pick(at, "lena@")
    at = _confirm(at.button(key="admin_deactivate").click().run())
    assert "Lena Hoffmann ist deaktiviert." in texts(at)
    assert "deaktiviert" in set(at.table[0].value.iloc[:, 4])
    _pick(at, "lena@")
    at = _confirm(at.button(key="admin_reactivate").click().run())
    assert "Lena Hoffmann ist wieder aktiv." in texts(at)


def test_cancel_changes_nothing_and_remove_erases(admin):
    at = admin()
    _pick(at, "tobias@")
    at = at.button(key="admin_remove").click().run()
    at = at.button(key="admin_cancel").click().run()
    assert len(at.table[0].value) == 6
    _pick(at, "tobias@")
    at = _confirm(at.button(key="admin_remove").click().run())
    assert "Tobias Kraus wurde entfernt." in texts(at)
    assert len(at.table[0].value) == 5


def test_a_second_manager_on_a_stale_view_is_told_and_nothing_changes(admin, store):
    at = admin()
    markus = _id(store, "markus@demo.funkstille.de")
    _pick(at, "markus@")
    at = at.button(key="admin_role").click().run()
    with write(store) as conn:  # meanwhile another manager acted on Markus
        conn.execute(update(users).where(users.c.id == markus).values(row_version=99))
    at = _confirm(at)
    assert "inzwischen von jemand anderem geändert" in texts(at)
    with read(store) as conn:
        assert repo.user_by_id(conn, markus).role == "member"


def test_the_log_is_readable_and_its_export_neutralises_formulas(admin):
    at = _confirm(_invite(admin(), "=HYPERLINK(1)", "formel@demo.funkstille.de"))
    assert not at.dataframe  # the log is drawn when opened
    at.session_state[AUDIT_OPEN] = True
    log = at.run().dataframe[-1].value
    assert list(log.columns)[:3] == ["Zeitpunkt (UTC)", "Ausgeführt von", "Aktion"]
    assert "eingeladen" in set(log["Aktion"])
    download = next(d for d in at.get("download_button") if "audit_download" in d.proto.id)
    assert download.proto.label == "Protokoll als CSV herunterladen"


def test_the_page_itself_refuses_a_member_who_reaches_it(demo, store):
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    session_id = accounts.issue_handoff(store, _id(store, "jonas@demo.funkstille.de"))[1]
    at.session_state["session_id"] = session_id  # signed in as a member, past the navigation
    at.run()
    assert "der Teamleitung vorbehalten" in texts(at)
    assert not at.dataframe and not at.table


AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only",
    "microsoft": {
        "client_id": "x",
        "client_secret": "y",
        "server_metadata_url": "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
    },
}


def test_without_auth_in_secrets_the_page_says_how_to_switch_sso_on(admin):
    assert "nicht eingerichtet" in texts(admin())


def test_sso_only_hides_the_password_form_on_the_sign_in_page(store, new_app):
    accounts.create_first_team(
        store, team_name="Firma", email="chefin@firma.de", name="Petra", password="Sonnenblume-42"
    )
    at = sign_in(new_app(), "chefin@firma.de", "Sonnenblume-42")
    at.switch_page(PAGE)
    at.secrets["auth"] = AUTH
    at.run()
    at.radio(key="sso_mode").set_value("sso_only")
    at.text_input(key="sso_domains").input("firma.de, FIRMA.at")
    at = _confirm(at.button(key="sso_save").click().run())
    assert "Anmeldeeinstellungen gespeichert." in texts(at)
    door = new_app()
    door.secrets["auth"] = AUTH
    door.run()
    assert [b.label for b in door.button if b.key == "sso_microsoft"] == ["Mit Microsoft anmelden"]
    assert not [t for t in door.text_input if t.key == "sign_in_password"]


def test_the_page_speaks_english_to_an_english_lead(store, demo, admin):
    accounts.update_preferences(store, _id(store, "claudia@demo.funkstille.de"), language="en")
    shown = texts(admin()).replace("\\", "")
    assert "Manage team" in shown and "Open invitations" in shown
    assert "Sarah Vogt (sarah@demo.funkstille.de) · Team member · valid until 2" in shown
