from datetime import date, timedelta

import pytest

from coaching import follow_up, lead_lifecycle
from coaching.cadence import Message
from coaching.demo import reset_demo
from coaching.lead_lifecycle import LeadError
from coaching.store import accounts, read, write
from coaching.store import leads as repo
from tests.conftest import FIXED_TODAY

TODAY = FIXED_TODAY


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def team(engine):
    with write(engine) as conn:
        team_id = accounts.create_team(conn, "Team")
        user_id = accounts.add_user(
            conn, team_id=team_id, email="a@firma.de", name="Anna", role="member", password_hash="x"
        )
        other_team = accounts.create_team(conn, "Andere")
        user = accounts.user_by_id(conn, user_id)
    return engine, user, other_team


def add(engine, user, **values) -> int:
    fields = {
        "owner_id": user.id,
        "company": "Brandt Logistik",
        "contact_name": "Sabine Brandt",
        "topic": "Messestand",
        "stage": "offer_sent",
        "offer_date": ago(14),
        "next_step_date": ago(10),
        "last_customer_reply": ago(14),
    }
    with write(engine) as conn:
        return repo.add_lead(conn, user.team_id, **{**fields, **values})


def state_of(engine, user, lead_id):
    return follow_up.lead_state(engine, user.team_id, lead_id, TODAY, "de")


def test_logging_a_step_moves_the_cadence_to_the_next_one(team):
    engine, user, _ = team
    lead_id = add(engine, user)
    message = Message("Eine Idee", "Guten Tag Sabine Brandt")
    follow_up.log_step(
        engine,
        user,
        lead_id,
        "value",
        on=TODAY,
        today=TODAY,
        channel="email",
        note="Tipp geschickt",
        template="value_tip",
        message=message,
    )
    _, events, state = state_of(engine, user, lead_id)
    assert state.step.key == "channel_check" and state.urgency == "upcoming"
    logged = events[-1]
    assert (
        logged.kind == "follow_up" and logged.channel == "email" and logged.note == "Tipp geschickt"
    )
    assert logged.payload["body"] == "Guten Tag Sabine Brandt"


def test_a_reply_stops_the_cadence_and_is_remembered_on_the_lead(team):
    engine, user, _ = team
    lead_id = add(engine, user)
    follow_up.record_reply(engine, user, lead_id, on=ago(1), today=TODAY, note="Ruft an")
    lead, events, state = state_of(engine, user, lead_id)
    assert state.phase == "not_silent"
    assert lead.last_customer_reply == ago(1)
    assert events[-1].kind == "reply_received"
    assert follow_up.attention(engine, user)[0].count == 0


def test_the_closing_step_closes_an_interest_only_lead_as_ghosted_with_where_it_went_silent(team):
    engine, user, _ = team
    lead_id = add(engine, user)
    closed = follow_up.log_step(
        engine,
        user,
        lead_id,
        "closing",
        on=TODAY,
        today=TODAY,
        channel="email",
        message=Message("Abschluss", "Ich schließe den Vorgang vorerst ab."),
        silence_began="after_offer",
    )
    assert closed
    lead, events, state = state_of(engine, user, lead_id)
    assert lead.status == "ghosted" and lead.closed_at is not None and state.phase == "closed"
    assert events[-1].kind == "closed"
    assert events[-1].payload == {
        "status": "ghosted",
        "reason": None,
        "silence_began": "after_offer",
        "last_customer_message": ago(14).isoformat(),
    }
    ghost = follow_up.ghosts(engine, user.team_id)[0]
    assert ghost.parting.payload["body"] == "Ich schließe den Vorgang vorerst ab."


def test_a_returned_ghost_can_be_reopened_and_starts_afresh(team):
    engine, user, _ = team
    lead_id = add(engine, user)
    lead_lifecycle.close(
        engine,
        user,
        lead_id,
        status="ghosted",
        reason="weak_intent",
        silence_began="after_offer",
        today=TODAY,
    )
    lead_lifecycle.reopen(engine, user, lead_id, today=TODAY, next_step_date=TODAY)
    lead, events, state = state_of(engine, user, lead_id)
    assert lead.status == "open" and lead.closed_at is None and events[-1].kind == "reopened"
    assert state.phase == "active" and state.step.key == "value"


def test_parking_silences_until_the_resume_date_and_resuming_brings_it_back(team):
    engine, user, _ = team
    lead_id = add(engine, user)
    lead_lifecycle.park(
        engine, user, lead_id, reason="Budget 2027", resume_on=ago(-30), today=TODAY
    )
    lead, _, state = state_of(engine, user, lead_id)
    assert lead.status == "parked" and state.phase == "parked"
    lead_lifecycle.resume(engine, user, lead_id, today=TODAY)
    lead, _, state = state_of(engine, user, lead_id)
    assert lead.status == "open" and state.phase == "active" and state.due_on == TODAY


def test_an_absence_reply_moves_the_due_day(team):
    engine, user, _ = team
    lead_id = add(engine, user)
    follow_up.record_out_of_office(engine, user, lead_id, until=ago(-4), today=TODAY)
    assert state_of(engine, user, lead_id)[2].due_on == ago(-5)


def test_a_step_sent_from_two_tabs_is_logged_once(team):
    engine, user, _ = team
    lead_id = add(engine, user)

    def send(note: str) -> None:
        follow_up.log_step(
            engine, user, lead_id, "value", on=TODAY, today=TODAY, channel="email", note=note
        )

    send("Tab 1")
    with pytest.raises(LeadError) as refused:
        send("Tab 2")  # the second tab still showed "value" as the step due
    assert refused.value.key == "follow_up.error.step_done"
    _, events, _ = state_of(engine, user, lead_id)
    assert [e.note for e in events if e.kind == "follow_up"] == ["Tab 1"]


@pytest.mark.parametrize(
    ("action", "key"),
    [
        (
            lambda e, u, i: follow_up.record_reply(e, u, i, on=ago(-1), today=TODAY),
            "follow_up.error.future_date",
        ),
        (
            lambda e, u, i: lead_lifecycle.park(
                e, u, i, reason=" ", resume_on=ago(-3), today=TODAY
            ),
            "follow_up.error.park_reason",
        ),
        (
            lambda e, u, i: lead_lifecycle.park(e, u, i, reason="x", resume_on=TODAY, today=TODAY),
            "follow_up.error.resume_past",
        ),
        (
            lambda e, u, i: follow_up.log_step(
                e, u, i, "firm_letter", on=TODAY, today=TODAY, channel="email"
            ),
            "follow_up.error.bad_step",
        ),
        (
            lambda e, u, i: follow_up.log_step(
                e, u, i, "value", on=TODAY, today=TODAY, channel="fax"
            ),
            "follow_up.error.bad_channel",
        ),
        (
            lambda e, u, i: lead_lifecycle.close(
                e, u, i, status="ghosted", reason=None, silence_began="never", today=TODAY
            ),
            "lead_check.errors.silence_unknown",
        ),
        (
            lambda e, u, i: lead_lifecycle.reopen(e, u, i, today=TODAY),
            "lead_check.errors.not_closed",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(team, action, key):
    engine, user, _ = team
    lead_id = add(engine, user)
    with read(engine) as conn:
        before = (
            repo.get_lead(conn, user.team_id, lead_id),
            repo.events_for_lead(conn, user.team_id, lead_id),
        )
    with pytest.raises(LeadError) as error:
        action(engine, user, lead_id)
    assert error.value.key == key
    with read(engine) as conn:
        after = (
            repo.get_lead(conn, user.team_id, lead_id),
            repo.events_for_lead(conn, user.team_id, lead_id),
        )
    assert after == before


def test_another_teams_lead_cannot_be_touched(team):
    engine, user, other_team = team
    with write(engine) as conn:
        foreign = repo.add_lead(conn, other_team, company="Fremd", stage="offer_sent")
    with pytest.raises(LeadError, match="not_found"):
        follow_up.record_reply(engine, user, foreign, on=TODAY, today=TODAY)
    with pytest.raises(LeadError, match="not_found"):
        follow_up.lead_state(engine, user.team_id, foreign, TODAY, "de")


def test_the_start_page_counts_only_my_overdue_and_due_today_follow_ups(team, monkeypatch):
    engine, user, _ = team
    add(engine, user, next_step_date=ago(10))  # overdue
    add(engine, user, next_step_date=ago(2))  # due today (value waits 2 days)
    add(engine, user, next_step_date=ago(1))  # upcoming
    add(engine, user, owner_id=None, next_step_date=ago(10))  # not mine
    monkeypatch.setattr(follow_up, "date", _FixedDate)
    items = {item.text_key: item for item in follow_up.attention(engine, user)}
    assert items["follow_up.attention_overdue"].count == 1
    assert items["follow_up.attention_overdue"].urgent
    assert items["follow_up.attention_today"].count == 1


class _FixedDate(date):
    @classmethod
    def today(cls):
        return TODAY


def test_the_demo_has_silent_leads_at_every_point_of_the_cadence(engine):
    report = reset_demo(engine, TODAY)
    states = follow_up.team_states(engine, report.team_id, TODAY)
    phases = [s.phase for s in states]
    urgencies = {s.urgency for s in states}
    assert {"overdue", "today", "upcoming"} <= urgencies
    assert "parked" in phases and "finished" in phases
    assert {s.lead.commitment for s in states} == {"interest_only", "firm_order"}
    silent = [s.days_silent for s in states if s.phase in ("active", "finished", "parked")]
    assert min(silent) == 2 and max(silent) >= 35
    ghosts = follow_up.ghosts(engine, report.team_id)
    assert any(ghost.parting is not None for ghost in ghosts)
    with read(engine) as conn:
        reopened = [
            lead
            for lead in repo.list_leads(conn, report.team_id)
            if any(
                e.kind == "reopened" for e in repo.events_for_lead(conn, report.team_id, lead.id)
            )
        ]
    assert len(reopened) == 1 and reopened[0].status == "open"


def test_the_demo_is_the_same_every_time(engine):
    def snapshot():
        report = reset_demo(engine, TODAY)
        states = follow_up.team_states(engine, report.team_id, TODAY)
        return sorted((s.lead.company, s.phase, s.due_on, s.days_silent) for s in states)

    assert snapshot() == snapshot()
