from coaching.ui.pages import PAGES
from tests.e2e.conftest import (
    assert_no_exception,
    screenshot,
    sign_in,
    wait_for_app,
    wait_for_cookie,
)


def test_the_door_shows_sign_in_in_german(page, server):
    page.goto(server)
    wait_for_app(page)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("button", name="Anmelden", exact=True).is_visible()
    screenshot(page, "00_sign_in")


def test_the_language_chosen_at_the_door_is_still_chosen_after_a_reload(page, server):
    page.goto(server)
    wait_for_app(page)
    page.get_by_role("radio", name="English").click()
    page.get_by_role("button", name="Sign in", exact=True).wait_for()
    wait_for_cookie(page, "funkstille_lang")
    page.reload()
    wait_for_app(page)
    page.get_by_role("button", name="Sign in", exact=True).wait_for()
    screenshot(page, "00_sign_in_english")
    page.get_by_role("radio", name="Deutsch").click()
    page.get_by_role("button", name="Anmelden", exact=True).wait_for()


def test_every_page_renders_for_the_manager_without_exception(page, server):
    sign_in(page, server, "claudia")
    for number, spec in enumerate(PAGES, start=1):
        page.goto(f"{server}{spec.href}")
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
        assert_no_exception(page)
        screenshot(page, f"{number:02d}_{spec.url_path}")


def test_sign_in_survives_a_reload_and_a_bookmarked_url(page, server):
    sign_in(page, server, "jonas")
    page.reload()
    wait_for_app(page)
    assert page.get_by_text("Guten Tag, Jonas Weber!").is_visible()
    page.goto(f"{server}/profil")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Mein Profil").is_visible()


def test_the_session_cookie_is_http_only_and_same_site(page, server):
    sign_in(page, server, "aylin")
    page.reload()
    wait_for_app(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == "funkstille_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert "funkstille_session" not in page.url


def test_sign_out_ends_the_session_for_good(page, server):
    sign_in(page, server, "lena")
    page.reload()
    wait_for_app(page)
    page.get_by_role("button", name="Abmelden").click()
    wait_for_app(page)
    page.get_by_text("Sie sind abgemeldet.").wait_for()
    page.reload()
    wait_for_app(page)
    assert page.get_by_role("button", name="Anmelden", exact=True).is_visible()
