"""In the browser: an invoice list with a title above its header is read once the person
takes the offered header line; its totals rows are skipped and said so."""

from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app
from tests.unit.test_importing import FIXTURES


def test_a_title_above_the_header_is_offered_its_line_and_then_previewed(page, server):
    sign_in(page, server, "claudia")
    page.goto(f"{server}/daten")
    wait_for_app(page)
    page.get_by_text("Rechnungen aus der Buchhaltung").click()
    wait_for_app(page)
    page.locator(".st-key-import_file input[type='file']").set_input_files(
        str(FIXTURES / "report_with_title.csv")
    )
    page.get_by_text("Die Überschrift steht offenbar erst in Zeile 3").wait_for(timeout=30_000)
    wait_for_app(page)
    screenshot(page, "import_header_line_offer")
    page.locator(".st-key-import_header_line button").click()
    page.get_by_text("Spalten zuordnen").wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.get_by_text("Keine Probleme gefunden").is_visible()
    assert_no_exception(page)
    page.locator(".st-key-import_file input[type='file']").set_input_files(
        str(FIXTURES / "rechnungsausgangsbuch.csv")
    )
    page.get_by_text("2 Summenzeilen übersprungen (Zeilen 5, 7).").wait_for(timeout=30_000)
    wait_for_app(page)
    page.get_by_text("Vorschau", exact=True).scroll_into_view_if_needed()
    screenshot(page, "import_totals_skipped")
    assert_no_exception(page)
