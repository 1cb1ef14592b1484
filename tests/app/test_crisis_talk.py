from sqlalchemy import select

from coaching import conversations as talks
from coaching.store import read, write
from coaching.store.conversations import list_conversations
from coaching.store.leads import add_lead, customer_id_for, events_for_lead
from coaching.store.schema import conversations
from coaching.ui import script_view
from coaching.ui.script_view import PHRASE
from tests.app.conftest import texts

PAGE = "pages/crisis_talk.py"
MARKUP = "<b>Achtung</b> **laut** [Link](http://x.de)"


def _open(at, **params):
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.switch_page(PAGE)
    return at.run()


def _choose(at, key: str, label: str):
    box = at.selectbox(key=key)
    return box.select_index(box.options.index(label))


def _step(at, script: str, step: str):
    """Open a step's tab: only the open step draws its phrases and note."""
    at.session_state[script_view.TAB] = script_view.tab_labels(talks.scripts("de")[script])[step]
    return at.run()


def _phrases(at) -> str:
    """The sample phrases of every step of the chosen script, each step's tab opened in turn
    (a phrase is a list item of its step's Markdown)."""
    script = at.selectbox(key="script_choice").value
    lines = []
    for step in talks.scripts("de")[script].steps:
        _step(at, script, step)
        lines += [line for e in at.markdown for line in e.value.splitlines()]
    return "\n".join(line for line in lines if line.startswith(PHRASE))


def test_walking_the_crisis_script_and_saving_the_outcome(signed_in, store, demo):
    at = _open(signed_in("jonas"))
    assert not at.exception
    shown = texts(at)
    assert "Kündigung in der Krise" in shown
    assert "3. Den Kündigungsdialog unterbrechen" in [tab.label for tab in at.tabs]
    phrases = _phrases(at)
    assert "Über den Vertrag sprechen wir gleich, versprochen" in phrases
    _choose(at, "subject_choice", "Café Lindner (Kunde)")
    _step(at, "crisis_cancellation", "acknowledge")
    at.text_area(key="note_crisis_cancellation_acknowledge").input("Energiekosten verdoppelt").run()
    _step(at, "crisis_cancellation", "agree")  # the note of the step before stays
    assert not [a for a in at.text_area if a.key == "note_crisis_cancellation_acknowledge"]
    at.text_area(key="note_crisis_cancellation_agree").input("Pause bis März")
    at.radio(key="outcome_choice").set_value("paused")
    at.button(key="save_outcome").click()
    at.run()
    assert not at.exception
    assert "Gespeichert: Pausiert – Café Lindner." in texts(at)
    with read(store) as conn:
        newest = list_conversations(conn, demo.team_id)[0]
    assert newest.outcome == "paused" and newest.subject == "Café Lindner"
    assert newest.notes == {"acknowledge": "Energiekosten verdoppelt", "agree": "Pause bis März"}


def test_without_an_outcome_the_page_asks_for_it_and_stores_nothing(signed_in, store):
    at = _open(signed_in("aylin"))
    with read(store) as conn:
        before = len(conn.execute(select(conversations.c.id)).all())
    _choose(at, "subject_choice", "Autohaus Berger (Kunde)")
    at.button(key="save_outcome").click()
    at.run()
    assert "Bitte wählen Sie, wie das Gespräch ausgegangen ist." in texts(at)
    with read(store) as conn:
        assert len(conn.execute(select(conversations.c.id)).all()) == before


def test_a_link_opens_the_script_for_a_lead_and_saving_logs_a_lead_event(signed_in, store, demo):
    with write(store) as conn:
        lead = add_lead(conn, demo.team_id, company="Bäckerei Albers", stage="offer_sent")
    at = _open(signed_in("markus"), script="warning_signals", lead=lead)
    assert not at.exception
    assert at.selectbox(key="script_choice").value == "warning_signals"
    assert at.selectbox(key="subject_choice").value.name == "Bäckerei Albers"
    assert "Ich habe das Gefühl, dass bei uns gerade etwas anders läuft" in _phrases(at)
    at.radio(key="outcome_choice").set_value("kept")
    at.button(key="save_outcome").click()
    at.run()
    with read(store) as conn:
        assert events_for_lead(conn, demo.team_id, lead)[-1].kind == "conversation"


def test_a_link_to_a_customer_shows_earlier_conversations_with_notes_literally(
    signed_in, store, demo
):
    with write(store) as conn:
        customer = customer_id_for(conn, demo.team_id, "Café Lindner")
    at = _open(signed_in("lena"), script="exit_conversation", customer=customer)
    _step(at, "exit_conversation", "feedback")
    at.text_area(key="note_exit_conversation_feedback").input(MARKUP)
    at.radio(key="outcome_choice").set_value("cancelled")
    at.button(key="save_outcome").click()
    at.run()
    assert not at.exception
    assert MARKUP in [t.value for t in at.text]
    assert "Frühere Gespräche" in texts(at)


def test_a_broken_link_says_what_is_wrong_and_still_offers_the_scripts(signed_in):
    at = _open(signed_in("tobias"), script="gibtsnicht", customer="abc")
    assert not at.exception
    shown = texts(at)
    assert "Den Gesprächsleitfaden „gibtsnicht“ gibt es nicht." in shown
    assert "den es in Ihrem Team nicht gibt" in shown
    assert at.selectbox(key="script_choice").value == "crisis_cancellation"


def test_a_new_customer_can_be_named_when_it_is_not_in_the_list(signed_in, store, demo):
    at = _open(signed_in("jonas"))
    at.text_input(key="new_customer").input("Gärtnerei Blum")
    at.radio(key="outcome_choice").set_value("reduced")
    at.button(key="save_outcome").click()
    at.run()
    assert "Gespeichert: Verkleinert – Gärtnerei Blum." in texts(at)


def test_the_take_away_is_offered_as_pdf_and_markdown(signed_in):
    at = _open(signed_in("jonas"))
    at.segmented_control(key="address_choice").set_value("du")
    at.text_area(key="note_crisis_cancellation_prepare").input(MARKUP)
    at.run()
    assert not at.exception
    phrases = _phrases(at)
    assert "Vorher möchte ich mit dir klären" in phrases
    buttons = {b.key for b in at.get("download_button")}
    assert {"download_pdf", "download_md"} <= buttons


def test_an_exit_with_a_quarterly_visit_shows_up_parked_on_nachfassen(signed_in, store, demo):
    at = _open(signed_in("jonas"), script="exit_conversation")
    assert "Abschiedsgespräch" in texts(at)
    _choose(at, "subject_choice", "Café Lindner (Kunde)")
    at.radio(key="outcome_choice").set_value("cancelled")
    at.checkbox(key="quarterly_visit").check()
    at.button(key="save_outcome").click()
    at.run()
    assert not at.exception
    at.switch_page("pages/follow_up.py").run()
    shown = texts(at)
    assert "Café Lindner" in shown
    assert "Quartalsbesuch nach dem Gespräch „Abschiedsgespräch“" in shown


def test_the_talk_before_invoice_script_has_no_no_is_fine_line(signed_in):
    at = _open(signed_in("jonas"), script="talk_before_invoice")
    shown = texts(at)
    assert "Sprechen vor der Rechnung" in shown
    phrases = _phrases(at)
    assert "Mach mir gern einen Vorschlag." in phrases  # Jonas is addressed with du
    assert "in Ordnung" not in phrases and "kein Problem" not in phrases
