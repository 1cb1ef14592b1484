"""Kundenradar page: the list at risk, the drill-down with evidence, and logging a contact."""

import json
import re

import pytest

from coaching.store import customers as repo
from coaching.store import read, write
from tests.app.conftest import texts

PAGE = "pages/customer_radar.py"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts on a fresh store whose team id and data version repeat: clear caches."""
    import streamlit as st

    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_radar(signed_in, person="jonas"):
    at = signed_in(person)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    return at


def table(at, column):
    """The shown table with that column, its cells as read (no escapes, a badge's words only)."""
    for frame in [*at.table, *at.dataframe]:
        if column in frame.value.columns:
            return frame.value.map(_plain)
    raise AssertionError(f"no table with {column!r}")


def _plain(cell):
    if not isinstance(cell, str):
        return cell
    badge = re.fullmatch(r":\w+-badge\[:material/\w+: (.*)\]", cell)
    return (badge.group(1) if badge else cell).replace("\\", "")


def customer_choice(at, name):
    box = at.selectbox(key="radar_customer")
    return next(o for o in box.options if o == name)


def test_the_list_shows_customers_at_risk_with_light_in_words(signed_in):
    at = open_radar(signed_in)
    shown = texts(at)
    assert "Kundenradar" in shown
    listed = table(at, "Ampel")
    assert listed["Kunde"].tolist()[0] == "Möbelwerk Krüger GmbH"
    assert set(listed["Ampel"]) <= {"Rot – gefährdet", "Gelb – beobachten"}
    assert "Druckerei Peters KG" in listed["Kunde"].tolist()
    assert "Brauerei Lindner" not in listed["Kunde"].tolist()  # a one-off dip stays off the list


def test_all_customers_can_be_shown_including_too_little_data(signed_in):
    at = open_radar(signed_in)
    at.toggle(key="radar_show_all").set_value(True)
    at.run()
    listed = table(at, "Ampel")
    row = listed[listed["Kunde"] == "Nordlicht Solar GmbH"].iloc[0]
    assert row["Ampel"] == "Grau – zu wenig Daten"
    assert len(listed) >= 28


def test_the_drill_down_states_evidence_in_numbers_and_draws_both_charts(signed_in):
    at = open_radar(signed_in)
    at.selectbox(key="radar_customer").set_value(customer_choice(at, "Druckerei Peters KG")).run()
    assert not at.get("plotly_chart")  # the charts and the history are drawn when opened
    at.session_state["radar_charts_open"] = True
    at.session_state["radar_history_open"] = True
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "zahlt im Mittel" in shown and "Tage später als in denselben 6 Monaten" in shown
    assert "Verlauf der Warnzeichen" in shown
    figures = {
        e.proto.spec and json.loads(e.proto.spec)["layout"]["title"]["text"]
        for e in at.get("plotly_chart")
    }
    assert (
        "Bestellvolumen je Monat" in figures and "Tage bis zur Zahlung je Monat (Median)" in figures
    )
    history = table(at, "Warnzeichen")
    assert "Zahlt später als üblich" in history["Warnzeichen"].tolist()


def test_a_customer_with_one_invoice_says_too_little_data(signed_in):
    at = open_radar(signed_in)
    at.toggle(key="radar_show_all").set_value(True)
    at.run()
    at.selectbox(key="radar_customer").set_value(customer_choice(at, "Nordlicht Solar GmbH")).run()
    assert "zu wenig Daten: erst 1 verwertbare Rechnung, nötig sind 3" in texts(at).replace(
        "\\", ""
    )


def test_a_note_in_the_log_table_is_shown_literally_not_as_markup(signed_in):
    markup = "<b>Achtung</b> **laut** [Link](http://x.de) =1+1"
    at = open_radar(signed_in)
    at.text_area(key="radar_log_note").input(markup)
    at.button(key="radar_log_submit").click().run()
    at.session_state["radar_log_open"] = True
    cell = next(frame.value for frame in at.run().table if "Notiz" in frame.value.columns)
    shown = cell["Notiz"].iloc[0]
    assert "\\<b\\>" in shown and "\\*\\*" in shown and "\\[" in shown  # every sign escaped
    assert shown.replace("\\", "") == markup


def test_logging_a_competitor_trace_turns_a_green_customer_amber(signed_in, store):
    at = open_radar(signed_in)
    at.toggle(key="radar_show_all").set_value(True)
    at.run()
    at.selectbox(key="radar_customer").set_value(customer_choice(at, "Optik Hansen")).run()
    assert "Grün – stabil" in texts(at)
    at.selectbox(key="radar_log_kind").set_value("competitor_trace")
    at.text_area(key="radar_log_note").input("Muster eines anderen Messebauers im Lager")
    at.button(key="radar_log_submit").click()
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Eingetragen." in shown and "Gelb – beobachten" in shown
    at.session_state["radar_log_open"] = True  # the log is drawn when opened
    log = table(at.run(), "Eintrag")
    assert (
        log.iloc[0]["Eintrag"] == "Spur eines Mitbewerbers" and log.iloc[0]["Von"] == "Jonas Weber"
    )
    with read(store) as conn:
        logs = repo.logs_frame(conn, _team(conn))
    assert (logs["kind"] == "competitor_trace").sum() == 3


def test_both_conversations_open_for_the_customer(signed_in):
    at = open_radar(signed_in)
    at.selectbox(key="radar_customer").set_value(customer_choice(at, "Möbelwerk Krüger GmbH"))
    at.run()
    links = {link.proto.label: link.proto.query_string for link in at.get("page_link")}
    customer_id = at.selectbox(key="radar_customer").value
    assert links["Gesprächseinstieg bei Warnzeichen öffnen"] == (
        f"script=warning_signals&customer={customer_id}"
    )
    assert links["Abschiedsgespräch vorbereiten"] == (
        f"script=exit_conversation&customer={customer_id}"
    )


def test_the_start_page_counts_customers_in_the_red(signed_in):
    at = signed_in("claudia")
    links = [link.proto.label for link in at.get("page_link")]
    assert "Kundenradar: Kunden auf Rot – 1" in links


def _team(conn):
    from coaching.store import accounts

    return accounts.demo_team_ids(conn)[0]


def test_an_invoice_paid_before_it_was_written_is_reported_by_row(signed_in, store):
    from datetime import date

    with write(store) as conn:
        team = _team(conn)
        customer = repo.ensure_customer(conn, team, "Optik Hansen")
        row = {
            "customer_id": customer,
            "invoice_number": "RE-FALSCH-1",
            "invoice_date": date(2026, 10, 20),
            "due_date": None,
            "paid_date": date(2026, 10, 1),
            "amount": 500,
        }
        repo.add_invoices(conn, team, [row], source="generic")
    at = open_radar(signed_in)
    assert "1 Rechnungszeile ist unvollständig" in texts(at)
    bad = table(at, "Rechnungsnummer")
    assert bad.iloc[0]["Rechnungsnummer"] == "RE-FALSCH-1"
    assert bad.iloc[0]["Kunde"] == "Optik Hansen"
    assert bad.iloc[0]["Problem"].startswith("Zahldatum liegt vor dem Rechnungsdatum")


def test_the_radar_speaks_english_for_an_english_speaker(signed_in, store):
    from coaching import accounts as people
    from coaching.store import accounts

    with read(store) as conn:
        lena = accounts.user_by_email(conn, "lena@demo.funkstille.de")
    people.update_preferences(store, lena.id, language="en", address="du")
    at = open_radar(signed_in, "lena")
    shown = texts(at)
    assert "Customer radar" in shown and "Warning signs and their evidence" in shown
    evidence = r"orders \d+% less than in the same 6 months a year before"
    assert re.search(evidence, shown.replace("\\", ""))
    assert table(at, "Traffic light")["Traffic light"].iloc[0] == "Red – at risk"


def test_a_new_team_without_customers_sees_what_to_do_next(new_app):

    at = new_app()
    at.text_input(key="setup_team").input("Nordlicht Ladenbau")
    at.text_input(key="setup_name").input("Anna Krüger")
    at.text_input(key="setup_email").input("anna@nordlicht.de")
    at.text_input(key="setup_password").input("Sonnenblume-42")
    at.text_input(key="setup_repeat").input("Sonnenblume-42")
    at.button(key="setup_submit").click()
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert "Noch keine Kundendaten" in texts(at)
