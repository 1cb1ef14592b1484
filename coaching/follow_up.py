"""Nachfassen: the silence list and what people record about it (steps, replies, parking, closing).

The rules live in coaching.cadence; this module reads leads and their logs from the store and
writes each recorded action in one transaction. Nothing is ever sent from here.
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine

from coaching import lead_lifecycle as lifecycle
from coaching.attention import Attention
from coaching.cadence import (
    CadenceState,
    Message,
    cadence_state,
    counts,
    parting_message,
    steps_for,
)
from coaching.content import catalog
from coaching.lead_lifecycle import LeadError, load, record
from coaching.memo import per_data_version
from coaching.pipeline import CHANNELS, SILENCE_BEGAN
from coaching.store import leads as repo
from coaching.store import read, write
from coaching.store.accounts import User
from coaching.store.leads import Lead, LeadEvent, events_by_lead

PAGE = "pages/follow_up.py"


@dataclass(frozen=True)
class Ghost:
    """A lead closed as ghosted, with the words of the parting if they were recorded."""

    lead: Lead
    closed: LeadEvent | None
    parting: LeadEvent | None


def team_states(
    engine: Engine, team_id: int, today: date, owner_id: int | None = None, lang: str = "de"
) -> list[CadenceState]:
    """The cadence state of every open or parked lead of the team (or of one owner)."""
    with read(engine) as conn:
        leads = repo.list_leads(conn, team_id, statuses=("open", "parked"))
        if owner_id is not None:
            leads = [lead for lead in leads if lead.owner_id == owner_id]
        events = events_by_lead(conn, team_id, [lead.id for lead in leads])
    cadence = catalog(lang).doc("cadence")
    return [cadence_state(lead, events[lead.id], cadence, today) for lead in leads]


@per_data_version
def _open_states(engine: Engine, team_id: int, today: date) -> list[CadenceState]:
    return team_states(engine, team_id, today)


def lead_state(engine: Engine, team_id: int, lead_id: int, today: date, lang: str):
    """One lead, its log and its cadence state in the given language's words."""
    with read(engine) as conn:
        lead = repo.get_lead(conn, team_id, lead_id)
        events = repo.events_for_lead(conn, team_id, lead_id) if lead else []
    if lead is None:
        raise LeadError("lead_check.errors.not_found")
    return lead, events, cadence_state(lead, events, catalog(lang).doc("cadence"), today)


def ghosts(engine: Engine, team_id: int, owner_id: int | None = None) -> list[Ghost]:
    """Leads closed as ghosted, most recently closed first, with how the parting was worded."""
    with read(engine) as conn:
        leads = repo.list_leads(conn, team_id, statuses=("ghosted",))
        if owner_id is not None:
            leads = [lead for lead in leads if lead.owner_id == owner_id]
        events = events_by_lead(conn, team_id, [lead.id for lead in leads])
    found = []
    for lead in leads:
        closed = [e for e in events[lead.id] if e.kind == "closed"]
        found.append(Ghost(lead, closed[-1] if closed else None, parting_message(events[lead.id])))
    return sorted(found, key=lambda g: g.lead.closed_at or datetime.min, reverse=True)


def attention(engine: Engine, user: User) -> list[Attention]:
    """Start page: this person's follow-ups that are overdue or due today."""
    states = _open_states(engine, user.team_id, date.today())
    due = counts([state for state in states if state.lead.owner_id == user.id])
    return [
        Attention("follow_up.attention_overdue", due["overdue"], PAGE, urgent=True),
        Attention("follow_up.attention_today", due["today"], PAGE),
    ]


def log_step(
    engine: Engine,
    user: User,
    lead_id: int,
    step_key: str,
    *,
    on: date,
    today: date,
    channel: str,
    note: str = "",
    template: str | None = None,
    message: Message | None = None,
    silence_began: str | None = None,
) -> bool:
    """Record a cadence step as done; a closing step closes the lead. True if it closed."""
    _check_day(on, today)
    _check_channel(channel)
    with write(engine) as conn:
        repo.lock_lead(conn, user.team_id, lead_id)
        lead = load(conn, user, lead_id)
        step = _step(lead, step_key)
        # Re-checked inside the transaction, under the lead's lock: two tabs showing the same due
        # step must not log it twice, nor close an already closed lead again.
        events = repo.events_for_lead(conn, user.team_id, lead.id)
        state = cadence_state(lead, events, catalog("de").doc("cadence"), today)
        if state.phase == "closed" or step.key in state.steps_done:
            raise LeadError("follow_up.error.step_done")
        payload = {"step": step.key, "template": template}
        if message:
            payload |= {"subject": message.subject, "body": message.body}
        if step.closes_as:
            payload["closes"] = step.closes_as
        record(
            conn,
            user,
            lead.id,
            "follow_up",
            on=on,
            today=today,
            channel=channel,
            note=note,
            **payload,
        )
        if lead.status == "parked":
            repo.update_lead(conn, user.team_id, lead.id, status="open")
        if step.closes_as:
            lifecycle.close_in(
                conn,
                user,
                lead,
                status=step.closes_as,
                reason=None,
                silence_began=silence_began or "after_offer",
                last_customer_message=None,
                note="",
                on=on,
                today=today,
            )
    return bool(step.closes_as)


def record_reply(
    engine: Engine,
    user: User,
    lead_id: int,
    *,
    on: date,
    today: date,
    note: str = "",
    next_step_date: date | None = None,
) -> None:
    """The customer answered: the cadence stops; a new agreed next step starts a fresh watch."""
    _check_day(on, today)
    if next_step_date and next_step_date < on:
        raise LeadError("follow_up.error.next_step_before_reply")
    with write(engine) as conn:
        lead = load(conn, user, lead_id)
        changes: dict[str, object] = {"last_customer_reply": on, "status": "open"}
        if next_step_date:
            changes["next_step_date"] = next_step_date
        repo.update_lead(conn, user.team_id, lead.id, **changes)
        record(conn, user, lead.id, "reply_received", on=on, today=today, note=note)


def record_out_of_office(
    engine: Engine, user: User, lead_id: int, *, until: date, today: date, note: str = ""
) -> None:
    """An automatic absence reply: it stops nothing, it moves the next step past the absence."""
    if until < today:
        raise LeadError("follow_up.error.absence_past")
    with write(engine) as conn:
        lead = load(conn, user, lead_id)
        until_day = until.isoformat()
        record(
            conn, user, lead.id, "out_of_office", on=today, today=today, note=note, until=until_day
        )


# --- helpers ---


def _step(lead: Lead, step_key: str):
    for step in steps_for(catalog("de").doc("cadence"), lead.commitment):
        if step.key == step_key:
            return step
    raise LeadError("follow_up.error.bad_step")


def _check_day(on: date, today: date) -> None:
    if on > today:
        raise LeadError("follow_up.error.future_date")


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise LeadError("follow_up.error.bad_channel")


@dataclass(frozen=True)
class SilenceInsight:
    silence_began: str
    leads: int
    median_days: float | None  # from the customer's last own message to closing


def silence_insights(found: list[Ghost]) -> list[SilenceInsight]:
    """Where ghosted leads went silent, and how long after the customer's last word they closed."""
    by_began: dict[str, list[int | None]] = {key: [] for key in SILENCE_BEGAN}
    for ghost in found:
        payload = ghost.closed.payload if ghost.closed else {}
        began = payload.get("silence_began")
        if began not in by_began:
            continue
        last = payload.get("last_customer_message")
        closed_on = ghost.closed.at.date()
        by_began[began].append((closed_on - date.fromisoformat(last)).days if last else None)
    return [
        SilenceInsight(key, len(days), _median([d for d in days if d is not None]))
        for key, days in by_began.items()
        if days
    ]


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None
