"""Team verwalten in Chromium: invite → link → new colleague signed in; every action confirmed."""

import pytest

from coaching.ui.session import COOKIE
from tests.e2e.conftest import (
    assert_no_exception,
    demo_server,
    screenshot,
    sign_in,
    wait_for_app,
    wait_for_cookie,
)

PAGE = "/team-verwalten"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A demo workspace of its own: these tests remove and change people others sign in as."""
    with demo_server(tmp_path_factory.mktemp("team_admin")) as (base, _engine):
        yield base


def _open(page, server, person="claudia"):
    sign_in(page, server, person)
    page.goto(f"{server}{PAGE}")
    wait_for_app(page)


def _confirm(page):
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    dialog.locator(".st-key-admin_confirm button").click()
    dialog.wait_for(state="detached")
    wait_for_app(page)


def _pick(page, text: str):
    box = page.locator(".st-key-admin_person").get_by_role("combobox")
    box.wait_for()
    box.click()
    page.keyboard.type(text)
    page.get_by_role("option", name=text).click()
    wait_for_app(page)


def test_the_page_shows_the_team_and_the_pending_invitation(page, server):
    _open(page, server)
    assert_no_exception(page)
    page.get_by_role("heading", name="Team verwalten").wait_for()
    assert page.get_by_text("Sarah Vogt").first.is_visible()
    screenshot(page, "team_admin_overview")


def test_an_invited_colleague_sets_a_password_and_lands_signed_in(page, server, browser):
    _open(page, server)
    page.locator(".st-key-invite_name input").fill("Nina Berg")
    page.locator(".st-key-invite_email input").fill("nina@demo.funkstille.de")
    page.locator(".st-key-invite_submit button").click()
    wait_for_app(page)
    screenshot(page, "team_admin_invite_confirm")
    _confirm(page)
    page.get_by_text("Einladung für Nina Berg erstellt.").wait_for()
    url = page.locator(".st-key-issued_link code").inner_text().strip()
    screenshot(page, "team_admin_invite_link")
    guest = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 800}).new_page()
    guest.goto(url)
    wait_for_app(guest)
    assert "/team-verwalten" not in url
    guest.get_by_text("Willkommen, Nina Berg!").wait_for()
    guest.locator(".st-key-accept_password input").fill("Sonnenblume-42")
    guest.locator(".st-key-accept_repeat input").fill("Sonnenblume-42")
    screenshot(guest, "team_admin_accept")
    guest.locator(".st-key-accept_submit button").click()
    guest.wait_for_selector("[data-testid='stSidebar']", timeout=30_000)
    wait_for_cookie(guest, COOKIE)
    guest.reload()
    wait_for_app(guest)
    guest.get_by_text("Guten Tag, Nina Berg!").wait_for()
    guest.context.clear_cookies()  # signed out, the same link a second time
    guest.goto(url)
    wait_for_app(guest)
    guest.get_by_text("bereits verwendet").wait_for()
    guest.context.close()


def test_role_reset_deactivate_and_remove_each_ask_first(page, server):
    _open(page, server)
    _pick(page, "Markus Schulte · markus@demo.funkstille.de")
    page.locator(".st-key-admin_role button").click()
    _confirm(page)
    page.get_by_text("Rolle von Markus Schulte geändert.").wait_for()
    _pick(page, "Aylin Demir · aylin@demo.funkstille.de")
    page.locator(".st-key-admin_reset button").click()
    _confirm(page)
    assert "/?passwort=" in page.locator(".st-key-issued_link code").inner_text()
    _pick(page, "Lena Hoffmann · lena@demo.funkstille.de")
    page.locator(".st-key-admin_deactivate button").click()
    _confirm(page)
    page.get_by_text("Lena Hoffmann ist deaktiviert.").wait_for()
    _pick(page, "Lena Hoffmann · lena@demo.funkstille.de")
    page.locator(".st-key-admin_reactivate button").click()
    _confirm(page)
    page.get_by_text("Lena Hoffmann ist wieder aktiv.").wait_for()
    _pick(page, "Tobias Kraus · tobias@demo.funkstille.de")
    page.locator(".st-key-admin_remove button").click()
    page.get_by_role("dialog").wait_for()
    screenshot(page, "team_admin_remove_confirm")
    _confirm(page)
    page.get_by_text("Tobias Kraus wurde entfernt.").wait_for()
    page.locator(".st-key-team_admin_audit_open summary").click()
    page.locator(".st-key-audit_download button").wait_for()
    with page.expect_download(timeout=30_000) as download:
        page.locator(".st-key-audit_download button").click()
    log = download.value.path().read_bytes().decode("utf-8-sig")
    assert "entfernt" in log and "tobias@demo.funkstille.de" in log
    screenshot(page, "team_admin_after_actions")
    assert_no_exception(page)


def test_a_member_opening_the_address_does_not_see_the_team_admin(page, server):
    _open(page, server, "jonas")
    assert page.get_by_role("heading", name="Team verwalten").count() == 0
    assert page.get_by_text("Einladung erstellen").count() == 0


def test_two_managers_on_the_same_person_the_later_one_is_told(page, server, browser):
    _open(page, server)
    _pick(page, "Jonas Weber · jonas@demo.funkstille.de")
    second = browser.new_context(locale="de-DE", viewport={"width": 1440, "height": 900}).new_page()
    _open(second, server)
    _pick(second, "Jonas Weber · jonas@demo.funkstille.de")
    second.locator(".st-key-admin_deactivate button").click()
    second.get_by_role("dialog").wait_for()  # the second manager still thinks about it …
    page.locator(".st-key-admin_role button").click()
    _confirm(page)  # … while the first one acts
    page.get_by_text("Rolle von Jonas Weber geändert.").wait_for()
    _confirm(second)
    second.get_by_text("Jonas Weber wurde inzwischen von jemand anderem geändert.").wait_for()
    screenshot(second, "team_admin_changed_meanwhile")
    assert second.get_by_text("Jonas Weber ist deaktiviert.").count() == 0
    second.context.close()
