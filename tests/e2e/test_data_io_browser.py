"""Upload a real CRM export in the browser: preview, mapping, import, summary."""

import time

from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app
from tests.unit.test_importing import FIXTURES


def test_a_pipedrive_export_is_uploaded_previewed_and_imported(page, server):
    sign_in(page, server, "claudia")
    page.goto(f"{server}/daten")
    wait_for_app(page)
    page.locator(".st-key-import_file input[type='file']").set_input_files(
        str(FIXTURES / "broken_rows.csv")
    )
    page.get_by_text("Spalten zuordnen").wait_for(timeout=30_000)
    wait_for_app(page)
    page.get_by_text("5 von 6 Zeilen können so nicht übernommen werden").wait_for()
    with page.expect_download(timeout=30_000) as download:
        page.locator(".st-key-import_rejected_download button").click()
    rejected = download.value.path().read_bytes().decode("utf-8-sig")
    assert rejected.splitlines()[0].startswith("Grund;Deal - ID")
    assert len(rejected.splitlines()) == 6
    wait_for_app(page)
    page.locator(".st-key-import_file input[type='file']").set_input_files(
        str(FIXTURES / "pipedrive_deals_de.csv")
    )
    page.get_by_text("Keine Probleme gefunden").wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.get_by_text("Kodierung: WINDOWS-1252").is_visible()
    assert_no_exception(page)
    page.get_by_text("Vorschau", exact=True).scroll_into_view_if_needed()
    screenshot(page, "data_io_preview")
    page.locator(".st-key-import_run button").click()
    page.get_by_text("3 Zeilen gelesen: 3 neu").wait_for(timeout=30_000)
    wait_for_app(page)
    assert_no_exception(page)
    screenshot(page, "data_io_imported")


def test_a_member_downloads_their_own_export(page, server):
    sign_in(page, server, "aylin")
    page.goto(f"{server}/daten")
    wait_for_app(page)
    page.get_by_role("tab", name="Exportieren").click()
    page.get_by_text("JSON", exact=True).click()
    wait_for_app(page)
    page.locator(".st-key-export_prepare button").click()
    wait_for_app(page)
    with page.expect_download(timeout=30_000) as download:
        page.locator(".st-key-export_download button").click()
    assert download.value.suggested_filename == "funkstille-export.json"
    content = download.value.path().read_text(encoding="utf-8")
    assert '"profile"' in content and "aylin@demo.funkstille.de" in content
    assert_no_exception(page)
    screenshot(page, "data_io_export")


def _uploaded_bytes_until(page, server, settled, timeout: float = 20) -> int:
    """Streamlit's metrics are cached for 5 s: ask again until `settled(bytes)` or the deadline."""
    deadline = time.monotonic() + timeout
    held = _uploaded_bytes(page, server)
    while not settled(held) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        held = _uploaded_bytes(page, server)
    return held


def _uploaded_bytes(page, server) -> int:
    """What Streamlit's upload store holds, from its own metrics (readable when signed in)."""
    text = page.request.get(f"{server}/_stcore/metrics").text()
    lines = [line for line in text.splitlines() if 'cache_type="UploadedFileManager"' in line]
    return sum(int(float(line.rsplit(" ", 1)[1])) for line in lines)


def test_the_uploaded_file_leaves_server_memory_once_the_import_ends(page, server):
    sign_in(page, server, "claudia")
    page.goto(f"{server}/daten")
    wait_for_app(page)
    page.locator(".st-key-import_file input[type='file']").set_input_files(
        str(FIXTURES / "hubspot_deals_en.csv")
    )
    page.get_by_text("Keine Probleme gefunden").wait_for(timeout=30_000)
    wait_for_app(page)
    size = (FIXTURES / "hubspot_deals_en.csv").stat().st_size
    held = _uploaded_bytes_until(page, server, lambda held: held >= size)
    assert held >= size
    page.locator(".st-key-import_run button").click()
    page.get_by_text("Zeilen gelesen").wait_for(timeout=30_000)
    wait_for_app(page)
    assert_no_exception(page)
    assert _uploaded_bytes_until(page, server, lambda now: now <= held - size) <= held - size
    screenshot(page, "data_io_released_after_import")
    assert page.locator(".st-key-import_run").count() == 0  # nothing left to import twice
