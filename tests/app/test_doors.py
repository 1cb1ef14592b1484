"""The app's own words where Streamlit would answer in English: pages not for this person."""

from streamlit.util import calc_hash

from coaching.ui.pages import PAGES
from tests.app.conftest import texts

MANAGER_PAGES = [p for p in PAGES if p.managers_only]


def open_address(at, url_path: str):
    """What a browser sends for /<url_path>: the hash st.Page gives that address.

    AppTest.switch_page only finds pages by their script, and a member's navigation holds the
    manager page's address without its script.
    """
    at._page_hash = calc_hash(url_path)
    return at.run()


def test_a_member_opening_a_manager_page_by_its_address_is_told_it_is_for_the_team_lead(
    signed_in,
):
    for spec in MANAGER_PAGES:
        at = open_address(signed_in("jonas"), spec.url_path)
        assert not at.exception
        shown = texts(at)
        assert "Nur für die Teamleitung" in shown
        assert "Diese Seite ist nur für die Teamleitung." in shown
        assert "Team-Stimmung" not in [h.value for h in at.title]  # the page itself never ran
        link = at.get("page_link")[0]
        assert link.proto.label == "Zur Startseite"
        assert link.proto.page_script_hash == calc_hash("start")


def test_the_notice_speaks_english_to_an_english_member(signed_in, store):
    from coaching.store import accounts as repo
    from coaching.store import write

    with write(store) as conn:
        user = repo.user_by_email(conn, "jonas@demo.funkstille.de")
        repo.update_user(conn, user.id, language="en")
    at = open_address(signed_in("jonas"), MANAGER_PAGES[0].url_path)
    assert "This page is for the team lead only." in texts(at)
    assert at.get("page_link")[0].proto.label == "To the start page"


def test_the_team_lead_still_opens_the_manager_page(signed_in):
    at = open_address(signed_in("claudia"), MANAGER_PAGES[0].url_path)
    assert not at.exception
    assert "Nur für die Teamleitung" not in texts(at)
