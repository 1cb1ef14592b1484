"""The team's workshop plan (order, minutes, skipped, where we are) and its agreements."""

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update

from coaching.store import versions
from coaching.store.engine import upsert, utcnow
from coaching.store.schema import agreements, workshop_plans


@dataclass(frozen=True)
class StoredPlan:
    items: list[dict]
    current: int
    section_started_at: datetime | None


@dataclass(frozen=True)
class Agreement:
    id: int
    text: str
    owner: str
    review_on: date
    status: str
    review_note: str | None
    created_at: datetime


def load_plan(conn: Connection, team_id: int) -> StoredPlan | None:
    row = conn.execute(select(workshop_plans).where(workshop_plans.c.team_id == team_id)).first()
    if row is None:
        return None
    return StoredPlan(json.loads(row.plan), row.current, row.section_started_at)


def save_plan(
    conn: Connection,
    team_id: int,
    items: list[dict],
    current: int,
    section_started_at: datetime | None,
) -> None:
    values = {
        "team_id": team_id,
        "plan": json.dumps(items),
        "current": current,
        "section_started_at": section_started_at,
        "updated_at": utcnow(),
    }
    updates = [column for column in values if column != "team_id"]
    conn.execute(upsert(conn, workshop_plans, ["team_id"], updates), values)


def add_agreement(conn: Connection, team_id: int, text: str, owner: str, review_on: date) -> int:
    statement = insert(agreements).values(
        team_id=team_id,
        text=text,
        owner=owner,
        review_on=review_on,
        status="open",
        created_at=utcnow(),
    )
    agreement_id = conn.execute(statement).inserted_primary_key[0]
    versions.bump(conn, team_id)
    return agreement_id


def list_agreements(conn: Connection, team_id: int, statuses: tuple[str, ...]) -> list[Agreement]:
    query = (
        select(
            agreements.c.id,
            agreements.c.text,
            agreements.c.owner,
            agreements.c.review_on,
            agreements.c.status,
            agreements.c.review_note,
            agreements.c.created_at,
        )
        .where(agreements.c.team_id == team_id, agreements.c.status.in_(statuses))
        .order_by(agreements.c.review_on, agreements.c.id)
    )
    return [Agreement(**row._mapping) for row in conn.execute(query)]


def review_agreement(
    conn: Connection, team_id: int, agreement_id: int, status: str, note: str
) -> None:
    conn.execute(
        update(agreements)
        .where(agreements.c.team_id == team_id, agreements.c.id == agreement_id)
        .values(status=status, review_note=note or None, reviewed_at=utcnow())
    )
    versions.bump(conn, team_id)
