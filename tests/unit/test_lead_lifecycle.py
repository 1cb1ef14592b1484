"""One lifecycle for every lead, whichever page changes it: same payloads, same refusals."""

from datetime import date, datetime

import pytest

from coaching import lead_lifecycle
from coaching.lead_lifecycle import LeadError
from coaching.lead_log import as_text, log_lines
from coaching.store import accounts, read, write
from coaching.store import leads as repo
from coaching.store.leads import LeadEvent

TODAY = date(2026, 11, 23)


@pytest.fixture
def anna(engine):
    with write(engine) as conn:
        team_id = accounts.create_team(conn, "Team")
        user_id = accounts.add_user(
            conn, team_id=team_id, email="a@firma.de", name="Anna", role="member", password_hash="x"
        )
        return engine, accounts.user_by_id(conn, user_id)


def _lead(engine, user, **values) -> int:
    fields = {"owner_id": user.id, "company": "Brandt Logistik", "stage": "offer_sent"}
    with write(engine) as conn:
        return repo.add_lead(conn, user.team_id, **{**fields, **values})


def _events(engine, user, lead_id):
    with read(engine) as conn:
        return repo.events_for_lead(conn, user.team_id, lead_id)


def test_reopening_names_the_previous_status_under_one_key(anna):
    engine, user = anna
    lead_id = _lead(engine, user)
    lead_lifecycle.close(engine, user, lead_id, status="lost", today=TODAY)
    lead_lifecycle.reopen(engine, user, lead_id, today=TODAY)
    assert _events(engine, user, lead_id)[-1].payload == {"previous_status": "lost"}


def test_reopening_an_open_lead_is_refused_not_silently_ignored(anna):
    engine, user = anna
    lead_id = _lead(engine, user)
    with pytest.raises(LeadError) as refused:
        lead_lifecycle.reopen(engine, user, lead_id)
    assert refused.value.key == "lead_check.errors.not_closed"
    assert _events(engine, user, lead_id) == []


def test_closing_an_already_closed_lead_is_refused(anna):
    engine, user = anna
    lead_id = _lead(engine, user)
    lead_lifecycle.close(engine, user, lead_id, status="ghosted", silence_began="after_offer")
    with pytest.raises(LeadError) as refused:
        lead_lifecycle.close(engine, user, lead_id, status="lost")
    assert refused.value.key == "lead_check.errors.already_closed"
    assert [e.kind for e in _events(engine, user, lead_id)] == ["closed"]


def test_closing_names_every_problem_at_once(anna):
    engine, user = anna
    lead_id = _lead(engine, user)
    with pytest.raises(LeadError) as refused:
        lead_lifecycle.close(engine, user, lead_id, status="maybe", silence_began="never")
    assert [key for key, _ in refused.value.problems] == [
        "lead_check.errors.status_unknown",
        "lead_check.errors.silence_unknown",
    ]


def test_a_closed_lead_remembers_the_customers_last_reply_when_none_was_typed(anna):
    engine, user = anna
    lead_id = _lead(engine, user, last_customer_reply=date(2026, 11, 2))
    lead_lifecycle.close(engine, user, lead_id, status="ghosted", silence_began="after_offer")
    payload = _events(engine, user, lead_id)[-1].payload
    assert payload["last_customer_message"] == "2026-11-02"


def test_a_won_lead_carries_no_reason_for_silence(anna):
    engine, user = anna
    lead_id = _lead(engine, user)
    lead_lifecycle.close(
        engine, user, lead_id, status="won", reason="weak_intent", silence_began="after_offer"
    )
    payload = _events(engine, user, lead_id)[-1].payload
    assert payload["reason"] is None and payload["silence_began"] is None


def test_a_vanished_lead_is_refused_the_same_way_for_every_change(anna):
    engine, user = anna
    for change in (
        lambda: lead_lifecycle.close(engine, user, 999, status="lost"),
        lambda: lead_lifecycle.reopen(engine, user, 999),
        lambda: lead_lifecycle.resume(engine, user, 999, today=TODAY),
        lambda: lead_lifecycle.park(
            engine, user, 999, reason="Budget", resume_on=date(2027, 1, 1), today=TODAY
        ),
    ):
        with pytest.raises(LeadError) as refused:
            change()
        assert refused.value.key == "lead_check.errors.not_found"
    assert lead_lifecycle.company_of(engine, user.team_id, 999) is None


def _event(kind, payload, note=None, author="Anna"):
    return LeadEvent(1, 1, 1, author, datetime(2026, 11, 20, 9), kind, "email", note, payload)


def test_the_log_names_each_event_once_in_both_languages():
    events = [
        _event("created", {}),
        _event("closed", {"status": "ghosted", "silence_began": "after_offer"}, note="Still"),
        _event("invented", {}),
    ]
    german = log_lines(events, "de")
    assert [line.kind for line in german] == ["Angelegt", "Abgeschlossen", "Eintrag"]
    assert "verstummt" in german[1].detail.lower() and german[1].author == "Anna"
    assert log_lines(events, "en")[0].kind == "Created"
    assert as_text(events, "de").splitlines()[1] == "20.11.2026 · Abgeschlossen: Still"
