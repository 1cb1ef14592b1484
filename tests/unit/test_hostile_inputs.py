"""Hostile and huge files: refused by a named ceiling or read correctly, never a crash.

The rows ceiling is lowered to 5 000 here so that the XLSX of 1 048 576 rows is refused after
seconds; the mechanism is the one the default of 200 000 uses (tests/bench/bench_hostile.py
reads the corpus with the defaults and prints the peak memory).
"""

import json
import logging

import pytest
from sqlalchemy import func, select

from coaching.cli import main
from coaching.content import catalog
from coaching.importing import ImportRefused, import_file, read_table
from coaching.importing import reading as reading_module
from coaching.store import make_engine, read
from coaching.store.schema import deals
from tests.fixtures.hostile.corpus import CASES, content
from tests.unit.test_import_cli import team_store  # noqa: F401 a fixture
from tests.unit.test_importing import team

ROWS_CEILING = "5000"


@pytest.fixture(autouse=True)
def lower_rows_ceiling(monkeypatch):
    monkeypatch.setenv("FUNKSTILLE_IMPORT_MAX_ROWS", ROWS_CEILING)


def deal_count(engine) -> int:
    with read(engine) as conn:
        return conn.scalar(select(func.count()).select_from(deals))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_each_hostile_file_is_refused_by_its_reason_or_read_correctly(case):
    if case.refused:
        with pytest.raises(ImportRefused) as refused:
            read_table(content(case.name), case.name)
        assert refused.value.key == case.refused
        for lang in ("de", "en"):
            message = catalog(lang).text(case.refused, **refused.value.values_in(lang))
            assert "[" not in message and message != case.refused
    else:
        table = read_table(content(case.name), case.name)
        assert len(table.frame) == case.rows
        assert table.headers[:2] == ["Deal Name", "Amount"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_a_hostile_file_leaves_the_store_unchanged_or_imports_its_rows(engine, case):
    team_id = team(engine)
    before = deal_count(engine)
    if case.refused:
        with pytest.raises(ImportRefused):
            import_file(engine, team_id, content(case.name), case.name, "deals", "auto")
        assert deal_count(engine) == before
    else:
        summary = import_file(engine, team_id, content(case.name), case.name, "deals", "auto")
        assert (summary.new, summary.rejected) == (case.rows, 0)
        assert deal_count(engine) == before + case.rows


@pytest.mark.usefixtures("team_store")
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_the_cli_refuses_or_imports_each_hostile_file(tmp_path, sqlite_url, capsys, case):
    (tmp_path / "a" / "b").mkdir(parents=True)
    path = tmp_path / case.name.rsplit("/", 1)[-1]
    path.write_bytes(content(case.name))
    argument = str(tmp_path / "a" / "b" / case.name) if case.name.startswith("..") else str(path)
    code = main(["import", argument, "--kind", "deals", "--mode", "all_or_nothing", "--json"])
    out = capsys.readouterr()
    result = json.loads(out.out or out.err)
    engine = make_engine(sqlite_url)
    stored = deal_count(engine)
    engine.dispose()
    if case.refused:
        assert code != 0
        assert result["errors"][0]["row"] is None
        with pytest.raises(ImportRefused) as refused:
            read_table(content(case.name), case.name)
        expected = catalog("en").text(case.refused, **refused.value.values_in("en"))
        assert result["errors"][0]["message"] == expected
        assert stored == 0
    else:
        assert (code, result["new"], stored) == (0, case.rows, case.rows)


def test_a_refusal_names_the_ceiling_and_the_file_s_own_figure():
    with pytest.raises(ImportRefused) as refused:
        read_table(content("five_thousand_columns.csv"), "five_thousand_columns.csv")
    message = catalog("de").text(refused.value.key, **refused.value.values_in("de"))
    assert message.startswith("Die Datei hat 5.000 Spalten; erlaubt sind höchstens 200.")


def test_the_operator_sets_the_ceilings_in_the_environment(monkeypatch):
    monkeypatch.setenv("FUNKSTILLE_IMPORT_MAX_COLUMNS", "2")
    with pytest.raises(ImportRefused) as refused:
        read_table(b"Deal Name;Amount;Stage\nA;1;won\n", "deals.csv")
    assert refused.value.values == {"columns": 3, "limit": 2}
    monkeypatch.setenv("FUNKSTILLE_IMPORT_MAX_CELLS", "5")
    monkeypatch.setenv("FUNKSTILLE_IMPORT_MAX_COLUMNS", "200")
    with pytest.raises(ImportRefused) as refused:
        read_table(b"Deal Name;Amount\nA;1\nB;2\nC;3\n", "deals.csv")
    assert (refused.value.key, refused.value.values["cells"]) == ("data.refused.too_many_cells", 6)


@pytest.mark.parametrize(
    ("target", "error"),
    [("read_csv", MemoryError()), ("xlsx_rows", RecursionError("deep"))],
)
def test_a_crash_inside_a_parser_ends_as_a_refusal_with_a_reference_in_the_log(
    monkeypatch, caplog, target, error
):
    def crash(*_args, **_kwargs):
        raise error

    if target == "read_csv":
        monkeypatch.setattr(reading_module.pd, "read_csv", crash)
        data, name = b"Deal Name;Amount\nA;1\n", "deals.csv"
    else:
        monkeypatch.setattr(reading_module, "xlsx_rows", crash)
        data, name = content("dimension_bomb.xlsx"), "deals.xlsx"
    with caplog.at_level(logging.ERROR), pytest.raises(ImportRefused) as refused:
        read_table(data, name)
    reference = refused.value.values["reference"]
    assert refused.value.key == "data.refused.failed" and len(reference) == 8
    assert any(reference in record.getMessage() for record in caplog.records)
    assert reference in catalog("de").text("data.refused.failed", reference=reference)


def test_formulas_and_external_links_are_read_as_their_cached_values_never_run():
    table = read_table(content("links_and_formulas.xlsx"), "links_and_formulas.xlsx")
    assert table.frame.values.tolist() == [
        ["=cmd|' /C calc'!A0", "1200", "Closed Won"],
        ["Klick", "", "Open"],
    ]


def test_a_path_in_the_uploaded_name_is_cut_to_the_file_name():
    assert read_table(content("../../x.csv"), "../../x.csv").file_name == "x.csv"
    assert read_table(content("../../x.csv"), "..\\..\\x.csv").file_name == "x.csv"


def test_a_nul_byte_is_refused_with_its_line_and_a_utf16_file_is_read():
    with pytest.raises(ImportRefused) as refused:
        read_table(content("nul_bytes.csv"), "nul_bytes.csv")
    assert refused.value.values == {"line": 3}
    assert read_table(content("utf16.csv"), "utf16.csv").encoding == "utf-16"
