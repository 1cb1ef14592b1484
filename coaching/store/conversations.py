"""Held conversations (crisis talk, warning signals, exit) and saved role-play debriefs."""

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, insert, select

from coaching.store import versions
from coaching.store.engine import utcnow
from coaching.store.leads import Lead, add_event, list_leads
from coaching.store.schema import conversations, customers, leads, roleplay_debriefs, users


@dataclass(frozen=True)
class Conversation:
    id: int
    team_id: int
    author_id: int | None
    author_name: str | None
    lead_id: int | None
    customer_id: int | None
    subject: str | None  # customer name or lead company
    script: str
    outcome: str
    notes: dict[str, str]
    held_on: date
    created_at: datetime


@dataclass(frozen=True)
class Debrief:
    id: int
    seed: int
    persona: str
    crisis: str
    objections: list[str]
    checked: list[str]
    answers: dict[str, str]
    held_on: date


def add_conversation(
    conn: Connection,
    team_id: int,
    *,
    author_id: int | None,
    script: str,
    outcome: str,
    notes: dict[str, str],
    held_on: date,
    lead_id: int | None = None,
    customer_id: int | None = None,
) -> int:
    """Store one held conversation; a linked lead also gets a 'conversation' event in its log."""
    conversation_id = conn.execute(
        insert(conversations).values(
            team_id=team_id,
            author_id=author_id,
            lead_id=lead_id,
            customer_id=customer_id,
            script=script,
            outcome=outcome,
            notes=json.dumps(notes, ensure_ascii=False),
            held_on=held_on,
            created_at=utcnow(),
        )
    ).inserted_primary_key[0]
    if lead_id is not None:
        add_event(
            conn,
            team_id,
            lead_id,
            "conversation",
            author_id=author_id,
            payload={
                "conversation_id": conversation_id,
                "script": script,
                "outcome": outcome,
                "held_on": held_on.isoformat(),
            },
        )
    versions.bump(conn, team_id)
    return conversation_id


def list_conversations(
    conn: Connection,
    team_id: int,
    *,
    lead_id: int | None = None,
    customer_id: int | None = None,
) -> list[Conversation]:
    """The team's conversations, newest first; optionally those of one lead or customer."""
    subject = func.coalesce(customers.c.name, leads.c.company).label("subject")
    query = (
        select(
            *conversations.c,
            users.c.name.label("author_name"),
            subject,
        )
        .join_from(conversations, users, conversations.c.author_id == users.c.id, isouter=True)
        .join(customers, conversations.c.customer_id == customers.c.id, isouter=True)
        .join(leads, conversations.c.lead_id == leads.c.id, isouter=True)
        .where(conversations.c.team_id == team_id)
    )
    if lead_id is not None:
        query = query.where(conversations.c.lead_id == lead_id)
    if customer_id is not None:
        query = query.where(conversations.c.customer_id == customer_id)
    rows = conn.execute(query.order_by(conversations.c.held_on.desc(), conversations.c.id.desc()))
    return [
        Conversation(**{**row._mapping, "notes": json.loads(row.notes or "{}")}) for row in rows
    ]


def outcome_counts(conn: Connection, team_id: int) -> dict[str, int]:
    """How the team's conversations ended, for the insights: outcome -> count."""
    rows = conn.execute(
        select(conversations.c.outcome, func.count())
        .where(conversations.c.team_id == team_id)
        .group_by(conversations.c.outcome)
    )
    return {outcome: count for outcome, count in rows}


def customer_name(conn: Connection, team_id: int, customer_id: int) -> str | None:
    return conn.scalar(
        select(customers.c.name).where(
            customers.c.team_id == team_id, customers.c.id == customer_id
        )
    )


def list_customers(conn: Connection, team_id: int) -> list[tuple[int, str]]:
    rows = conn.execute(
        select(customers.c.id, customers.c.name)
        .where(customers.c.team_id == team_id)
        .order_by(customers.c.name_key)
    )
    return [(row.id, row.name) for row in rows]


def add_debrief(
    conn: Connection,
    team_id: int,
    *,
    saved_by: int | None,
    seed: int,
    persona: str,
    crisis: str,
    objections: list[str],
    checked: list[str],
    answers: dict[str, str],
    held_on: date,
) -> int:
    debrief_id = conn.execute(
        insert(roleplay_debriefs).values(
            team_id=team_id,
            saved_by=saved_by,
            seed=seed,
            persona=persona,
            crisis=crisis,
            objections=json.dumps(objections),
            checked=json.dumps(checked),
            answers=json.dumps(answers, ensure_ascii=False),
            held_on=held_on,
            created_at=utcnow(),
        )
    ).inserted_primary_key[0]
    versions.bump(conn, team_id)
    return debrief_id


def list_debriefs(conn: Connection, team_id: int) -> list[Debrief]:
    rows = conn.execute(
        select(roleplay_debriefs)
        .where(roleplay_debriefs.c.team_id == team_id)
        .order_by(roleplay_debriefs.c.held_on.desc(), roleplay_debriefs.c.id.desc())
    )
    return [
        Debrief(
            id=row.id,
            seed=row.seed,
            persona=row.persona,
            crisis=row.crisis,
            objections=json.loads(row.objections),
            checked=json.loads(row.checked),
            answers=json.loads(row.answers),
            held_on=row.held_on,
        )
        for row in rows
    ]


def open_leads(conn: Connection, team_id: int) -> list[Lead]:
    """Leads still in play, by company, for linking a conversation."""
    found = list_leads(conn, team_id, statuses=("open", "parked"))
    return sorted(found, key=lambda lead: lead.company.lower())
