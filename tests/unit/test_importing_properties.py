"""Property tests: no bytes crash the importer, and a file is stored whole or not at all."""

from decimal import Decimal

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from coaching.formatting import ParseError, parse_number
from coaching.importing import ImportRefused, check, import_file, layouts, read_table
from coaching.importing.checking import _amount
from coaching.importing.fields import field_part
from coaching.store import accounts as repo
from coaching.store import read, write
from coaching.store.schema import deals
from tests.fixtures.hostile.corpus import sheet, workbook

CELLS = st.text(alphabet="aäß€1;,.\t\"'\r\n -=:0", max_size=12)
LINES = st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=0, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_read_or_refused_but_never_crash(data):
    try:
        table = read_table(data, "random.csv")
    except ImportRefused as refused:
        assert refused.key.startswith("data.refused.")
        return
    mapping = {"name": table.headers[0]}
    result = check(table, "deals", "generic", mapping)
    assert len(result.records) + len(result.rejected) == result.read


@settings(max_examples=150, deadline=None)
@given(LINES, st.sampled_from([";", ",", "\t"]), st.sampled_from(["utf-8", "cp1252"]))
def test_csv_like_text_is_read_or_refused_but_never_crash(lines, delimiter, encoding):
    text = "\n".join(delimiter.join(cells) for cells in lines)
    data = text.encode(encoding, errors="replace")
    for kind in ("deals", "invoices"):
        try:
            table = read_table(data, "x.csv")
        except ImportRefused:
            continue
        check(table, kind, "generic", {})


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=600) | LINES.map(lambda rows: "\n".join(";".join(r) for r in rows)))
def test_an_all_or_nothing_import_stores_the_whole_file_or_nothing(sqlite_url, data):
    from coaching.store import make_engine

    engine = make_engine(sqlite_url)
    try:
        with write(engine) as conn:
            team_id = repo.create_team(conn, "P")
        raw = data if isinstance(data, bytes) else ("Name;Betrag\n" + data).encode()
        try:
            summary = import_file(engine, team_id, raw, "p.csv", "deals", mode="all_or_nothing")
        except ImportRefused:
            summary = None
        with read(engine) as conn:
            stored = conn.scalar(
                select(func.count()).select_from(deals).where(deals.c.team_id == team_id)
            )
        if summary is None or not summary.stored:
            assert stored == 0
        else:
            assert summary.rejected == 0
            assert stored == summary.new + summary.updated + summary.unchanged == summary.read
    finally:
        engine.dispose()


XLSX_CELLS = st.text(alphabet='aä€1.,-=:<&" ', max_size=10)
XLSX_ROWS = st.lists(st.lists(XLSX_CELLS, min_size=0, max_size=6), min_size=0, max_size=12)
XLSX_REFUSALS = {
    f"data.refused.{key}"
    for key in ("empty", "no_rows", "duplicate_columns", "preamble", "second_header")
}
DIMENSIONS = st.sampled_from([None, "A1", "A1:XFD1048576", "B2:C3", "ZZZZ9", "A1:A0"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(XLSX_ROWS, DIMENSIONS)
def test_any_small_workbook_is_read_cell_for_cell_or_refused(rows, dimension):
    data = workbook(b"".join(sheet(rows, dimension=dimension)))
    try:
        table = read_table(data, "random.xlsx")
    except ImportRefused as refused:
        assert refused.key in XLSX_REFUSALS
        return
    filled = [[c for c in row if c.strip()] for row in rows]
    assert len(table.frame) == sum(1 for row in filled if row) - 1


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_as_a_sheet_are_refused_as_a_damaged_workbook_never_a_crash(junk):
    try:
        read_table(workbook(junk), "random.xlsx")
    except ImportRefused as refused:
        assert refused.key != "data.refused.failed"


@settings(max_examples=400, deadline=None)
@given(
    st.from_regex(r"-?\d{1,3}(\.\d{3}){0,4},\d{1,3}", fullmatch=True)
    | st.text(alphabet="0123456789.,- €", max_size=16)
)
def test_an_amount_is_read_as_the_general_number_rules_read_it(cell):
    try:
        general = parse_number(cell)
    except ParseError:
        general = "refused"
    if general not in (None, "refused"):
        general = general.quantize(Decimal("0.01"))
        general = "refused" if abs(general) > Decimal("99999999999999.99") else general
    try:
        fast = _amount(cell)
    except ParseError:
        fast = "refused"
    assert (str(fast), type(fast)) == (str(general), type(general))


def _first_bad_line_row_by_row(frame, delimiter, first_line):
    """The structure check as it was, one row after the other: the reference for the columns."""
    header = {field_part(h) for h in frame.columns}
    newlines = 0
    for position, cells in enumerate(frame.itertuples(index=False, name=None)):
        line = first_line + 1 + position + newlines
        if any(layouts._swallows(c, delimiter, len(frame.columns)) for c in cells):
            return "data.refused.swallowed", line
        parts = [field_part(cell) for cell in cells if cell.strip()]
        own = sum(1 for part in parts if part in header)
        known = sum(1 for p in parts if p in layouts._KNOWN_HEADERS and not p.isdigit())
        filled = len(parts)
        if (own >= 2 and own * 10 >= filled * 6) or (known >= 3 and known * 10 >= filled * 8):
            return "data.refused.second_header", line
        newlines += sum(cell.count("\n") for cell in cells)
    return None


HEADER_CELLS = st.sampled_from(["Deal - Titel", "Wert (EUR)", "Phase", "Status", "Owner", "Id"])
STRUCTURE_CELLS = (
    HEADER_CELLS | st.text(alphabet="ab1 ;\n", max_size=8) | st.sampled_from(["", "x\n;;;\n;;;"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(STRUCTURE_CELLS, min_size=4, max_size=4), min_size=1, max_size=12))
def test_the_structure_check_finds_the_row_a_row_by_row_check_finds(rows):
    frame = pd.DataFrame(rows, columns=["Deal - Titel", "Wert (EUR)", "Phase", "Status"])
    expected = _first_bad_line_row_by_row(frame, ";", 1)
    try:
        layouts.check_structure(frame, ";", first_line=1)
        found = None
    except ImportRefused as refused:
        found = refused.key, refused.values["line"]
    assert found == expected
