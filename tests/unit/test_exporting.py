import io

import openpyxl
import pandas as pd
from markdown_it import MarkdownIt

from coaching.exporting import neutralise, to_csv, to_xlsx
from coaching.handout import Outline, Section, to_markdown, to_pdf

DANGEROUS = ["=1+1", "+49 170", "-5", "@SUM(A1)", "\tx", "\nx", "harmlos"]


def test_formula_starts_are_neutralised_and_other_text_is_kept():
    assert [neutralise(v) for v in DANGEROUS] == [
        "'=1+1",
        "'+49 170",
        "'-5",
        "'@SUM(A1)",
        "'\tx",
        "'\nx",
        "harmlos",
    ]
    assert neutralise(-5) == -5  # numbers stay numbers


def test_csv_is_semicolon_utf8_with_bom_and_decimal_comma():
    frame = pd.DataFrame({"Firma": ['=HYPERLINK("x")', "Müller"], "Wert": [1234.5, 2.0]})
    data = to_csv(frame, "de")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "Firma;Wert" in text and "'=HYPERLINK" in text and "1234,5" in text and "Müller" in text


def test_xlsx_cells_are_neutralised_too():
    frame = pd.DataFrame({"Notiz": DANGEROUS})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Daten": frame})))
    values = [row[0].value for row in book["Daten"].iter_rows(min_row=2)]
    assert values[0] == "'=1+1" and values[-1] == "harmlos"


def test_handouts_keep_user_markup_literal():
    outline = Outline("Titel", sections=[Section("Notizen", ["<script>x</script> [a](b)"])])
    assert "\\<script\\>" in to_markdown(outline) and "\\[a\\]\\(b\\)" in to_markdown(outline)
    assert to_pdf(outline).startswith(b"%PDF")


def test_addresses_in_user_text_are_never_linked_by_a_markdown_viewer():
    viewer = MarkdownIt("gfm-like")  # linkify on, as GitHub and most viewers do
    text = (
        "Siehe http://evil.example/x?a=1, www.evil.example, chef@evil.example, javascript:alert(1)"
    )
    outline = Outline("Titel", sections=[Section("Notizen", [text], [text])])
    html = viewer.render(to_markdown(outline))
    assert "<a " not in html
    for address in ("http://evil.example/x?a=1,", "www.evil.example,", "chef@evil.example"):
        assert f"<code>{address}</code>" in html
