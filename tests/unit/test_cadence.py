import re
from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from coaching.cadence import (
    PLACEHOLDERS,
    Message,
    cadence_state,
    counts,
    first_name,
    greeting_name,
    lead_values,
    mailto,
    reflow,
    render,
    silence_began_for,
    silence_list,
)
from coaching.content import catalog
from coaching.store.leads import Lead, LeadEvent

TODAY = date(2026, 11, 23)
CADENCE = catalog("de").doc("cadence")


def lead(**values) -> Lead:
    fields = {
        "id": 1,
        "team_id": 1,
        "owner_id": 1,
        "owner_name": "Jonas Weber",
        "customer_id": None,
        "company": "Brandt Logistik GmbH",
        "contact_name": "Sabine Brandt",
        "contact_email": "s.brandt@example.org",
        "topic": "Messestand",
        "value_eur": None,
        "stage": "offer_sent",
        "status": "open",
        "commitment": "interest_only",
        "offer_date": ago(14),
        "next_step": "Feedback-Telefonat",
        "next_step_date": ago(10),
        "last_customer_reply": ago(14),
        "notes": None,
        "created_at": datetime(2026, 10, 1),
        "updated_at": datetime(2026, 10, 1),
        "closed_at": None,
    }
    return Lead(**{**fields, **values})


_ids = iter(range(1, 10_000))


def event(kind: str, days_ago: int, **payload) -> LeadEvent:
    at = datetime.combine(ago(days_ago), time(10, 0))
    return LeadEvent(next(_ids), 1, 1, "Jonas", at, kind, "email", None, payload)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def state(the_lead: Lead, events=(), today: date = TODAY):
    return cadence_state(the_lead, list(events), CADENCE, today)


# --- what is due when ---


def test_the_first_step_falls_due_its_waiting_days_after_the_agreed_next_step():
    found = state(lead(next_step_date=ago(10)))
    assert found.phase == "active"
    assert found.step.key == "value"
    assert found.due_on == ago(10) + timedelta(days=CADENCE.paths["interest_only"][0].wait_days)
    assert found.urgency == "overdue"


def test_without_an_agreed_next_step_the_offer_date_starts_the_watch():
    found = state(lead(next_step_date=None, offer_date=ago(2)))
    assert found.due_on == TODAY and found.urgency == "today"


def test_a_lead_with_neither_next_step_nor_offer_is_not_on_the_list():
    found = state(lead(next_step_date=None, offer_date=None))
    assert found.phase == "not_silent"


def test_a_next_step_still_ahead_is_not_silence_yet():
    assert state(lead(next_step_date=ago(-3))).phase == "not_silent"


def test_each_further_step_waits_from_the_day_the_previous_one_was_done():
    found = state(lead(), [event("follow_up", 1, step="value")])
    assert found.step.key == "channel_check"
    assert found.due_on == ago(1) + timedelta(days=CADENCE.paths["interest_only"][1].wait_days)
    assert found.urgency == "upcoming"
    assert found.steps_done == ("value",)


def test_days_of_silence_count_from_the_customers_last_own_message():
    assert state(lead(last_customer_reply=ago(14))).days_silent == 14
    assert state(lead(last_customer_reply=None, offer_date=ago(20))).days_silent == 20


def test_the_list_shows_the_longest_silence_first_and_counts_urgencies():
    states = [
        state(lead(id=1, last_customer_reply=ago(5), next_step_date=ago(2))),
        state(lead(id=2, last_customer_reply=ago(30), next_step_date=ago(25))),
        state(lead(id=3, next_step_date=ago(-5))),
    ]
    assert [s.lead.id for s in silence_list(states)] == [2, 1]
    assert counts(states) == {"overdue": 1, "today": 1, "upcoming": 0}


# --- what stops, moves or silences it ---


def test_a_reply_after_the_agreed_step_stops_the_cadence():
    found = state(lead(last_customer_reply=ago(3)), [event("reply_received", 3)])
    assert found.phase == "not_silent" and found.urgency is None


def test_after_a_reply_a_new_agreed_step_starts_a_fresh_cadence():
    events = [event("follow_up", 12, step="value"), event("reply_received", 8)]
    found = state(lead(last_customer_reply=ago(8), next_step_date=ago(4)), events)
    assert found.step.key == "value" and found.steps_done == ()


def test_an_out_of_office_reply_moves_the_next_step_past_the_absence():
    events = [
        event("follow_up", 3, step="value"),
        event("out_of_office", 2, until=ago(-5).isoformat()),
    ]
    found = state(lead(), events)
    assert found.phase == "active" and found.step.key == "channel_check"
    assert found.due_on == ago(-6)


def test_an_absence_that_ended_before_the_due_day_changes_nothing():
    events = [
        event("follow_up", 10, step="value"),
        event("out_of_office", 9, until=ago(8).isoformat()),
    ]
    assert state(lead(), events).due_on == ago(10) + timedelta(days=4)


def test_a_parked_lead_stays_silent_until_its_resume_date():
    events = [event("parked", 2, reason="Budget 2027", resume_on=ago(-10).isoformat())]
    found = state(lead(status="parked"), events)
    assert found.phase == "parked" and found.resume_on == ago(-10)
    assert found.park_reason == "Budget 2027"
    assert counts([found]) == {"overdue": 0, "today": 0, "upcoming": 0}


def test_a_parked_lead_returns_on_its_resume_date_and_is_due_from_then():
    events = [event("parked", 20, reason="Budget", resume_on=ago(0).isoformat())]
    found = state(lead(status="parked"), events)
    assert found.phase == "active" and found.due_on == TODAY


def test_resuming_early_makes_the_step_due_from_the_resume_day_not_back_in_time():
    events = [
        event("parked", 9, reason="Budget", resume_on=ago(-30).isoformat()),
        event("resumed", 1),
    ]
    assert state(lead(status="open"), events).due_on == ago(1)


def test_closed_leads_have_no_cadence():
    assert state(lead(status="ghosted")).phase == "closed"


# --- the two paths ---


def test_interest_only_ends_in_a_closing_message_that_closes_as_ghosted():
    last = CADENCE.paths["interest_only"][-1]
    assert last.key == "closing" and last.closes_as == "ghosted"
    done = [
        event("follow_up", 20 - i, step=s.key)
        for i, s in enumerate(CADENCE.paths["interest_only"][:-1])
    ]
    assert state(lead(), done).step.key == "closing"


def test_a_firm_order_leads_to_the_clear_letter_and_is_never_closed_automatically():
    path = CADENCE.paths["firm_order"]
    assert path[-1].key == "firm_letter" and path[-1].closes_as is None
    done = [event("follow_up", 20 - i, step=s.key) for i, s in enumerate(path[:-1])]
    found = state(lead(commitment="firm_order"), done)
    assert found.step.key == "firm_letter"
    finished = state(
        lead(commitment="firm_order"), [*done, event("follow_up", 1, step="firm_letter")]
    )
    assert finished.phase == "finished" and finished.urgency is None


def test_after_a_reopening_the_cadence_starts_again_from_the_first_step():
    events = [
        *[
            event("follow_up", 60 - i, step=s.key)
            for i, s in enumerate(CADENCE.paths["interest_only"])
        ],
        event("closed", 50, status="ghosted"),
        event("reopened", 5),
    ]
    found = state(lead(last_customer_reply=ago(5), next_step_date=ago(3)), events)
    assert found.step.key == "value"


def test_where_the_silence_began_defaults_from_the_stage_and_crisis_wins():
    assert silence_began_for(lead(stage="first_contact")) == "after_first_contact"
    assert silence_began_for(lead(stage="offer_sent")) == "after_offer"
    assert silence_began_for(lead(stage="handshake")) == "after_handshake"
    assert silence_began_for(lead(stage="offer_sent"), "crisis") == "during_crisis_talk"


# --- content ---


def test_both_languages_define_the_same_steps_and_waiting_days():
    def shape(lang):
        paths = catalog(lang).doc("cadence").paths
        return {
            name: [(s.key, s.wait_days, s.channel, s.templates, s.closes_as) for s in steps]
            for name, steps in paths.items()
        }

    assert shape("de") == shape("en")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_step_names_templates_that_exist(lang):
    templates = catalog(lang).doc("templates").messages
    for steps in catalog(lang).doc("cadence").paths.values():
        for step in steps:
            assert set(step.templates) <= set(templates), step.key


def test_the_default_value_step_offers_a_tip_a_reference_and_a_decision_aid():
    assert CADENCE.paths["interest_only"][0].templates == [
        "value_tip",
        "value_reference",
        "value_decision_aid",
    ]


# --- templates ---

FULL = {
    "salutation": "Frau Brandt",
    "company": "Brandt Logistik GmbH",
    "topic": "Messestand",
    "offer_date": "09.11.2026",
    "order_date": "12.11.2026",
    "sender": "Jonas Weber",
    "reply_by": "03.12.2026",
    "preparatory_work": "Entwurf (6 Std.)",
    "return_date": "07.12.2026",
    "deputy": "Aylin Demir",
    "end_date": "31.12.2026",
}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("address", ["sie", "du"])
def test_every_template_renders_without_an_unfilled_placeholder(lang, address):
    templates = catalog(lang).doc("templates")
    for key, template in {**templates.messages, **templates.manners}.items():
        message = render(template, templates, address, FULL)
        text = message.subject + message.body
        assert "{" not in text and "}" not in text, key
        for gap in templates.gaps.values():
            assert f"[{gap}]" not in text, (key, gap)
        assert "Frau Brandt" in message.body or key == "out_of_office", key
        assert "Jonas Weber" in message.body, key


@pytest.mark.parametrize("lang", ["de", "en"])
def test_formal_and_informal_templates_differ(lang):
    templates = catalog(lang).doc("templates")
    for key, template in templates.messages.items():
        assert template.body.sie != template.body.du, key


def test_a_missing_value_renders_as_a_visible_gap_never_as_a_placeholder():
    templates = catalog("de").doc("templates")
    values = {**FULL, "salutation": None, "topic": "   "}
    message = render(templates.messages["clear_question"], templates, "sie", values)
    assert "[Anrede]" in message.body and "„[Thema]“" in message.subject
    assert "{" not in message.subject + message.body


def test_values_with_braces_or_markup_are_taken_literally():
    templates = catalog("en").doc("templates")
    values = {**FULL, "company": "<script>alert(1)</script> {sender}"}
    message = render(templates.messages["clear_question"], templates, "sie", values)
    assert "<script>alert(1)</script> {sender}" in message.body


def test_lead_values_write_the_offer_and_order_dates_the_readers_way():
    found = lead(offer_date=date(2026, 11, 9), order_date=date(2026, 11, 12))
    assert lead_values(found, "J", "de", "sie")["offer_date"] == "09.11.2026"
    assert lead_values(found, "J", "en", "sie")["order_date"] == "2026-11-12"
    assert lead_values(lead(offer_date=None), "J", "de", "sie")["offer_date"] is None
    assert lead_values(lead(), "J", "de", "sie")["order_date"] is None


def test_the_greeting_is_the_salutation_when_formal_and_the_first_name_when_informal():
    assert greeting_name(lead(salutation="Frau Dr. Olbrich"), "sie") == "Frau Dr. Olbrich"
    assert greeting_name(lead(salutation=None), "sie") == "Sabine Brandt"
    assert greeting_name(lead(contact_name="Dr. Miriam Olbrich"), "du") == "Miriam"
    assert greeting_name(lead(contact_name="Prof. Dr. Jan Becker"), "du") == "Jan"
    assert greeting_name(lead(contact_name=None), "du") is None
    assert first_name("  ") is None


def test_a_german_salutation_reads_the_english_way_in_an_english_mail():
    def greeting(salutation, lang="en"):
        return lead_values(lead(salutation=salutation), "J", lang, "sie")["salutation"]

    assert greeting("Frau Böhm") == "Ms Böhm"
    assert greeting("Herr Dr. Becker") == "Dr Becker"
    assert greeting("Frau Dr. Olbrich", "de") == "Frau Dr. Olbrich"
    assert greeting("Dr Olbrich") == "Dr Olbrich"


def test_every_placeholder_has_a_gap_word_in_both_languages():
    for lang in ("de", "en"):
        gaps = catalog(lang).doc("templates").gaps
        assert set(PLACEHOLDERS) <= set(gaps)
        for template in catalog(lang).doc("templates").messages.values():
            used = set(re.findall(r"{(\w+)}", template.body.sie + template.body.du))
            assert used <= set(gaps)


def test_mailto_encodes_subject_and_body():
    message = Message("Angebot & Termin?", "Zeile 1\nZeile 2 = 100 % ä #")
    url = mailto("anna@example.org", message)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "anna@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Angebot & Termin?"]
    assert query["body"] == ["Zeile 1\nZeile 2 = 100 % ä #"]
    assert "\n" not in url and " " not in url and unquote(url).count("&") >= 2


def test_without_a_usable_address_the_mail_program_opens_with_an_empty_recipient():
    message = Message("x", "y")
    for unusable in (None, "  ", "not an address", "a b@example.org"):
        assert mailto(unusable, message) == "mailto:?subject=x&body=y"


def test_paragraphs_become_one_line_but_lists_greetings_and_colons_keep_their_breaks():
    text = "Guten Tag X,\n\nerste Zeile\nzweite Zeile:\n1. eins\n2. zwei\n\nViele Grüße\nJonas"
    assert reflow(text) == (
        "Guten Tag X,\n\nerste Zeile zweite Zeile:\n1. eins\n2. zwei\n\nViele Grüße\nJonas"
    )


def test_a_step_without_waiting_days_names_file_entry_and_field(tmp_path):
    import shutil

    from coaching import settings
    from coaching.content import ContentError, load_catalog

    content = tmp_path / "content"
    shutil.copytree(settings.content_dir(), content)
    path = content / "de" / "cadence.yaml"
    path.write_text(path.read_text().replace("      wait_days: 2\n", "", 1), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_catalog(content, "de")
    assert "cadence.yaml" in str(error.value)
    assert "paths.interest_only.0.wait_days" in str(error.value)
