"""Importing CRM and invoice exports: formats, pitfalls, bad input, re-import, all or nothing."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coaching.importing import (
    ImportRefused,
    auto_mapping,
    check,
    detect_source,
    import_file,
    mapping_for,
    problem_text,
    read_table,
    store,
)
from coaching.importing.fields import field_part
from coaching.importing.limits import current_limits
from coaching.importing.reading import detect_delimiter
from coaching.store import accounts as repo
from coaching.store import imports, read, versions, write
from coaching.store.schema import customers, deals, invoices

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def checked(name: str, kind: str = "deals"):
    table = read_table(fixture(name), name)
    source = detect_source(kind, table.headers)
    return check(table, kind, source, auto_mapping(kind, source, table.headers))


def team(engine) -> int:
    with write(engine) as conn:
        return repo.create_team(conn, "Import-Team")


def count(engine, table) -> int:
    with read(engine) as conn:
        return conn.scalar(select(func.count()).select_from(table))


# --- reading: encoding, delimiter, cells as text ---


def test_a_windows_1252_semicolon_file_with_german_numbers_is_read_as_text():
    table = read_table(fixture("pipedrive_deals_de.csv"), "deals.csv")
    assert table.encoding == "windows-1252"
    assert table.delimiter == ";"
    assert table.frame.loc[0, "Deal - Wert"] == "12.500,00"
    assert table.frame.loc[0, "Deal - Deal erstellt"] == "03.02.2026"  # not turned into a number
    assert table.frame.loc[1, "Deal - Verlustgrund"].endswith("– Funkstille")


def test_utf8_with_and_without_bom_read_the_same():
    plain = "Name;Betrag\nMüller;1.000,00\n".encode()
    with_bom = b"\xef\xbb\xbf" + plain
    first, second = read_table(plain, "a.csv"), read_table(with_bom, "b.csv")
    assert first.headers == second.headers == ["Name", "Betrag"]
    assert first.frame.equals(second.frame)
    assert first.encoding == second.encoding == "utf-8"


def test_a_tab_separated_file_is_recognised():
    table = read_table(fixture("tab_separated.tsv"), "deals.tsv")
    assert table.delimiter == "\t"
    assert table.headers == ["Deal Name", "Amount", "Deal Stage", "Record ID"]


def test_a_one_column_file_keeps_commas_inside_its_values():
    table = read_table(fixture("one_column.csv"), "names.csv")
    assert table.delimiter is None
    assert table.frame["Name"].tolist()[1] == "Webshop Kranz, Phase 2"


def test_the_delimiter_is_the_one_that_splits_header_and_rows_alike():
    assert detect_delimiter('a;b;c\n"1,5";2;3\n4;5;6\n') == ";"
    assert detect_delimiter("a,b\n1,2\n") == ","
    assert detect_delimiter("Betrag\n1,50\n2,75\n") is None


def test_field_part_of_a_header_is_compared_case_insensitively():
    assert field_part("Deal - Verlustgrund") == "verlustgrund"
    assert field_part("  Betrag (EUR) ") == "betrag"
    assert field_part("DEAL NAME") == "deal name"


def test_xlsx_cells_become_text_and_dates_iso():
    table = read_table(fixture("pipedrive_deals_en.xlsx"), "deals.xlsx")
    assert table.encoding is None
    assert table.frame.loc[0, "Deal - Value"] == "23800.5"
    assert table.frame.loc[0, "Deal - Deal created"] == "2026-03-02"
    assert table.frame.loc[0, "Deal - ID"] == "501"


# --- recognising the CRMs ---


@pytest.mark.parametrize(
    ("name", "source", "first"),
    [
        ("hubspot_deals_en.csv", "hubspot", {"record_id": "9001", "amount": Decimal("12500.00")}),
        ("pipedrive_deals_de.csv", "pipedrive", {"record_id": "101", "status": "won"}),
        ("pipedrive_deals_en.xlsx", "pipedrive", {"amount": Decimal("23800.50")}),
        ("salesforce_opportunities.csv", "salesforce", {"record_id": "0065g00000ABCdE"}),
        ("odoo_crm.csv", "odoo", {"organisation": "Schreinerei Holz", "status": "won"}),
        ("generic_deals_de.csv", "generic", {"amount": Decimal("1250.00"), "status": "open"}),
        ("tab_separated.tsv", "hubspot", {"name": "Alpha", "status": "won"}),
        ("one_column.csv", "generic", {"name": "Beratung Müller", "status": "open"}),
    ],
)
def test_each_crm_export_is_recognised_and_read_without_problems(name, source, first):
    result = checked(name)
    assert result.source == source
    assert result.problems == []
    assert all(result.records[0][key] == value for key, value in first.items())


def test_pipedrive_german_headers_map_status_amount_dates_and_lost_reason():
    result = checked("pipedrive_deals_de.csv")
    lost = result.records[1]
    assert lost["status"] == "lost"
    assert lost["amount"] == Decimal("3200.50")
    assert lost["created_date"] == date(2026, 2, 10)
    assert lost["close_date"] == date(2026, 4, 1)
    assert lost["lost_reason"] == "Kunde meldet sich nicht mehr – Funkstille"
    assert lost["owner_name"] == "Aylin Demir"


def test_status_comes_from_the_stage_when_there_is_no_status_column():
    statuses = [r["status"] for r in checked("salesforce_opportunities.csv").records]
    assert statuses == ["won", "lost", "open"]


def test_an_odoo_opportunity_with_a_lost_reason_counts_as_lost():
    statuses = [r["status"] for r in checked("odoo_crm.csv").records]
    assert statuses == ["won", "lost", "open"]


def test_english_and_german_number_formats_and_iso_dates_with_time_are_read():
    hubspot = checked("hubspot_deals_en.csv").records
    assert hubspot[2]["amount"] == Decimal("7250.50")
    assert hubspot[0]["close_date"] == date(2026, 3, 14)


def test_invoices_from_a_german_accounting_export_get_due_dates_from_the_payment_term():
    result = checked("invoices_de.csv", "invoices")
    assert result.source == "generic"
    assert result.problems == []
    first = result.records[0]
    assert first["due_date"] == date(2026, 1, 19)
    assert first["paid_date"] == date(2026, 1, 15)
    assert first["amount"] == Decimal("1190.00")


def test_datev_like_columns_are_recognised():
    result = checked("datev_invoices.csv", "invoices")
    assert result.source == "datev"
    assert result.records[1]["invoice_number"] == "RE-2026-002"
    assert result.records[1]["amount"] == Decimal("2380.50")


# --- problems by row and column ---


def test_problems_name_line_and_column_in_plain_words():
    result = checked("broken_rows.csv")
    found = {(p.row, p.column, p.key) for p in result.problems}
    assert found == {
        (3, "Deal - Wert", "data.problem.not_a_number"),
        (4, "Deal - Deal erstellt", "data.problem.not_a_date"),
        (5, "Deal - Titel", "data.problem.missing"),
        (6, "Deal - Status", "data.problem.unknown_status"),
        (7, "Deal - ID", "data.problem.duplicate_id"),
    }
    assert [r["name"] for r in result.records] == ["Gut"]
    german = problem_text(result.problems[0], "de")
    english = problem_text(result.problems[0], "en")
    assert "„zwölf“ ist kein Betrag" in german
    assert '"zwölf" is not an amount' in english


def test_rejected_rows_download_with_the_reason_in_an_extra_column():
    result = checked("broken_rows.csv")
    frame = result.rejected_frame(lambda p: problem_text(p, "de"), "Grund")
    assert list(frame.columns)[0] == "Grund"
    assert len(frame) == 5
    assert frame.iloc[0]["Deal - Titel"] == "Schlechter Betrag"
    assert "kein Betrag" in frame.iloc[0]["Grund"]


def test_a_required_field_without_column_is_one_problem_and_no_rows():
    table = read_table(fixture("one_column.csv"), "x.csv")
    result = check(table, "deals", "generic", {})
    assert [p.key for p in result.problems] == ["data.problem.field_unmapped"]
    assert result.records == []


# --- bad input is refused and the store stays as it was ---


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("empty.csv", "data.refused.empty"),
        ("header_only.csv", "data.refused.no_rows"),
        ("binary_renamed.csv", "data.refused.binary"),
        ("broken_quoting.csv", "data.refused.quoting"),
        ("unknown_encoding.csv", "data.refused.encoding"),
        ("duplicate_columns.csv", "data.refused.duplicate_columns"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(engine, name, key):
    team_id = team(engine)
    with pytest.raises(ImportRefused) as refused:
        import_file(engine, team_id, fixture(name), name, "deals")
    assert refused.value.key == key
    assert count(engine, deals) == 0


def test_a_file_over_the_size_limit_is_refused_before_reading():
    with pytest.raises(ImportRefused) as refused:
        read_table(b"a" * (current_limits().bytes + 1), "big.csv")
    assert refused.value.key == "data.refused.too_big"
    assert refused.value.values_in("de")["limit"] == "50,0"


def test_a_damaged_xlsx_is_refused():
    with pytest.raises(ImportRefused) as refused:
        read_table(b"PK\x03\x04 not really a workbook", "deals.xlsx")
    assert refused.value.key == "data.refused.not_xlsx"


def test_a_row_with_more_fields_than_the_header_is_refused_with_its_line():
    with pytest.raises(ImportRefused) as refused:
        read_table(b"a;b\n1;2\n3;4;5\n", "x.csv")
    assert refused.value.key == "data.refused.ragged"
    assert refused.value.values["line"] == "3"


# --- storing: re-import, all or nothing, mappings ---


def test_re_import_updates_by_record_id_and_creates_no_duplicates(engine):
    team_id = team(engine)
    first = import_file(engine, team_id, fixture("pipedrive_deals_de.csv"), "p.csv", "deals")
    assert (first.read, first.new, first.updated, first.unchanged) == (3, 3, 0, 0)
    again = import_file(engine, team_id, fixture("pipedrive_deals_de.csv"), "p.csv", "deals")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    changed = fixture("pipedrive_deals_de.csv").replace(b"980;", b"1.980;")
    third = import_file(engine, team_id, changed, "p.csv", "deals")
    assert (third.new, third.updated, third.unchanged) == (0, 1, 2)
    assert count(engine, deals) == 3
    with read(engine) as conn:
        amount = conn.scalar(select(deals.c.amount).where(deals.c.record_id == "103"))
    assert amount == Decimal("1980.00")


def test_the_same_record_id_from_two_sources_are_two_deals(engine):
    team_id = team(engine)
    data = fixture("generic_deals_de.csv")
    import_file(engine, team_id, data, "g.csv", "deals", source="generic")
    import_file(engine, team_id, data, "o.csv", "deals", source="odoo")
    assert count(engine, deals) == 4


def test_valid_rows_mode_stores_the_good_rows_and_counts_the_rejected(engine):
    team_id = team(engine)
    summary = import_file(engine, team_id, fixture("broken_rows.csv"), "b.csv", "deals")
    assert (summary.new, summary.rejected, summary.stored) == (1, 5, True)
    assert count(engine, deals) == 1


def test_all_or_nothing_mode_stores_nothing_when_one_row_is_bad(engine):
    team_id = team(engine)
    with read(engine) as conn:
        before = versions.current(conn, team_id)
    summary = import_file(
        engine, team_id, fixture("broken_rows.csv"), "b.csv", "deals", mode="all_or_nothing"
    )
    assert summary.stored is False
    assert count(engine, deals) == 0
    with read(engine) as conn:
        assert versions.current(conn, team_id) == before


def test_an_import_bumps_the_team_data_version(engine):
    team_id = team(engine)
    with read(engine) as conn:
        before = versions.current(conn, team_id)
    import_file(engine, team_id, fixture("hubspot_deals_en.csv"), "h.csv", "deals")
    with read(engine) as conn:
        assert versions.current(conn, team_id) > before


def test_invoices_attach_to_customers_matched_by_name_and_re_import_is_unchanged(engine):
    team_id = team(engine)
    summary = import_file(engine, team_id, fixture("invoices_de.csv"), "r.csv", "invoices")
    assert (summary.new, summary.rejected) == (3, 0)
    assert count(engine, invoices) == 3
    assert count(engine, customers) == 2  # "bäckerei  kühn gmbh" is the same customer
    again = import_file(engine, team_id, fixture("invoices_de.csv"), "r.csv", "invoices")
    assert (again.new, again.unchanged) == (0, 3)
    assert count(engine, invoices) == 3


def test_a_hand_made_mapping_is_remembered_per_source_and_suggested_next_time(engine):
    team_id = team(engine)
    data = b"Vorgang;Summe netto;Kontakt\nA;100;Frau Ott\nB;200;Herr Lang\n"
    table = read_table(data, "own.csv")
    source, suggested = mapping_for(engine, team_id, "deals", table, "auto")
    assert source == "generic"
    assert "name" not in suggested
    mapping = {"name": "Vorgang", "amount": "Summe netto", "owner_name": "Kontakt"}
    store(engine, team_id, check(table, "deals", source, mapping), remember=True)
    _, remembered = mapping_for(engine, team_id, "deals", table, "auto")
    assert remembered == mapping
    with read(engine) as conn:
        assert imports.remembered_mapping(conn, team_id, "deals", "hubspot") == {}


def test_one_teams_import_never_touches_another_team(engine):
    first, second = team(engine), team(engine)
    import_file(engine, first, fixture("odoo_crm.csv"), "o.csv", "deals")
    summary = import_file(engine, second, fixture("odoo_crm.csv"), "o.csv", "deals")
    assert summary.new == 3
    with read(engine) as conn:
        per_team = conn.execute(
            select(deals.c.team_id, func.count()).group_by(deals.c.team_id)
        ).all()
    assert sorted(n for _, n in per_team) == [3, 3]


def test_many_rows_are_stored_in_batches_with_progress(engine):
    team_id = team(engine)
    lines = ["Record ID;Deal Name;Amount;Deal Stage"]
    lines += [f"{i};Deal {i};{i},50;Closed Won" for i in range(12_000)]
    stages = []
    summary = import_file(
        engine,
        team_id,
        "\n".join(lines).encode(),
        "many.csv",
        "deals",
        progress=lambda share, stage: stages.append((stage, share)),
    )
    assert summary.new == 12_000
    assert count(engine, deals) == 12_000
    assert {s for s, _ in stages} == {"read", "check", "store"}
    assert stages[-1] == ("store", 1.0)


def test_the_demo_team_s_own_order_list_is_mapped_from_the_remembered_mapping(engine):
    from coaching.demo import reset_demo
    from tests.conftest import FIXED_TODAY

    report = reset_demo(engine, FIXED_TODAY)
    data = (
        "Projekt-Nr.;Projekt;Kunde;Verkäufer;Ergebnis;Auftragswert netto;Angefragt am;"
        "Entschieden am;Absagegrund\n"
        "P-7;Messestand IAA;Autohaus Berger;Jonas Weber;verloren;48.000,00;01.03.2026;"
        "30.04.2026;Keine Antwort nach Angebot\n"
    ).encode("cp1252")
    summary = import_file(engine, report.team_id, data, "auftragsliste.csv", "deals")
    assert (summary.new, summary.rejected) == (1, 0)
    with read(engine) as conn:
        query = select(deals.c.owner_name, deals.c.amount, deals.c.status)
        row = conn.execute(query.where(deals.c.name == "Messestand IAA")).one()
    assert tuple(row) == ("Jonas Weber", Decimal("48000.00"), "lost")


def test_storing_leaves_the_checked_records_as_they_were_for_the_preview(engine):
    team_id = team(engine)
    result = checked("invoices_de.csv", "invoices")
    before = [dict(r) for r in result.records]
    store(engine, team_id, result)
    assert result.records == before
