"""Checklist answers per lead, kept as an append-only history (who changed what, when)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from coaching.store import versions
from coaching.store.engine import utcnow
from coaching.store.schema import lead_answers, users


@dataclass(frozen=True)
class Answer:
    lead_id: int
    checklist: str
    item: str
    answer: str
    note: str | None
    author_id: int | None
    author_name: str | None
    at: datetime


def record_answers(
    conn: Connection,
    team_id: int,
    lead_id: int,
    checklist: str,
    answers: dict[str, tuple[str, str | None]],
    *,
    author_id: int | None,
    at: datetime | None = None,
) -> int:
    """Append the given (answer, note) per item; returns how many rows were written."""
    if not answers:
        return 0
    when = at or utcnow()
    rows = [
        {
            "team_id": team_id,
            "lead_id": lead_id,
            "author_id": author_id,
            "checklist": checklist,
            "item": item,
            "answer": answer,
            "note": note or None,
            "at": when,
        }
        for item, (answer, note) in answers.items()
    ]
    conn.execute(insert(lead_answers), rows)
    versions.bump(conn, team_id)
    return len(rows)


def answer_history(
    conn: Connection, team_id: int, lead_id: int, *, until: datetime | None = None
) -> list[Answer]:
    """Every answer ever given for the lead, oldest first (optionally only up to a moment)."""
    query = _answer_query(team_id).where(lead_answers.c.lead_id == lead_id)
    if until is not None:
        query = query.where(lead_answers.c.at <= until)
    return [Answer(**row._mapping) for row in conn.execute(query)]


def team_answers(conn: Connection, team_id: int) -> list[Answer]:
    """All answers of the team, oldest first: enough to derive each lead's current checklist."""
    return [Answer(**row._mapping) for row in conn.execute(_answer_query(team_id))]


def _answer_query(team_id: int):
    return (
        select(
            lead_answers.c.lead_id,
            lead_answers.c.checklist,
            lead_answers.c.item,
            lead_answers.c.answer,
            lead_answers.c.note,
            lead_answers.c.author_id,
            users.c.name.label("author_name"),
            lead_answers.c.at,
        )
        .join_from(lead_answers, users, lead_answers.c.author_id == users.c.id, isouter=True)
        .where(lead_answers.c.team_id == team_id)
        .order_by(lead_answers.c.at, lead_answers.c.id)
    )
