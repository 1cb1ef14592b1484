"""Leads, their event log and customers: team data every member of the team sees."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, func, insert, or_, select, update

from coaching.store import versions
from coaching.store.engine import utcnow
from coaching.store.schema import customers, lead_events, leads, users


@dataclass(frozen=True)
class Lead:
    id: int
    team_id: int
    owner_id: int | None
    owner_name: str | None
    customer_id: int | None
    company: str
    contact_name: str | None
    contact_email: str | None
    topic: str | None
    value_eur: Decimal | None
    stage: str
    status: str
    commitment: str
    offer_date: date | None
    next_step: str | None
    next_step_date: date | None
    last_customer_reply: date | None
    notes: str | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    salutation: str | None = None  # formal greeting; informal mails use the first name
    order_date: date | None = None  # firm orders: the day the order was agreed


@dataclass(frozen=True)
class LeadEvent:
    id: int
    lead_id: int
    author_id: int | None
    author_name: str | None
    at: datetime
    kind: str
    channel: str | None
    note: str | None
    payload: dict


def add_lead(conn: Connection, team_id: int, **values: object) -> int:
    now = utcnow()
    values = {"status": "open", "commitment": "interest_only", **values}
    statement = insert(leads).values(team_id=team_id, created_at=now, updated_at=now, **values)
    lead_id = conn.execute(statement).inserted_primary_key[0]
    versions.bump(conn, team_id)
    return lead_id


def update_lead(conn: Connection, team_id: int, lead_id: int, **values: object) -> None:
    conn.execute(
        update(leads)
        .where(leads.c.id == lead_id, leads.c.team_id == team_id)
        .values(updated_at=utcnow(), **values)
    )
    versions.bump(conn, team_id)


def lock_lead(conn: Connection, team_id: int, lead_id: int) -> None:
    """Hold the lead's row until the transaction ends (PostgreSQL: FOR UPDATE), so a decision
    read from its log stays true until written. SQLite's write transactions are already serial."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            select(leads.c.id)
            .where(leads.c.id == lead_id, leads.c.team_id == team_id)
            .with_for_update()
        )


def get_lead(conn: Connection, team_id: int, lead_id: int) -> Lead | None:
    row = conn.execute(_lead_query().where(leads.c.team_id == team_id, leads.c.id == lead_id))
    found = row.first()
    return Lead(**found._mapping) if found else None


def list_leads(
    conn: Connection, team_id: int, *, statuses: tuple[str, ...] = (), search: str = ""
) -> list[Lead]:
    """The team's leads, newest change first; search looks in company, contact and topic."""
    query = _lead_query().where(leads.c.team_id == team_id)
    if statuses:
        query = query.where(leads.c.status.in_(statuses))
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(leads.c.company).like(pattern),
                func.lower(func.coalesce(leads.c.contact_name, "")).like(pattern),
                func.lower(func.coalesce(leads.c.topic, "")).like(pattern),
            )
        )
    rows = conn.execute(query.order_by(leads.c.updated_at.desc(), leads.c.id.desc()))
    return [Lead(**row._mapping) for row in rows]


def add_event(
    conn: Connection,
    team_id: int,
    lead_id: int,
    kind: str,
    *,
    author_id: int | None,
    channel: str | None = None,
    note: str | None = None,
    payload: dict | None = None,
    at: datetime | None = None,
) -> int:
    event_id = conn.execute(
        insert(lead_events).values(
            team_id=team_id,
            lead_id=lead_id,
            author_id=author_id,
            at=at or utcnow(),
            kind=kind,
            channel=channel,
            note=note,
            payload=json.dumps(payload or {}, ensure_ascii=False, default=str),
        )
    ).inserted_primary_key[0]
    versions.bump(conn, team_id)
    return event_id


def events_for_lead(conn: Connection, team_id: int, lead_id: int) -> list[LeadEvent]:
    return events_by_lead(conn, team_id, [lead_id])[lead_id]


def events_by_lead(
    conn: Connection, team_id: int, lead_ids: list[int]
) -> dict[int, list[LeadEvent]]:
    """Each lead's events in order of time; leads without events map to an empty list."""
    found: dict[int, list[LeadEvent]] = defaultdict(list)
    if not lead_ids:
        return found
    query = (
        select(
            lead_events.c.id,
            lead_events.c.lead_id,
            lead_events.c.author_id,
            users.c.name.label("author_name"),
            lead_events.c.at,
            lead_events.c.kind,
            lead_events.c.channel,
            lead_events.c.note,
            lead_events.c.payload,
        )
        .join_from(lead_events, users, lead_events.c.author_id == users.c.id, isouter=True)
        .where(lead_events.c.team_id == team_id, lead_events.c.lead_id.in_(lead_ids))
        .order_by(lead_events.c.lead_id, lead_events.c.at, lead_events.c.id)
    )
    for row in conn.execute(query):
        event = LeadEvent(**{**row._mapping, "payload": json.loads(row.payload or "{}")})
        found[event.lead_id].append(event)
    return found


def customer_id_for(conn: Connection, team_id: int, name: str) -> int:
    """The customer of that name (case and spacing ignored), created on first mention."""
    key = " ".join(name.lower().split())
    found = conn.scalar(
        select(customers.c.id).where(customers.c.team_id == team_id, customers.c.name_key == key)
    )
    if found:
        return found
    statement = insert(customers).values(
        team_id=team_id, name=" ".join(name.split()), name_key=key, created_at=utcnow()
    )
    return conn.execute(statement).inserted_primary_key[0]


def _lead_query():
    return select(*[c for c in leads.c], users.c.name.label("owner_name")).join_from(
        leads, users, leads.c.owner_id == users.c.id, isouter=True
    )
