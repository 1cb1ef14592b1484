from sqlalchemy import event

from coaching import accounts
from coaching.ui import session
from tests.app.conftest import sign_in, texts


def test_an_empty_store_offers_sign_in_team_setup_and_demo(new_app):
    at = new_app()
    assert not at.exception
    shown = texts(at)
    assert "Anmelden" in shown and "Team einrichten" in shown and "Demo ansehen" in shown


def test_first_run_setup_creates_the_manager_and_signs_in(new_app):
    at = new_app()
    at.text_input(key="setup_team").input("Nordlicht Ladenbau")
    at.text_input(key="setup_name").input("Anna Krüger")
    at.text_input(key="setup_email").input("anna@nordlicht.de")
    at.text_input(key="setup_password").input("Sonnenblume-42")
    at.text_input(key="setup_repeat").input("Sonnenblume-42")
    at.button(key="setup_submit").click()
    at.run()
    assert not at.exception
    assert "Guten Tag, Anna Krüger!" in texts(at)
    assert "Ihr Arbeitsbereich ist noch leer" in texts(at)


def test_setup_with_a_weak_password_says_why_and_stores_nothing(new_app):
    at = new_app()
    at.text_input(key="setup_team").input("Nordlicht")
    at.text_input(key="setup_name").input("Anna")
    at.text_input(key="setup_email").input("anna@nordlicht.de")
    at.text_input(key="setup_password").input("kurz")
    at.text_input(key="setup_repeat").input("kurz")
    at.button(key="setup_submit").click()
    at.run()
    assert "mindestens 10 Zeichen" in texts(at)
    assert "Team einrichten" in texts(at)  # still the first run


def test_the_demo_button_opens_the_demo_workspace(new_app):
    at = new_app()
    at.button(key="open_demo").click()
    at.run()
    assert not at.exception
    assert "Guten Tag, Claudia Holzmann!" in texts(at)
    assert "Demo-Arbeitsbereich" in texts(at)


def test_wrong_password_is_refused_in_plain_german(new_app, demo):
    at = sign_in(new_app(), "jonas@demo.funkstille.de", "falsches-passwort")
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in texts(at)


def test_empty_sign_in_asks_for_both_fields(new_app, demo):
    at = sign_in(new_app(), "", "")
    assert "Bitte geben Sie E-Mail-Adresse und Passwort ein." in texts(at)


def test_sign_in_shows_the_start_page_and_sign_out_returns_to_the_door(signed_in):
    at = signed_in("jonas")
    assert "Guten Tag, Jonas Weber!" in texts(at)
    at.button(key="sign_out").click()
    at.run()
    assert "Sie sind abgemeldet." in texts(at)


def test_english_can_be_chosen_before_signing_in(new_app, demo):
    at = new_app()
    at.segmented_control(key="sign_in_language").set_value("en")
    at.run()
    assert "Sign in" in texts(at)


def test_language_choice_is_remembered_for_the_person(signed_in):
    at = signed_in("aylin")
    at.switch_page("pages/profile.py")
    at.run()
    at.radio(key="pref_language").set_value("en")
    at.button(key="save_preferences").click()
    at.run()
    assert "Saved." in texts(at)
    again = signed_in("aylin")
    assert "Hello, Aylin Demir!" in texts(again)


def test_every_page_in_the_navigation_renders_without_error(signed_in):
    from coaching.ui.pages import PAGES

    for person in ("claudia", "jonas"):
        at = signed_in(person)
        for spec in PAGES:
            if spec.managers_only and person != "claudia":
                continue
            at.switch_page(spec.script)
            at.run()
            assert not at.exception, (person, spec.script, at.exception)


def test_a_name_with_markup_is_shown_literally(new_app, store):
    from coaching import accounts
    from coaching.store import accounts as repo
    from coaching.store import write

    with write(store) as conn:
        team = repo.create_team(conn, "T")
    accounts.create_user(
        store,
        team_id=team,
        email="x@firma.de",
        name="<b>[Klick](http://x.de)</b>",
        role="member",
        password="Sonnenblume-42",
    )
    at = sign_in(new_app(), "x@firma.de", "Sonnenblume-42")
    title = at.title[0].value
    assert "\\[Klick\\]\\(http" in title and "\\<b\\>" in title


def test_a_new_password_signs_an_open_tab_out_at_its_next_interaction(signed_in, store):
    at = signed_in("jonas")
    assert "Guten Tag, Jonas Weber!" in texts(at)
    accounts.set_password(store, "jonas@demo.funkstille.de", "Neue-Farbe-2027")
    at.run()
    assert "Guten Tag, Jonas Weber!" not in texts(at)
    assert at.text_input(key="sign_in_email") is not None


def test_signing_out_in_one_tab_ends_the_other_tab_of_the_same_session(signed_in, new_app):
    first = signed_in("jonas")
    second = new_app()
    second.session_state["session_id"] = first.session_state["session_id"]  # as by the cookie
    second.run()
    assert "Guten Tag, Jonas Weber!" in texts(second)
    first.button(key="sign_out").click()
    first.run()
    second.run()
    assert "Guten Tag, Jonas Weber!" not in texts(second)


def test_a_rerun_asks_the_store_for_the_session_once(signed_in):
    """The shell checks the session and the page reuses that answer (require_user)."""
    at = signed_in("jonas")
    engine = session.engine()
    asked: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        if "auth_tokens" in statement and "users" in statement:
            asked.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        at.run()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert "Guten Tag, Jonas Weber!" in texts(at)
    assert len(asked) == 1
