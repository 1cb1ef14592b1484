from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from coaching import leads
from coaching.lead_lifecycle import LeadError
from coaching.lead_lifecycle import close as close_lead
from coaching.lead_lifecycle import reopen as reopen_lead
from coaching.leads import (
    LeadForm,
    add_working_days,
    create_lead,
    edit_lead,
    mark_offer_sent,
    validate,
)
from coaching.store import accounts as repo
from coaching.store import read, utcnow, write
from coaching.store.leads import LeadEvent, events_for_lead, get_lead
from coaching.store.qualification import answer_history
from coaching.store.schema import lead_events

TODAY = date(2026, 11, 23)  # a Monday


def _keys(error: pytest.ExceptionInfo) -> list[str]:
    return [key for key, _ in error.value.problems]


def _form(**values) -> LeadForm:
    return LeadForm(**{"company": "Messebau Kunde GmbH", "owner_id": 1, **values})


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12.500,00", Decimal("12500.00")),
        ("12500", Decimal("12500.00")),
        ("12.500", Decimal("12500.00")),
        ("3,5", Decimal("3.50")),
        ("12.500 €", Decimal("12500.00")),
        ("", None),
    ],
)
def test_the_value_is_read_the_way_people_type_it(typed, expected):
    assert validate(_form(value=typed), team_members={1}, today=TODAY)["value_eur"] == expected


def test_a_value_in_words_is_refused_with_the_typed_text():
    with pytest.raises(LeadError) as error:
        validate(_form(value="zwölf"), team_members={1}, today=TODAY)
    assert error.value.problems == [("lead_check.errors.value_not_number", {"value": "zwölf"})]


def test_a_negative_value_is_refused():
    with pytest.raises(LeadError) as error:
        validate(_form(value="-500"), team_members={1}, today=TODAY)
    assert _keys(error) == ["lead_check.errors.value_negative"]


def test_all_problems_are_named_at_once():
    form = _form(company="  ", value="zwölf", next_step_date=TODAY - timedelta(days=1))
    with pytest.raises(LeadError) as error:
        validate(form, team_members={1}, today=TODAY)
    assert _keys(error) == [
        "lead_check.errors.company_required",
        "lead_check.errors.value_not_number",
        "lead_check.errors.next_step_in_past",
    ]


def test_the_next_step_may_be_today_but_not_yesterday_on_creation():
    assert validate(_form(next_step_date=TODAY), team_members={1}, today=TODAY)
    with pytest.raises(LeadError):
        validate(_form(next_step_date=TODAY - timedelta(days=1)), team_members={1}, today=TODAY)


def test_an_owner_outside_the_team_and_unknown_stage_are_refused():
    with pytest.raises(LeadError) as error:
        validate(_form(owner_id=7, stage="dreaming"), team_members={1}, today=TODAY)
    assert _keys(error) == ["lead_check.errors.stage_unknown", "lead_check.errors.owner_unknown"]


def test_every_error_key_has_words_in_both_languages():
    from coaching.content import catalog

    keys = [
        "company_required",
        "company_too_long",
        "value_not_number",
        "value_negative",
        "value_too_large",
        "email_invalid",
        "next_step_in_past",
        "offer_in_future",
        "follow_up_required",
        "follow_up_too_early",
        "not_found",
        "already_closed",
        "not_closed",
    ]
    for lang in ("de", "en"):
        for key in keys:
            assert f"lead_check.errors.{key}" in catalog(lang).strings


def test_two_working_days_after_a_thursday_is_the_monday():
    assert add_working_days(date(2026, 11, 26), 2) == date(2026, 11, 30)
    assert leads.follow_up_default(TODAY) == date(2026, 11, 25)


# --- with a store -------------------------------------------------------------------------


@pytest.fixture
def people(engine):
    with write(engine) as conn:
        team = repo.create_team(conn, "T")
        ids = [
            repo.add_user(conn, team_id=team, email=f"{n}@t.de", name=n, role=r, password_hash="x")
            for n, r in (("Anna", "member"), ("Ben", "member"), ("Chef", "manager"))
        ]
    with read(engine) as conn:
        return [repo.user_by_id(conn, i) for i in ids]


def _kinds(engine, user, lead_id) -> list[str]:
    with read(engine) as conn:
        return [e.kind for e in events_for_lead(conn, user.team_id, lead_id)]


def test_creating_a_lead_stores_it_for_the_team_and_logs_created(engine, people):
    anna, ben, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=ben.id, value="12.500,00", topic="Stand"))
    found = leads.search(engine, ben.team_id, "kunde")
    assert [(lead.id, lead.owner_name, lead.value_eur) for lead in found] == [
        (lead_id, "Ben", Decimal("12500.00"))
    ]
    assert _kinds(engine, anna, lead_id) == ["created"]


def test_a_refused_lead_leaves_nothing_behind(engine, people):
    anna, _, _ = people
    with pytest.raises(LeadError):
        create_lead(engine, anna, _form(owner_id=anna.id, value="zwölf"))
    assert leads.search(engine, anna.team_id) == []


def test_editing_logs_only_what_changed(engine, people):
    anna, ben, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=anna.id))
    assert edit_lead(engine, anna, lead_id, _form(owner_id=anna.id)) == []
    changed = edit_lead(engine, anna, lead_id, _form(owner_id=ben.id, stage="handshake"))
    assert sorted(changed) == ["owner_id", "stage"]
    with read(engine) as conn:
        events = events_for_lead(conn, anna.team_id, lead_id)
    assert events[-1].kind == "edited"
    assert events[-1].payload["changed"]["stage"] == ["first_contact", "handshake"]


def test_a_past_next_step_date_kept_unchanged_does_not_block_an_edit(engine, people):
    anna, _, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=anna.id, next_step_date=TODAY), TODAY)
    later = TODAY + timedelta(days=5)
    form = _form(owner_id=anna.id, next_step_date=TODAY, notes="still open")
    assert edit_lead(engine, anna, lead_id, form, later) == ["notes"]


def test_offer_sent_stores_the_follow_up_appointment(engine, people):
    anna, _, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=anna.id), TODAY)
    mark_offer_sent(
        engine,
        anna,
        lead_id,
        offer_date=TODAY,
        next_step="",
        next_step_date=date(2026, 11, 25),
        today=TODAY,
    )
    with read(engine) as conn:
        lead = get_lead(conn, anna.team_id, lead_id)
    assert (lead.stage, lead.offer_date, lead.next_step_date) == (
        "offer_sent",
        TODAY,
        date(2026, 11, 25),
    )
    assert lead.next_step == "Kurzes Rückmeldegespräch zum Angebot"
    assert _kinds(engine, anna, lead_id)[-1] == "offer_sent"


def test_offer_sent_without_or_before_a_follow_up_date_is_refused(engine, people):
    anna, _, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=anna.id), TODAY)
    common = {"offer_date": TODAY, "next_step": "x", "today": TODAY}
    with pytest.raises(LeadError) as error:
        mark_offer_sent(engine, anna, lead_id, next_step_date=None, **common)
    assert _keys(error) == ["lead_check.errors.follow_up_required"]
    with pytest.raises(LeadError) as error:
        mark_offer_sent(engine, anna, lead_id, next_step_date=TODAY - timedelta(1), **common)
    assert _keys(error) == ["lead_check.errors.follow_up_too_early"]
    assert _kinds(engine, anna, lead_id) == ["created"]


def test_closing_follows_the_shared_convention_and_reopening_undoes_it(engine, people):
    anna, _, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=anna.id))
    close_lead(
        engine,
        anna,
        lead_id,
        status="ghosted",
        reason="priorities_shifted",
        silence_began="after_offer",
        last_customer_message=date(2026, 11, 2),
    )
    with read(engine) as conn:
        lead = get_lead(conn, anna.team_id, lead_id)
        closed = events_for_lead(conn, anna.team_id, lead_id)[-1]
    assert lead.status == "ghosted" and lead.closed_at is not None
    assert lead.last_customer_reply == date(2026, 11, 2)
    assert closed.kind == "closed"
    assert closed.payload == {
        "status": "ghosted",
        "reason": "priorities_shifted",
        "silence_began": "after_offer",
        "last_customer_message": "2026-11-02",
    }
    with pytest.raises(LeadError) as error:
        close_lead(engine, anna, lead_id, status="lost")
    assert _keys(error) == ["lead_check.errors.already_closed"]
    reopen_lead(engine, anna, lead_id)
    with read(engine) as conn:
        assert get_lead(conn, anna.team_id, lead_id).status == "open"
    assert _kinds(engine, anna, lead_id)[-1] == "reopened"


def test_closing_with_an_invented_reason_is_refused(engine, people):
    anna, _, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=anna.id))
    with pytest.raises(LeadError) as error:
        close_lead(engine, anna, lead_id, status="lost", reason="bad_luck")
    assert _keys(error) == ["lead_check.errors.reason_unknown"]


def test_another_team_cannot_touch_a_lead(engine, people):
    anna, _, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=anna.id))
    with write(engine) as conn:
        other = repo.create_team(conn, "O")
        sid = repo.add_user(
            conn, team_id=other, email="s@o.de", name="S", role="member", password_hash="x"
        )
    with read(engine) as conn:
        stranger = repo.user_by_id(conn, sid)
    with pytest.raises(LeadError) as error:
        close_lead(engine, stranger, lead_id, status="won")
    assert _keys(error) == ["lead_check.errors.not_found"]
    assert leads.search(engine, other) == []


def _event(kind: str, at: datetime, payload: dict) -> LeadEvent:
    return LeadEvent(1, 1, None, None, at, kind, None, None, payload)


def test_the_handshake_counts_from_the_last_move_into_that_stage():
    moved = datetime(2026, 11, 9, 11)
    events = [
        _event("created", datetime(2026, 10, 1), {"stage": "first_contact"}),
        _event("edited", moved, {"changed": {"stage": ["offer_sent", "handshake"]}}),
        _event("edited", datetime(2026, 11, 12), {"changed": {"notes": ["", "x"]}}),
    ]

    class Lead:
        stage, status, updated_at = "handshake", "open", datetime(2026, 11, 12)

    assert leads.handshake_since(Lead, events) == moved.date()
    assert leads.handshake_overdue(Lead, events, date(2026, 11, 18)) is None  # 9 days
    assert leads.handshake_overdue(Lead, events, date(2026, 11, 19)) == 10
    Lead.stage = "ordered"
    assert leads.handshake_overdue(Lead, events, date(2026, 11, 30)) is None


def test_the_start_page_flags_own_offers_without_next_step_and_old_handshakes(engine, people):
    anna, ben, chef = people
    today = utcnow().date()
    offer = create_lead(engine, anna, _form(owner_id=anna.id, company="Angebot AG"))
    mark_offer_sent(
        engine, anna, offer, offer_date=today, next_step="x", next_step_date=today + timedelta(2)
    )
    edit_lead(
        engine, anna, offer, _form(owner_id=anna.id, company="Angebot AG", stage="offer_sent")
    )
    handshake = create_lead(engine, ben, _form(owner_id=ben.id, stage="handshake"))
    recent = create_lead(engine, ben, _form(owner_id=ben.id, stage="handshake", company="Neu"))
    with write(engine) as conn:
        conn.execute(
            update(lead_events)
            .where(lead_events.c.lead_id == handshake)
            .values(at=utcnow() - timedelta(days=14))
        )
    from coaching.today import attention_today

    def counts(user):
        items = attention_today(engine, user)
        keys = {"offers_without_step", "handshakes"}  # other features report too
        found = {item.text_key.rsplit(".", 1)[1]: item.count for item in items}
        return {key: count for key, count in found.items() if key in keys}

    assert recent and counts(anna) == {"offers_without_step": 1}
    assert counts(ben) == {"handshakes": 1}
    assert counts(chef) == {"offers_without_step": 1, "handshakes": 1}


def test_answers_of_a_lead_die_with_it(engine, people):
    from sqlalchemy import delete

    from coaching.qualification import save_answers
    from coaching.store.schema import leads as leads_table

    anna, _, _ = people
    lead_id = create_lead(engine, anna, _form(owner_id=anna.id))
    save_answers(engine, anna, lead_id, "default", {"budget": ("yes", None)})
    with write(engine) as conn:
        conn.execute(delete(leads_table).where(leads_table.c.id == lead_id))
    with read(engine) as conn:
        assert answer_history(conn, anna.team_id, lead_id) == []


def test_the_salutation_is_kept_as_typed_with_spaces_tidied_and_the_order_date_stored():
    values = validate(
        _form(salutation="  Frau  Dr. Olbrich ", order_date=TODAY), team_members={1}, today=TODAY
    )
    assert values["salutation"] == "Frau Dr. Olbrich" and values["order_date"] == TODAY
    assert validate(_form(), team_members={1}, today=TODAY)["salutation"] is None


def test_an_order_agreed_in_the_future_or_an_overlong_salutation_is_refused():
    with pytest.raises(LeadError) as error:
        validate(
            _form(salutation="x" * 201, order_date=TODAY + timedelta(days=1)),
            team_members={1},
            today=TODAY,
        )
    assert _keys(error) == [
        "lead_check.errors.salutation_too_long",
        "lead_check.errors.order_date_in_future",
    ]
