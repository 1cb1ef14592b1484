"""In the browser: a manager page opened by a member, an unknown address and a hostile upload
each answer in the app's own German words, never Streamlit's English dialog."""

from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app
from tests.fixtures.hostile.corpus import content

NOT_FOUND_DIALOG = "[role='dialog']"


def test_a_member_on_a_manager_page_is_told_it_is_for_the_team_lead(page, server):
    sign_in(page, server, "jonas")
    page.goto(f"{server}/team")
    wait_for_app(page)
    page.get_by_text("Diese Seite ist nur für die Teamleitung.").wait_for(timeout=30_000)
    assert page.locator(NOT_FOUND_DIALOG).count() == 0
    assert_no_exception(page)
    screenshot(page, "doors_managers_only")
    page.get_by_role("link", name="Zur Startseite").click()
    wait_for_app(page)
    page.get_by_text("Guten Tag, Jonas").first.wait_for(timeout=30_000)


def test_an_unknown_address_gets_the_app_s_own_not_found_page(page, server):
    sign_in(page, server, "jonas")
    page.goto(f"{server}/gibt-es-nicht")
    wait_for_app(page)
    page.get_by_text("Diese Adresse gibt es in Funkstille nicht.").wait_for(timeout=30_000)
    assert page.locator(NOT_FOUND_DIALOG).count() == 0
    assert page.get_by_text("Page not found").count() == 0
    screenshot(page, "doors_not_found")


def test_a_hostile_upload_is_refused_in_german_and_the_next_file_is_read(page, server, tmp_path):
    sign_in(page, server, "jonas")
    page.goto(f"{server}/daten")
    wait_for_app(page)
    wide = tmp_path / "five_thousand_columns.csv"
    wide.write_bytes(content(wide.name))
    page.locator(".st-key-import_file input[type='file']").set_input_files(str(wide))
    page.get_by_text("Die Datei hat 5.000 Spalten; erlaubt sind höchstens 200.").wait_for(
        timeout=30_000
    )
    wait_for_app(page)
    assert_no_exception(page)
    screenshot(page, "doors_hostile_upload")
    bomb = tmp_path / "dimension_bomb.xlsx"
    bomb.write_bytes(content(bomb.name))
    page.locator(".st-key-import_file input[type='file']").set_input_files(str(bomb))
    page.get_by_text("Spalten zuordnen").wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.get_by_text("2 Zeilen und 3 Spalten gelesen").is_visible()
    assert_no_exception(page)


def test_a_signed_out_visitor_on_a_manager_page_sees_only_the_sign_in(page, server):
    page.goto(f"{server}/team")
    wait_for_app(page)
    page.locator(".st-key-sign_in_email input").wait_for(timeout=30_000)
    assert page.locator(NOT_FOUND_DIALOG).count() == 0
    assert page.get_by_text("Diese Seite ist nur für die Teamleitung.").count() == 0
