import re
from datetime import date, timedelta

from coaching.content import catalog
from coaching.store import leads as repo
from coaching.store import read, write
from coaching.store.accounts import user_by_email
from coaching.ui import follow_up as section
from coaching.ui.follow_up_actions import ACTIONS_OPEN
from tests.app.conftest import texts

PAGE = "pages/follow_up.py"


def open_page(signed_in, person: str = "jonas", log_open: bool = True):
    """The page with the chosen lead's log unfolded (folded, it draws nothing)."""
    at = signed_in(person)
    at.switch_page(PAGE)
    at.session_state[section.LOG_OPEN] = log_open
    at.run()
    assert not at.exception
    return at


def test_the_log_and_the_silence_figures_are_drawn_when_opened(signed_in):
    at = open_page(signed_in, log_open=False)
    assert [e for e in at.expander if e.label.startswith("Verlauf (")]
    assert "Verlauf" not in [e.value for e in at.markdown if e.value.startswith("**Verlauf")]
    assert len(at.table) == 1  # the silence list
    at.session_state[section.LOG_OPEN] = True
    at.session_state[section.INSIGHTS_OPEN] = True
    at.run()
    assert any(e.value.startswith("**Verlauf**") for e in at.markdown)
    assert len(at.table) == 2  # the silence list and, opened, where it went silent


def choose(at, company: str):
    box = at.selectbox(key="follow_up_lead")
    box.select_index(next(i for i, text in enumerate(box.options) if text.startswith(company)))
    at.run()
    assert not at.exception
    return at


def action_tab(at, name: str, lang: str = "de"):
    """Open the actions and one of their tabs: only the open one draws its form."""
    at.session_state[ACTIONS_OPEN] = True
    at.session_state[section.ACTION_TAB] = catalog(lang).text(f"follow_up.{name}_tab")
    return at.run()


def open_ghosts(at):
    """Open every silent lead's expander: each draws its parting words and form when opened."""
    for key in [k for k in at.session_state if k.startswith(section.GHOST_OPEN)]:
        at.session_state[key] = True
    return at.run()


def companies(at) -> list[str]:
    boxes = [box for box in at.selectbox if box.key == "follow_up_lead"]
    return [option.split(" · ")[0] for box in boxes for option in box.options]


def test_the_silence_list_shows_my_silent_leads_longest_silence_first(signed_in):
    at = open_page(signed_in)
    mine = [
        "Kaiser & Söhne Maschinenbau",
        "Brandt Logistik GmbH",
        "Café Morgenrot",
        "Stadtwerke Nordheim",
    ]  # the follow-up demo's leads; the Lead-Check demo adds more
    assert [company for company in companies(at) if company in mine] == mine
    overdue, today, upcoming = (int(m.value) for m in at.metric)
    assert overdue >= 2 and today >= 2 and upcoming >= 0
    assert "Funkstille-Liste" in texts(at) and "UWG" in texts(at)


def test_the_whole_team_shows_everyone_with_parked_and_ghosted_leads(signed_in):
    at = open_page(signed_in)
    at.segmented_control(key="follow_up_scope").set_value("team").run()
    assert "Rheinmesse Köln" in companies(at) and "Nordlicht Events" not in companies(at)
    shown = texts(at)
    assert "Geparkte Leads" in shown and "Nordlicht Events" in shown
    assert "Böhm Fensterbau" in " ".join(e.label for e in at.expander)


def test_logging_a_step_records_it_and_shows_the_next_step(signed_in):
    at = choose(open_page(signed_in), "Stadtwerke Nordheim")
    assert "Schritt 1 von 4: Nachfassen mit Mehrwert" in texts(at)
    at.text_area(key="follow_up_log_note").input("Tipp zur Standplanung geschickt")
    at.button(key="follow_up_log").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Schritt eingetragen" in shown
    assert "Schritt 2 von 4: Kanal prüfen" in shown
    assert "Tipp zur Standplanung geschickt" in shown
    assert "Demnächst" in shown


def test_a_reply_received_stops_the_cadence_and_takes_the_lead_off_the_list(signed_in):
    at = action_tab(choose(open_page(signed_in), "Brandt Logistik GmbH"), "reply")
    at.text_area(key="follow_up_reply_note").input("Entscheidung fällt nächste Woche")
    at.button(key="follow_up_reply").click().run()
    assert not at.exception
    assert "Die Kadenz für diesen Lead ist beendet" in texts(at)
    assert "Brandt Logistik GmbH" not in companies(at)
    assert "nicht mehr in der Funkstille-Liste" not in texts(at)  # my own doing, not news


def test_a_lead_a_colleague_closed_meanwhile_is_named_instead_of_silently_swapped(signed_in, store):
    at = choose(open_page(signed_in), "Brandt Logistik GmbH")
    with write(store) as conn:
        jonas = user_by_email(conn, "jonas@demo.funkstille.de")
        (lead,) = repo.list_leads(conn, jonas.team_id, search="Brandt Logistik")
        repo.update_lead(conn, lead.team_id, lead.id, status="won")
    at.text_area(key="follow_up_log_note").input("Tipp geschickt")
    at.button(key="follow_up_log").click().run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "„Brandt Logistik GmbH“ steht nicht mehr in der Funkstille-Liste" in warning
    assert "wurde es nicht gespeichert" in warning
    with read(store) as conn:
        leads = [lead.id for lead in repo.list_leads(conn, jonas.team_id)]
        events = repo.events_by_lead(conn, jonas.team_id, leads)
    logged = [e for found in events.values() for e in found if e.note == "Tipp geschickt"]
    assert logged == []  # not on Brandt, and above all not on the lead shown in its place
    at.run()
    assert not at.exception and "Funkstille-Liste:" not in texts(at)  # told once, then go on


def test_a_lead_with_email_opens_in_the_mail_program_with_subject_and_body(signed_in):
    at = choose(open_page(signed_in), "Stadtwerke Nordheim")
    url = at.get("link_button")[0].proto.url
    assert url.startswith("mailto:m.olbrich@sw-nordheim.example?subject=")
    assert "&body=Guten%20Tag%20Frau%20Dr.%20Olbrich%2C" in url


def test_a_lead_without_email_opens_the_mail_program_with_an_empty_recipient(signed_in):
    at = choose(open_page(signed_in), "Café Morgenrot")
    url = at.get("link_button")[0].proto.url
    assert url.startswith("mailto:?subject=") and "&body=" in url
    assert "keine E-Mail-Adresse" in texts(at)
    copy = next(
        k for k in at.session_state if k.startswith("follow_up_mail_") and k.endswith("_copy")
    )
    at.session_state[copy] = True  # the text to copy is drawn when opened
    assert any("Guten Tag Herr Albers," in c.value for c in at.run().code)


def test_the_firm_order_letter_takes_preparatory_work_and_says_it_is_no_legal_advice(signed_in):
    at = choose(open_page(signed_in), "Kaiser & Söhne Maschinenbau")
    shown = texts(at)
    assert "Verträge sind einzuhalten" in shown and "keine Rechtsberatung" in shown
    prep = next(a for a in at.text_area if a.key.startswith("follow_up_prep_"))
    prep.input("Entwurf erstellt (6 Std.), Material reserviert (480 €)").run()
    body = next(a for a in at.text_area if a.key.startswith("follow_up_body_"))
    assert "Material reserviert (480 €)" in body.value
    assert "{" not in body.value


def test_the_firm_order_path_offers_its_own_messages_greeting_informally_by_first_name(signed_in):
    at = choose(open_page(signed_in), "Kaiser & Söhne Maschinenbau")
    picker = next(s for s in at.selectbox if s.key.startswith("follow_up_template_"))
    assert picker.options == ["Klares Schreiben zum festen Auftrag"]
    at.session_state["follow_up_msg_address"] = "du"
    at.run()
    body = next(a for a in at.text_area if a.key.startswith("follow_up_body_"))
    assert body.value.startswith("Hallo Peter,")
    assert "„Hausmesse mit Showroom-Umbau“" in body.value
    assert re.search(r"Am \d\d\.\d\d\.\d{4} haben wir den Auftrag", body.value)
    assert "Nein" not in body.value and "in Ordnung" not in body.value


def test_user_text_with_script_or_markdown_is_shown_literally(signed_in, store):
    with read(store) as conn:
        jonas = user_by_email(conn, "jonas@demo.funkstille.de")
    with write(store) as conn:
        repo.add_lead(
            conn,
            jonas.team_id,
            owner_id=jonas.id,
            company="<script>alert(1)</script> **Fett**",
            contact_name="[Klick](http://böse.example)",
            topic=None,
            stage="offer_sent",
            offer_date=date.today() - timedelta(days=70),
            next_step_date=date.today() - timedelta(days=60),
        )
    at = choose(open_page(signed_in), "<script>")
    body = next(a for a in at.text_area if a.key.startswith("follow_up_body_"))
    assert "[Klick](http://böse.example)" in body.value and "[Thema]" in body.value
    header = next(h.value for h in at.subheader if "script" in h.value)
    assert header == r"\<script\>alert\(1\)\</script\> \*\*Fett\*\*"


def test_the_start_page_counts_due_and_overdue_follow_ups(signed_in):
    at = signed_in("jonas")
    labels = "\n".join(link.proto.label for link in at.get("page_link"))
    assert re.search(r"Nachfassen: (1 Schritt|\d+ Schritte) überfällig", labels)
    assert re.search(r"Nachfassen: (1 Schritt|\d+ Schritte) heute fällig", labels)


def test_a_ghost_shows_its_parting_words_and_can_be_reopened(signed_in):
    at = open_page(signed_in, "markus")
    assert "Böhm Fensterbau" not in companies(at)
    shown = texts(open_ghosts(at))
    assert "auf meine letzten Nachrichten kam keine Antwort" in shown
    reopen = next(b for b in at.button if b.key and b.key.startswith("follow_up_reopen_"))
    reopen.click().run()
    assert not at.exception
    assert "Lead wieder geöffnet" in texts(at)
    assert "Keine verstummten Leads." in texts(at)  # open again, its next step two days ahead


def test_parking_without_a_reason_says_what_is_missing_and_parks_nothing(signed_in):
    at = action_tab(choose(open_page(signed_in), "Café Morgenrot"), "park")
    at.button(key="follow_up_park").click().run()
    assert not at.exception
    assert "Bitte geben Sie einen Grund für das Parken an." in [e.value for e in at.error]
    assert "Café Morgenrot" in companies(at)


def test_parking_with_a_reason_moves_the_lead_to_the_parked_list(signed_in):
    at = action_tab(choose(open_page(signed_in), "Café Morgenrot"), "park")
    at.text_input(key="follow_up_park_reason").input("Inhaber im Urlaub, Saison beginnt im März")
    at.button(key="follow_up_park").click().run()
    assert not at.exception
    assert "Café Morgenrot" not in companies(at)
    assert "Geparkte Leads" in texts(at) and "Saison beginnt im März" in texts(at)


def test_an_out_of_office_reply_keeps_the_lead_but_moves_its_step(signed_in):
    at = action_tab(choose(open_page(signed_in), "Stadtwerke Nordheim"), "ooo")
    at.button(key="follow_up_ooo").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Der nächste Schritt rückt hinter die Abwesenheit" in shown
    assert "Stadtwerke Nordheim" in companies(at)
    assert "Demnächst" in shown and "abwesend bis" in shown


def test_in_english_the_page_and_the_message_speak_english(signed_in, store):
    from coaching.accounts import update_preferences

    with read(store) as conn:
        jonas = user_by_email(conn, "jonas@demo.funkstille.de")
    update_preferences(store, jonas.id, language="en")
    at = choose(open_page(signed_in), "Stadtwerke Nordheim")
    shown = texts(at)
    assert "Silence list" in shown and "Step 1 of 4: Follow up with value" in shown
    body = next(a for a in at.text_area if a.key.startswith("follow_up_body_"))
    assert body.value.startswith("Dear Dr Olbrich,")
    at.session_state["follow_up_msg_address"] = "du"
    at.run()
    body = next(a for a in at.text_area if a.key.startswith("follow_up_body_"))
    assert body.value.startswith("Hi Miriam,")
