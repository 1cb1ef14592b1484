import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coaching import conversations as talks
from coaching import follow_up, settings
from coaching.content import ContentError, catalog, load_catalog
from coaching.conversations import ConversationError, Subject
from coaching.store import accounts as repo
from coaching.store import read, versions, write
from coaching.store.conversations import list_conversations, outcome_counts
from coaching.store.leads import add_lead, customer_id_for, events_for_lead
from coaching.store.schema import conversations, customers
from tests.pdftext import page_count, pdf_text

MARKUP = "<b>fett</b> **stark** [Klick](http://x.de) # Titel"


def _team(engine, name="T"):
    with write(engine) as conn:
        team = repo.create_team(conn, name)
        user_id = repo.add_user(
            conn, team_id=team, email=f"o@{name}.de", name="Olga", role="member", password_hash="x"
        )
        return team, repo.user_by_id(conn, user_id)


def _copy_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(settings.content_dir(), target)
    return target


# --- content ---


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_script_has_titled_steps_with_phrases_in_both_forms_of_address(lang):
    found = talks.scripts(lang)
    assert {"crisis_cancellation", "warning_signals", "exit_conversation"} <= set(found)
    for key, doc in found.items():
        assert doc.steps, key
        for step in doc.steps.values():
            assert step.title and step.purpose and step.note_prompt
            assert step.phrases and all(p.sie and p.du for p in step.phrases)


def test_scripts_have_the_same_steps_in_german_and_english():
    german, english = talks.scripts("de"), talks.scripts("en")
    assert list(german) == list(english)
    for key in german:
        assert list(german[key].steps) == list(english[key].steps)


def test_the_crisis_script_warns_against_reassurance():
    avoid = [
        a.say for s in talks.script("de", "crisis_cancellation").steps.values() for a in s.avoid
    ]
    assert any("Das wird schon wieder" in say for say in avoid)


def test_a_step_without_title_is_refused_naming_file_and_entry(tmp_path):
    content = _copy_content(tmp_path)
    path = content / "de" / "scripts" / "exit_conversation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    title: Positiv abschließen\n", "", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        load_catalog(content, "de")
    message = str(error.value)
    assert "exit_conversation.yaml" in message and "steps.positive_close.title" in message


def test_an_empty_phrase_list_is_refused_naming_file_and_entry(tmp_path):
    content = _copy_content(tmp_path)
    path = content / "en" / "scripts" / "warning_signals.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  open:\n")
    phrases = text.index("    phrases:\n", start)
    avoid = text.index("    avoid:\n", phrases)
    path.write_text(text[:phrases] + "    phrases: []\n" + text[avoid:], encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_catalog(content, "en")
    message = str(error.value)
    assert "warning_signals.yaml" in message and "steps.open.phrases" in message


def test_the_content_check_command_refuses_a_broken_script_naming_file_and_entry(tmp_path):
    content = _copy_content(tmp_path)
    path = content / "de" / "scripts" / "crisis_cancellation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    title: Vorbereiten\n", "", 1),
        encoding="utf-8",
    )
    env = {**os.environ, "FUNKSTILLE_CONTENT_DIR": str(content)}
    done = subprocess.run(
        [sys.executable, "-m", "coaching", "content", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.PROJECT_ROOT,
        check=False,
    )
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "crisis_cancellation.yaml" in output and "steps.prepare.title" in output


def test_adding_a_script_file_needs_no_code(tmp_path):
    content = _copy_content(tmp_path)
    for lang in ("de", "en"):
        source = content / lang / "scripts" / "exit_conversation.yaml"
        shutil.copy(source, content / lang / "scripts" / "price_increase.yaml")
    assert "price_increase" in load_catalog(content, "de").docs("scripts")


# --- saving the outcome ---


def test_an_outcome_is_saved_to_the_lead_with_notes_and_a_lead_event(engine):
    team, user = _team(engine)
    with write(engine) as conn:
        lead = add_lead(conn, team, company="Bäckerei Albers", stage="offer_sent", owner_id=user.id)
        before = versions.current(conn, team)
    subject = talks.resolve_subject(engine, team, lead=str(lead))
    talks.save_outcome(
        engine,
        user,
        script_key="crisis_cancellation",
        outcome="paused",
        notes={"acknowledge": "  Sorge: Energiekosten  ", "explore": ""},
        held_on=date(2026, 11, 20),
        subject=subject,
    )
    with read(engine) as conn:
        (saved,) = list_conversations(conn, team, lead_id=lead)
        events = events_for_lead(conn, team, lead)
        assert versions.current(conn, team) > before
    assert saved.outcome == "paused" and saved.subject == "Bäckerei Albers"
    assert saved.notes == {"acknowledge": "Sorge: Energiekosten"}
    assert events[-1].kind == "conversation"
    assert events[-1].payload["outcome"] == "paused"


def test_a_new_customer_is_created_when_named_and_counted_in_the_outcomes(engine):
    team, user = _team(engine)
    for outcome in ("kept", "kept", "cancelled"):
        talks.save_outcome(
            engine,
            user,
            script_key="warning_signals",
            outcome=outcome,
            notes={},
            held_on=date(2026, 11, 1),
            new_customer="  Autohaus   Berger ",
        )
    with read(engine) as conn:
        assert conn.scalar(select(func.count()).select_from(customers)) == 1
        assert outcome_counts(conn, team) == {"kept": 2, "cancelled": 1}
        assert list_conversations(conn, team)[0].subject == "Autohaus Berger"


def test_an_exit_can_leave_a_quarterly_visit_that_follow_up_shows_parked_then_due(engine):
    team, user = _team(engine)
    held = date(2026, 11, 20)
    talks.save_outcome(
        engine,
        user,
        script_key="exit_conversation",
        outcome="cancelled",
        notes={},
        held_on=held,
        new_customer="Autohaus Berger",
        quarterly_visit=True,
    )
    (parked,) = follow_up.team_states(engine, team, held + timedelta(days=1))
    assert parked.phase == "parked" and parked.resume_on == held + talks.QUARTER
    assert parked.lead.company == "Autohaus Berger" and parked.lead.topic == "Quartalsbesuch"
    assert "Abschiedsgespräch" in parked.park_reason
    (due,) = follow_up.team_states(engine, team, held + talks.QUARTER + timedelta(days=7))
    assert due.phase == "active" and due.urgency == "overdue"


def test_without_the_quarterly_visit_no_reminder_lead_is_made(engine):
    team, user = _team(engine)
    talks.save_outcome(
        engine,
        user,
        script_key="crisis_cancellation",
        outcome="paused",
        notes={},
        held_on=date(2026, 11, 20),
        new_customer="Autohaus Berger",
    )
    assert follow_up.team_states(engine, team, date(2027, 6, 1)) == []


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"outcome": "vielleicht"}, "crisis.choose_outcome"),
        ({"new_customer": "   "}, "crisis.choose_subject"),
        ({"script_key": "nonexistent"}, "crisis.unknown_script"),
        ({"notes": {"agree": "x" * 5000}}, "crisis.note_too_long"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(engine, changes, key):
    team, user = _team(engine)
    values = {
        "script_key": "crisis_cancellation",
        "outcome": "kept",
        "notes": {},
        "held_on": date(2026, 11, 2),
        "new_customer": "Café Lindner",
        **changes,
    }
    with pytest.raises(ConversationError) as error:
        talks.save_outcome(engine, user, **values)
    assert error.value.key == key
    with read(engine) as conn:
        assert conn.scalar(select(func.count()).select_from(conversations)) == 0
        assert conn.scalar(select(func.count()).select_from(customers)) == 0


def test_a_link_to_another_teams_customer_or_a_nonsense_id_is_refused(engine):
    team, _ = _team(engine, "eins")
    other, _ = _team(engine, "zwei")
    with write(engine) as conn:
        foreign = customer_id_for(conn, other, "Fremdfirma")
        own = customer_id_for(conn, team, "Eigene GmbH")
    assert talks.resolve_subject(engine, team, customer=str(own)) == Subject(
        "customer", own, "Eigene GmbH", own
    )
    for value in (str(foreign), "abc", "99999"):
        with pytest.raises(ConversationError):
            talks.resolve_subject(engine, team, customer=value)
    assert talks.resolve_subject(engine, team) is None


# --- take-away ---


def test_the_handout_is_a_one_page_pdf_with_the_notes_as_literal_text():
    notes = {"acknowledge": MARKUP, "agree": "Pause bis März, Anruf am 15.02."}
    pdf = talks.handout_pdf("de", "crisis_cancellation", notes, "sie", "Café <i>Lindner</i>")
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 1
    text = pdf_text(pdf)
    assert "Kündigung in der Krise" in text and "Gespräch mit Café <i>Lindner</i>" in text
    assert MARKUP in text and "Pause bis März" in text


def test_long_notes_still_fit_on_one_page():
    notes = {
        key: "Sehr ausführliche Notiz. " * 60
        for key in talks.script("en", "exit_conversation").steps
    }
    pdf = talks.handout_pdf("en", "exit_conversation", notes, "du")
    assert page_count(pdf) == 1
    assert "Exit conversation" in pdf_text(pdf)


def test_the_markdown_handout_escapes_markup_and_uses_the_chosen_address():
    markdown = talks.handout_markdown("de", "crisis_cancellation", {"agree": MARKUP}, "du")
    assert "\\<b\\>fett\\<" in markdown and "\\[Klick\\]\\(`http" in markdown
    assert "\\*\\*stark\\*\\*" in markdown
    assert "klären, was dir im Moment" in markdown


def test_the_catalog_offers_a_label_for_every_outcome():
    for lang in ("de", "en"):
        for outcome in talks.OUTCOMES:
            key = f"crisis.outcome.{outcome}"
            assert catalog(lang).text(key) != key


def test_the_demo_workspace_has_past_conversations_with_every_outcome(engine):
    from coaching.demo import reset_demo
    from tests.conftest import FIXED_TODAY

    report = reset_demo(engine, FIXED_TODAY)
    with read(engine) as conn:
        counts = outcome_counts(conn, report.team_id)
        held = list_conversations(conn, report.team_id)
    assert set(counts) == set(talks.OUTCOMES)
    assert {c.script for c in held} == {
        "crisis_cancellation",
        "warning_signals",
        "exit_conversation",
    }
    assert all(c.held_on < FIXED_TODAY and c.customer_id for c in held)
