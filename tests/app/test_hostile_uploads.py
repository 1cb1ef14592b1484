"""Hostile and huge uploads on the Daten page: a refusal in the person's words, never a crash;
the store unchanged, and the same session goes on to read the next file."""

import pytest

from coaching.importing import ImportRefused, read_table
from coaching.ui.i18n import text_in
from tests.app.conftest import texts
from tests.app.test_data_io import deal_count, open_page, upload
from tests.fixtures.hostile.corpus import CASES, content


@pytest.fixture(autouse=True)
def lower_rows_ceiling(monkeypatch):
    """As in tests/unit/test_hostile_inputs.py: the 1 048 576-row XLSX is refused in seconds."""
    monkeypatch.setenv("FUNKSTILLE_IMPORT_MAX_ROWS", "5000")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_a_hostile_upload_is_refused_in_german_or_previewed_and_the_page_lives_on(
    signed_in, store, case
):
    at = open_page(signed_in, "jonas")
    before = deal_count(store)
    at = upload(at, case.name, content(case.name))
    assert not at.exception
    if case.refused:
        with pytest.raises(ImportRefused) as refused:
            read_table(content(case.name), case.name)
        expected = text_in("de", case.refused, **refused.value.values_in("de"))
        assert [e.value for e in at.error] == [expected]
        assert "Es wurde nichts gespeichert" in texts(at)
        assert not at.dataframe
    else:
        assert len(at.dataframe[0].value) == case.rows
    assert deal_count(store) == before
    at = upload(at, "pipedrive_deals_de.csv")
    assert not at.exception
    assert "Keine Probleme gefunden" in texts(at)


def test_any_file_type_reaches_the_app_so_even_an_old_xls_is_refused_in_german(signed_in):
    """No type filter on the uploader: Streamlit would refuse other types in English."""
    at = upload(
        open_page(signed_in, "jonas"), "alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    )
    assert not at.exception
    assert at.error[0].value.startswith("Das ist eine alte Excel-Datei (XLS).")
