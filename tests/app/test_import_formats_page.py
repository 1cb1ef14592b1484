"""The Daten page with vendors' real layouts: a title above the header is offered its line,
skipped rows are counted, DATEV and Odoo files are recognised as they come."""

from tests.app.conftest import texts
from tests.app.test_data_io import deal_count, open_page, source, upload
from tests.unit.test_importing import fixture


def kind(at, value: str):
    at.radio(key="import_kind").set_value(value)
    return at.run()


def test_a_title_above_the_header_is_refused_with_an_offer_of_the_header_line(signed_in):
    at = kind(open_page(signed_in), "invoices")
    at = upload(at, "report_with_title.csv")
    assert not at.exception
    assert "Die Überschrift steht offenbar erst in Zeile 3" in at.error[0].value
    at.button(key="import_header_line").click()
    at.run()
    assert not at.exception
    assert not at.error
    assert len(at.dataframe[0].value) == 2
    assert at.dataframe[0].value.iloc[:, 0].tolist() == [4, 5]  # file lines, not row numbers


def test_totals_rows_are_skipped_and_reported_before_the_import(signed_in):
    at = kind(open_page(signed_in), "invoices")
    at = upload(at, "rechnungsausgangsbuch.csv")
    assert "2 Summenzeilen übersprungen (Zeilen 5, 7)." in [i.value for i in at.info]
    assert "Keine Probleme gefunden" in texts(at)
    at.button(key="import_run").click()
    at.run()
    assert at.success[-1].value == (
        "6 Zeilen gelesen: 4 neu, 0 aktualisiert, 0 unverändert, 0 abgelehnt. "
        "2 Summenzeilen übersprungen (Zeilen 5, 7)."
    )


def test_a_datev_booking_batch_is_recognised_as_invoices_with_payments(signed_in):
    at = kind(open_page(signed_in), "invoices")
    at = upload(at, "datev_extf_buchungsstapel.csv")
    assert source(at, "invoices").value == "datev"
    preview = at.dataframe[0].value
    assert len(preview) == 3
    assert "15.08.2025" in preview.to_string() and "20.01.2026" in preview.to_string()


def test_a_datev_master_data_file_is_refused_naming_its_category(signed_in, store):
    at = kind(open_page(signed_in), "invoices")
    before = deal_count(store)
    at = upload(at, "datev_extf_debitoren.csv", fixture("datev_extf_debitoren.csv"))
    assert "Kategorie 16 (Debitoren/Kreditoren)" in at.error[0].value
    assert deal_count(store) == before


def test_a_german_odoo_xlsx_is_recognised_and_an_inactive_lead_is_lost(signed_in):
    at = upload(open_page(signed_in), "odoo17_crm_lead_de.xlsx")
    assert source(at, "deals").value == "odoo"
    preview = at.dataframe[0].value
    assert "Verloren" in preview.iloc[1].tolist()
