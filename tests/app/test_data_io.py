"""The Daten page: upload, preview, mapping by hand (remembered), problems, import, erasure."""

from sqlalchemy import func, select

from coaching.store import read
from coaching.store.schema import deals, users
from tests.app.conftest import texts
from tests.unit.test_importing import fixture

PAGE = "pages/data_io.py"


def open_page(signed_in, person="jonas"):
    at = signed_in(person)
    at.switch_page(PAGE)
    return at.run()


def upload(at, name: str, data: bytes | None = None):
    at.file_uploader(key="import_file").set_value((name, data or fixture(name), "text/csv"))
    return at.run()


def mapping(at, field: str):
    """The mapping selectbox of a field (its key carries a generation per file and source)."""
    return next(s for s in at.selectbox if s.key.rsplit("_", 1)[0] == f"map_{field}")


def source(at, kind: str):
    return next(s for s in at.selectbox if s.key.rsplit("_", 1)[0] == f"import_source_{kind}")


def deal_count(store) -> int:
    """Deals imported by the test, not the demo workspace's own CRM history (HS-10…)."""
    with read(store) as conn:
        query = select(func.count()).select_from(deals).where(~deals.c.record_id.like("HS-10%"))
        return conn.scalar(query)


def test_an_uploaded_pipedrive_export_is_recognised_and_previewed(signed_in):
    at = upload(open_page(signed_in), "pipedrive_deals_de.csv")
    assert not at.exception
    assert source(at, "deals").value == "pipedrive"
    assert mapping(at, "lost_reason").value == "Deal - Verlustgrund"
    preview = at.dataframe[0].value
    assert len(preview) == 3
    assert "Messestand Hannover" in preview.iloc[:, 2].tolist()
    assert preview.iloc[0].tolist()[:2] == [2, "101"]
    assert "12.500,00 €" in preview.iloc[:, 6].tolist()
    assert preview.iloc[0, 10] == ""  # no lost reason: an empty cell, not "None"
    assert "3 Zeilen und 10 Spalten gelesen · Kodierung: WINDOWS\\-1252" in texts(at)
    assert "Keine Probleme gefunden" in texts(at)


def test_a_new_file_is_recognised_afresh(signed_in):
    at = upload(open_page(signed_in), "hubspot_deals_en.csv")
    assert source(at, "deals").value == "hubspot"
    at = upload(at, "pipedrive_deals_de.csv")
    assert source(at, "deals").value == "pipedrive"
    assert mapping(at, "name").value == "Deal - Titel"
    assert len([s for s in at.selectbox if s.key.startswith("map_name_")]) == 1


def test_importing_shows_the_summary_and_stores_the_deals(signed_in, store):
    at = upload(open_page(signed_in), "hubspot_deals_en.csv")
    at.button(key="import_run").click()
    at.run()
    assert "3 Zeilen gelesen: 3 neu, 0 aktualisiert, 0 unverändert, 0 abgelehnt." in texts(at)
    assert deal_count(store) == 3
    at = upload(at, "hubspot_deals_en.csv")
    at.button(key="import_run").click()
    at.run()
    assert "3 Zeilen gelesen: 0 neu, 0 aktualisiert, 3 unverändert, 0 abgelehnt." in texts(at)
    assert deal_count(store) == 3


def test_unknown_columns_are_mapped_by_hand_and_the_mapping_is_remembered(signed_in, store):
    data = b"Vorgang;Summe netto\nFensterbau;1.200,00\nDachrinne;300\n"
    at = upload(open_page(signed_in), "eigen.csv", data)
    assert mapping(at, "name").value == ""
    assert at.button(key="import_run").disabled
    mapping(at, "name").set_value("Vorgang")
    mapping(at, "amount").set_value("Summe netto")
    at.run()
    preview = at.dataframe[0].value
    assert preview.iloc[:, 2].tolist() == ["Fensterbau", "Dachrinne"]
    at.button(key="import_run").click()
    at.run()
    assert deal_count(store) == 2
    again = upload(open_page(signed_in, "aylin"), "eigen2.csv", data)
    assert mapping(again, "name").value == "Vorgang"
    assert mapping(again, "amount").value == "Summe netto"


def test_problems_are_listed_and_all_or_nothing_blocks_the_import(signed_in, store):
    at = upload(open_page(signed_in), "broken_rows.csv")
    problems = at.dataframe[1].value
    assert problems.iloc[:, 0].tolist() == [3, 4, 5, 6, 7]
    assert "kein Betrag" in problems.iloc[0, 2]
    assert "5 von 6 Zeilen" in texts(at)
    at.radio(key="import_mode").set_value("all_or_nothing")
    at.run()
    assert at.button(key="import_run").disabled
    assert deal_count(store) == 0


def test_a_bad_file_is_refused_with_what_to_do_and_nothing_changes(signed_in, store):
    at = upload(open_page(signed_in), "duplicate_columns.csv")
    assert "Die Spalte „Name“ kommt zweimal vor" in texts(at)
    assert "Ihre Daten sind unverändert" in texts(at)
    assert not at.exception
    assert deal_count(store) == 0


def test_members_have_no_backup_but_managers_do(signed_in):
    member = open_page(signed_in, "jonas")
    assert len(member.tabs) == 3
    manager = open_page(signed_in, "claudia")
    assert len(manager.tabs) == 4
    manager.button(key="backup_create").click()
    manager.run()
    assert "Sicherung erstellt und geprüft" in texts(manager)


def test_a_person_deletes_their_account_after_typing_their_email(signed_in, store):
    at = open_page(signed_in, "jonas")
    at.button(key="erase_open").click()
    at.run()
    at.text_input(key="erase_email").input("falsch@demo.funkstille.de")
    at.button(key="erase_confirm").click()
    at.run()
    assert "stimmt nicht" in texts(at)
    at.text_input(key="erase_email").input("jonas@demo.funkstille.de")
    at.button(key="erase_confirm").click()
    at.run()
    with read(store) as conn:
        assert conn.scalar(select(users.c.id).where(users.c.email.like("jonas@%"))) is None
    assert at.text_input(key="sign_in_email")
    confirmation = texts(at)
    assert "Ihr Konto und Ihre persönlichen Daten sind gelöscht." in confirmation
    assert "Private Rückblicke gelöscht:" in confirmation
    assert "Puls-Antworten und Notizen gelöscht:" in confirmation


def test_invoices_from_the_accounting_tool_are_imported(signed_in, store):
    at = open_page(signed_in, "claudia")
    at.radio(key="import_kind").set_value("invoices")
    at.run()
    at = upload(at, "datev_invoices.csv")
    assert source(at, "invoices").value == "datev"
    assert mapping(at, "invoice_number").value == "Belegfeld 1"
    at.button(key="import_run").click()
    at.run()
    assert "2 Zeilen gelesen: 2 neu" in texts(at)


def test_an_export_is_prepared_and_offered_for_download(signed_in):
    at = open_page(signed_in, "jonas")
    at.radio(key="export_format").set_value("json")
    at.button(key="export_prepare").click()
    at.run()
    assert not at.exception
    assert at.get("download_button")
