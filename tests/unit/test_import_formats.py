"""Exports as the vendors really write them (invented data, each vendor's layout): recognised
without a hand mapping, or refused naming the cause and the line, the store unchanged."""

import json
from datetime import date
from decimal import Decimal

import pytest

from coaching.cli import main
from coaching.content import catalog
from coaching.importing import ImportRefused, import_file, mapping_for, read_table, store
from coaching.importing.checking import check
from coaching.importing.service import problem_text
from tests.unit.test_hostile_inputs import deal_count
from tests.unit.test_import_cli import team_store  # noqa: F401 a fixture
from tests.unit.test_importing import FIXTURES, fixture, team

# file, kind, detected source, imported records, skipped {reason: lines}
RECOGNISED = [
    ("datev_extf_buchungsstapel.csv", "invoices", "datev", 3, {}),
    ("salesforce_report.csv", "deals", "salesforce", 3, {}),
    ("salesforce_dataloader.csv", "deals", "salesforce", 3, {}),
    ("odoo16_crm_lead_en.csv", "deals", "odoo", 3, {}),
    ("odoo17_crm_lead_de.xlsx", "deals", "odoo", 3, {}),
    ("hubspot_deals_de.csv", "deals", "hubspot", 3, {}),
    ("pipedrive_excel_resave.csv", "deals", "pipedrive", 3, {}),
    ("lexoffice_rechnungen.csv", "invoices", "generic", 3, {"cancelled": [4], "draft": [5]}),
    ("sevdesk_rechnungen.csv", "invoices", "generic", 2, {"cancelled": [4]}),
    ("rechnungsausgangsbuch.csv", "invoices", "generic", 4, {"total": [5, 7]}),
]
# file, kind, refusal, its values
REFUSED = [
    ("datev_extf_debitoren.csv", "invoices", "datev_category", {"category": 16}),
    ("report_with_title.csv", "invoices", "preamble", {"line": 3}),
    ("unterminated_quote_swallows.csv", "deals", "swallowed", {"line": 2}),
    ("two_exports_pasted.csv", "deals", "second_header", {"line": 4}),
    ("text_named.xlsx", "deals", "extension_mismatch", {"content": "CSV"}),
    ("xlsx_named.csv", "deals", "extension_mismatch", {"content": "XLSX"}),
]


def checked_file(engine, name: str, kind: str):
    table = read_table(fixture(name), name)
    source, mapping = mapping_for(engine, team(engine), kind, table, "auto")
    return check(table, kind, source, mapping)


@pytest.mark.parametrize(("name", "kind", "source", "records", "skipped"), RECOGNISED)
def test_each_vendor_layout_is_recognised_without_a_hand_mapping(
    engine, name, kind, source, records, skipped
):
    result = checked_file(engine, name, kind)
    assert (result.source, len(result.records), result.problems) == (source, records, [])
    assert result.skipped == skipped


@pytest.mark.parametrize(("name", "kind", "key", "values"), REFUSED)
def test_a_malformed_file_is_refused_naming_cause_and_line_and_nothing_is_stored(
    engine, name, kind, key, values
):
    team_id = team(engine)
    with pytest.raises(ImportRefused) as refused:
        import_file(engine, team_id, fixture(name), name, kind, mode="all_or_nothing")
    assert refused.value.key == f"data.refused.{key}"
    assert values.items() <= refused.value.values.items()
    assert deal_count(engine) == 0
    for lang in ("de", "en"):
        assert "[" not in catalog(lang).text(refused.value.key, **refused.value.values_in(lang))


def test_datev_ttmm_dates_take_the_year_from_a_fiscal_year_starting_in_july(engine):
    records = {
        r["invoice_number"]: r
        for r in checked_file(engine, "datev_extf_buchungsstapel.csv", "invoices").records
    }
    assert records["RE-2025-101"]["invoice_date"] == date(2025, 8, 15)
    assert records["RE-2025-101"]["paid_date"] == date(2025, 8, 29)  # the bank's debit
    assert records["RE-2026-007"]["invoice_date"] == date(2026, 1, 20)  # January: next year
    assert records["RE-2025-102"]["paid_date"] is None
    assert records["RE-2025-102"]["amount"] == Decimal("2380.50")
    assert "K-17" not in records  # an expense, no debitor booked


def test_data_loader_status_comes_from_is_closed_and_is_won_and_odoo_inactive_is_lost(engine):
    loader = checked_file(engine, "salesforce_dataloader.csv", "deals").records
    assert [r["status"] for r in loader] == ["won", "lost", "open"]
    odoo = checked_file(engine, "odoo17_crm_lead_de.xlsx", "deals").records
    assert [(r["stage"], r["status"]) for r in odoo][1] == ("Neu", "lost")
    assert all("active" not in r and "is_won" not in r for r in [*loader, *odoo])


def test_an_excel_resave_reads_german_dates_with_time_and_decimal_commas(engine):
    first = checked_file(engine, "pipedrive_excel_resave.csv", "deals").records[0]
    assert (first["created_date"], first["amount"]) == (date(2025, 11, 27), Decimal("12500.50"))


def test_a_header_below_a_title_is_read_once_its_line_is_named_and_lines_stay_file_lines(
    engine,
):
    table = read_table(fixture("report_with_title.csv"), "report.csv", header_line=3)
    result = check(
        table,
        "invoices",
        "generic",
        mapping_for(engine, team(engine), "invoices", table, "auto")[1],
    )
    assert [r["line"] for r in result.records] == [4, 5]


def test_skipped_rows_are_counted_in_the_summary_and_never_stored(engine):
    team_id = team(engine)
    summary = import_file(
        engine, team_id, fixture("rechnungsausgangsbuch.csv"), "rab.csv", "invoices"
    )
    assert (summary.new, summary.rejected, summary.skipped) == (4, 0, {"total": [5, 7]})
    assert summary.as_dict("de")["skipped"] == {"total": 2}


def test_an_unmapped_field_is_named_by_its_label_never_its_key(engine):
    table = read_table(b"Kunde;Datum\nA;01.02.2026\n", "x.csv")
    result = check(table, "invoices", "generic", {"customer": "Kunde"})
    messages = [problem_text(p, "de") for p in result.problems]
    assert (
        "Pflichtfeld ohne Spalte: Bitte ordnen Sie dem Feld „Rechnungsnummer“ eine Spalte zu."
        in messages
    )
    assert not any("invoice_number" in m for m in messages)
    assert store(engine, team(engine), result).stored is False


def run_json(capsys, *argv) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out or out.err)


@pytest.mark.usefixtures("team_store")
def test_the_cli_maps_columns_by_hand_and_reuses_the_saved_mapping(tmp_path, capsys):
    path = tmp_path / "liste.csv"
    path.write_text("Nr;Empfänger;Am;Summe brutto\nR-1;Kühn;05.01.2026;100,00\n", encoding="utf-8")
    code, result = run_json(capsys, "import", str(path), "--kind", "invoices")
    assert code != 0
    assert any('field "Invoice number"' in e["message"] for e in result["errors"])
    maps = [
        "--map",
        "invoice_number=Nr",
        "--map",
        "Kunde=Empfänger",
        "--map",
        "amount=summe brutto",
    ]
    code, result = run_json(
        capsys, "import", str(path), "--kind", "invoices", "--map", "invoice_date=Am", *maps
    )
    assert (code, result["new"]) == (0, 1)
    path.write_text("Nr;Empfänger;Am;Summe brutto\nR-2;Brandt;06.01.2026;50,00\n", encoding="utf-8")
    code, result = run_json(capsys, "import", str(path), "--kind", "invoices")
    assert (code, result["new"]) == (0, 1)  # the mapping saved for this source is used again


@pytest.mark.usefixtures("team_store")
def test_the_cli_names_an_unknown_field_or_column_by_label(capsys):
    path = str(FIXTURES / "invoices_de.csv")
    code, result = run_json(capsys, "import", path, "--kind", "invoices", "--map", "amount=Brutto")
    assert code != 0
    assert (
        result["message"] == 'The column "Brutto" named for the field "Amount" is not in the file.'
    )
    code, result = run_json(capsys, "import", path, "--kind", "invoices", "--map", "preis=Betrag")
    assert code != 0 and '"preis"' in result["message"]


@pytest.mark.usefixtures("team_store")
def test_the_cli_reads_a_header_below_a_title_when_told_its_line(capsys):
    path = str(FIXTURES / "report_with_title.csv")
    code, result = run_json(capsys, "import", path, "--kind", "invoices")
    assert code != 0 and "line 3" in result["message"]
    code, result = run_json(capsys, "import", path, "--kind", "invoices", "--header-line", "3")
    assert (code, result["new"]) == (0, 2)
