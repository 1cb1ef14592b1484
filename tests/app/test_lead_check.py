from datetime import date, timedelta

from coaching import lead_lifecycle, leads
from coaching.content import catalog
from coaching.store import leads as repo
from coaching.store import read, write
from coaching.store.qualification import answer_history
from coaching.ui import lead_check as section
from tests.app.conftest import texts


def _open(signed_in, person="jonas"):
    at = signed_in(person)
    at.switch_page("pages/lead_check.py")
    return at.run()


def _tab(at, name: str, lang: str = "de"):
    """Open one of the lead's tabs: only the open one renders its widgets."""
    at.session_state[section.TAB] = catalog(lang).text(f"lead_check.tab.{name}")
    return at.run()


def _fill_close_as_ghosted(at, lead_id: int) -> None:
    _tab(at, "commitment")
    at.radio(key=f"close_status_{lead_id}").set_value("ghosted")
    at.selectbox(key=f"close_reason_{lead_id}").set_value("priorities_shifted")
    at.selectbox(key=f"close_silence_{lead_id}").set_value("after_offer")


def _create(at, company="Nordsee Fisch GmbH", value="12.500,00"):
    at.session_state[section.NEW_OPEN] = True
    at.run()
    at.text_input(key="new_company").input(company)
    at.text_input(key="new_value").input(value)
    at.text_input(key="new_topic").input("Stand auf der Fischmesse")
    at.button(key="new_submit").click()
    return at.run()


def test_the_page_lists_the_team_leads_with_their_owners_when_asked(signed_in):
    at = _open(signed_in)
    assert not at.exception and not at.table  # the overview is drawn when opened
    at.session_state[section.OVERVIEW_OPEN] = True
    table = at.run().table[0].value
    assert "Vitalis Diagnostik AG" in set(table["Firma"])
    assert {"Aylin Demir", "Jonas Weber", "Claudia Holzmann"} <= set(table["Zuständig"])


def test_search_narrows_the_list(signed_in):
    at = _open(signed_in)
    at.session_state[section.OVERVIEW_OPEN] = True
    at.text_input(key="lead_search").input("brauhaus").run()
    assert list(at.table[0].value["Firma"]) == ["Brauhaus Kessler GmbH"]


def test_creating_a_lead_selects_it_and_reads_a_german_value(signed_in, store):
    at = _create(_open(signed_in))
    assert not at.exception
    assert "Lead „Nordsee Fisch GmbH“ angelegt" in texts(at)
    lead_id = at.selectbox(key="lead_select").value
    with read(store) as conn:
        lead = repo.get_lead(conn, _team(store), lead_id)
    assert (lead.company, lead.owner_name, str(lead.value_eur)) == (
        "Nordsee Fisch GmbH",
        "Jonas Weber",
        "12500.00",
    )


def test_a_value_in_words_is_refused_and_nothing_is_stored(signed_in, store):
    at = _open(signed_in)
    before = len(leads.search(store, _team(store)))
    at = _create(at, value="zwölf")
    assert "„zwölf“ ist keine Zahl" in texts(at)
    assert len(leads.search(store, _team(store))) == before


def test_a_missing_company_is_named(signed_in):
    at = _create(_open(signed_in), company="")
    assert "Firma: Bitte geben Sie den Namen der Firma an." in texts(at)


def test_answering_the_checklist_shows_score_risk_and_du_questions(signed_in, store):
    at = _create(_open(signed_in))
    lead_id = at.selectbox(key="lead_select").value
    prefix = f"ans_{lead_id}_default"
    for item in ("obstacles", "budget", "need", "champion", "alternatives"):
        at.radio(key=f"{prefix}_{item}").set_value("yes")
    at.radio(key=f"{prefix}_decision_date").set_value("no")
    at.text_input(key=f"{prefix}_decision_date_note").input("weiß sie selbst nicht")
    at.button(key=f"save_answers_{lead_id}").click()
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "6 Antworten gespeichert" in shown
    assert "hoch" in shown  # two critical gaps: decision date no, deciders unknown
    assert "Entscheidungstermin unbekannt" in shown and "Entscheider nicht benannt" in shown
    assert "Bis wann willst du dich entschieden haben" in shown  # Jonas is addressed with du
    assert at.metric[0].value == "54 / 100"
    with read(store) as conn:
        history = answer_history(conn, _team(store), lead_id)
    assert {(a.item, a.answer, a.author_name) for a in history} >= {
        ("decision_date", "no", "Jonas Weber")
    }


def test_formal_address_for_a_sie_person(signed_in):
    at = _create(_open(signed_in, "aylin"))
    assert "Bis wann möchten Sie sich entschieden haben" in texts(at)


def test_offer_sent_asks_for_the_follow_up_date_and_stores_it(signed_in, store):
    at = _create(_open(signed_in))
    lead_id = at.selectbox(key="lead_select").value
    _tab(at, "commitment")
    today = date.today()
    follow_up = at.date_input(key=f"offer_follow_up_{lead_id}")
    assert follow_up.value == leads.follow_up_default(today)
    chosen = leads.add_working_days(today, 3)
    follow_up.set_value(chosen)
    at.button(key=f"offer_submit_{lead_id}").click()
    at.run()
    assert not at.exception
    lead = next(x for x in leads.search(store, _team(store)) if x.id == lead_id)
    assert (lead.stage, lead.offer_date, lead.next_step_date) == ("offer_sent", today, chosen)
    assert "Angebot als versendet vermerkt. Rückmeldetermin:" in texts(at)


def test_editing_a_lead_saves_and_confirms(signed_in, store):
    at = _create(_open(signed_in))
    lead_id = at.selectbox(key="lead_select").value
    _tab(at, "edit")
    at.text_input(key=f"edit_{lead_id}_contact").input("Frau Meyer")
    at.selectbox(key=f"edit_{lead_id}_stage").set_value("handshake")
    at.button(key=f"edit_{lead_id}_submit").click()
    at.run()
    assert not at.exception
    assert "Änderungen gespeichert." in texts(at)
    lead = next(x for x in leads.search(store, _team(store)) if x.id == lead_id)
    assert (lead.contact_name, lead.stage) == ("Frau Meyer", "handshake")


def test_an_old_handshake_is_flagged_with_the_next_step(signed_in, store):
    at = _open(signed_in, "aylin")
    vitalis = next(x.id for x in leads.search(store, _team(store)) if "Vitalis" in x.company)
    at.selectbox(key="lead_select").set_value(vitalis)
    shown = texts(_tab(at, "commitment"))
    assert "Zusage per Handschlag vor 14 Tagen" in shown
    assert "schriftliche Bestätigung" in shown


def test_closing_a_lead_as_ghosted_asks_for_reason_and_offers_reopening(signed_in, store):
    at = _create(_open(signed_in))
    lead_id = at.selectbox(key="lead_select").value
    _fill_close_as_ghosted(at, lead_id)
    at.button(key=f"close_submit_{lead_id}").click()
    at.run()
    assert not at.exception
    assert "Lead „Nordsee Fisch GmbH“ abgeschlossen." in texts(at)
    at.toggle(key="lead_open_only").set_value(False).run()
    at.selectbox(key="lead_select").set_value(lead_id).run()
    assert "Dieser Lead ist abgeschlossen: Verstummt" in texts(at)


def test_the_start_page_points_to_offers_without_a_next_step(signed_in):
    at = signed_in("claudia")
    labels = [e.proto.label for e in at.get("page_link")]
    assert "2 Angebote ohne vereinbarten nächsten Schritt" in labels
    assert "1 Zusage per Handschlag ohne schriftlichen Auftrag" in labels


def test_the_workshop_exercise_reveals_the_risks_and_stores_nothing(signed_in, store):
    at = signed_in("claudia")
    at.switch_page("pages/lead_exercise.py")
    at.run()
    before = len(leads.search(store, _team(store)))
    for radio in at.radio:
        radio.set_value("yes")
    at.toggle(key="exercise_reveal").set_value(True).run()
    assert not at.exception
    shown = texts(at)
    assert "optimistischer als die Fakten" in shown
    assert "Entscheidungstermin unbekannt" in shown and "hoch" in shown
    assert len(leads.search(store, _team(store))) == before


def _team(engine) -> int:
    from coaching.store import accounts

    with read(engine) as conn:
        return accounts.user_by_email(conn, "jonas@demo.funkstille.de").team_id


def test_the_page_speaks_english_without_raw_keys(signed_in, store):
    from coaching.store import accounts, write

    with write(store) as conn:
        lena = accounts.user_by_email(conn, "lena@demo.funkstille.de")
        accounts.update_user(conn, lena.id, language="en")
    at = _open(signed_in, "lena")
    assert not at.exception
    shown = texts(at)
    assert "Lead check" in shown and "lead_check." not in shown
    assert "Questions for the next conversation" in shown


def test_a_close_sent_for_a_lead_a_colleague_closed_meanwhile_closes_no_other(signed_in, store):
    at = _create(_open(signed_in))
    lead_id = at.selectbox(key="lead_select").value
    _fill_close_as_ghosted(at, lead_id)
    with write(store) as conn:
        repo.update_lead(conn, _team(store), lead_id, status="won")
    still_open = {x.id for x in leads.search(store, _team(store), open_only=True)}
    at.button(key=f"close_submit_{lead_id}").click()
    at.run()
    assert not at.exception
    assert {x.id for x in leads.search(store, _team(store), open_only=True)} == still_open


def test_the_lead_form_stores_the_salutation_and_the_day_the_order_was_agreed(signed_in, store):
    at = _open(signed_in)
    at.session_state[section.NEW_OPEN] = True
    at.run()
    at.text_input(key="new_company").input("Stadtwerke Süd")
    at.text_input(key="new_contact").input("Dr. Miriam Olbrich")
    at.text_input(key="new_salutation").input("Frau  Dr. Olbrich")
    at.date_input(key="new_order_date").set_value(date.today())
    at.button(key="new_submit").click()
    at.run()
    assert not at.exception
    lead_id = at.selectbox(key="lead_select").value
    with read(store) as conn:
        lead = repo.get_lead(conn, _team(store), lead_id)
    assert (lead.salutation, lead.order_date) == ("Frau Dr. Olbrich", date.today())


def test_an_order_agreed_tomorrow_is_refused_in_words(signed_in):
    at = _open(signed_in)
    at.session_state[section.NEW_OPEN] = True
    at.run()
    at.text_input(key="new_company").input("Stadtwerke Süd")
    at.date_input(key="new_order_date").set_value(date.today() + timedelta(days=1))
    at.button(key="new_submit").click()
    at.run()
    assert "Auftrag fest vereinbart am: Das Datum liegt in der Zukunft." in texts(at)


def test_a_lead_a_colleague_closed_meanwhile_is_named_instead_of_silently_swapped(signed_in, store):
    at = _open(signed_in)
    vitalis = next(x for x in leads.search(store, _team(store)) if "Vitalis" in x.company)
    at.selectbox(key="lead_select").set_value(vitalis.id).run()
    _fill_close_as_ghosted(at, vitalis.id)
    colleague = _person(store, "claudia")
    lead_lifecycle.close(store, colleague, vitalis.id, status="won")
    at.button(key=f"close_submit_{vitalis.id}").click().run()
    assert not at.exception
    shown = texts(at)
    assert "„Vitalis Diagnostik AG“ steht nicht mehr in dieser Liste" in shown
    assert "wurde es nicht gespeichert" in shown


def test_the_history_tab_shows_the_lead_log_in_words(signed_in, store):
    at = _create(_open(signed_in))
    shown = texts(_tab(at, "history"))
    assert "Ereignisse" in shown and "Angelegt" in shown and "von Jonas Weber" in shown


def _person(engine, name: str):
    from coaching.store import accounts

    with read(engine) as conn:
        return accounts.user_by_email(conn, f"{name}@demo.funkstille.de")
