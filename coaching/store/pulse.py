"""Pulse answers and private notes (personal), frozen aggregates and the team's privacy settings."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from coaching.store import versions
from coaching.store.engine import upsert, utcnow
from coaching.store.schema import (
    deals,
    leads,
    pulse_aggregates,
    pulse_answers,
    pulse_notes,
    reviews,
    teams,
    users,
)


@dataclass(frozen=True)
class Answer:
    person: int
    week: date
    question: str
    value: int


@dataclass(frozen=True)
class Frozen:
    period: date
    question: str
    respondents: int
    mean: float | None  # None: hidden for good


@dataclass(frozen=True)
class Point:
    period: date
    question: str
    mean: float | None  # None when hidden
    hidden: str | None  # None, TOO_FEW or NEIGHBOUR
    respondents: int  # for freezing only; pages show counts of shown periods only

    @property
    def shown(self) -> bool:
        return self.hidden is None


def save_answers(
    conn: Connection, team_id: int, user_id: int, week: date, values: dict[str, int]
) -> None:
    """One answer per person, week and question: a second submit (or a second tab) overwrites."""
    now = utcnow()
    conn.execute(
        upsert(conn, pulse_answers, ["user_id", "week", "question"], ["value", "created_at"]),
        [
            {"team_id": team_id, "user_id": user_id, "week": week, "question": q, "value": v}
            | {"created_at": now}
            for q, v in values.items()
        ],
    )
    versions.bump(conn, team_id)


def save_note(conn: Connection, team_id: int, user_id: int, week: date, note: str) -> None:
    """The private note of a week; an empty note deletes it. Not team data: no version bump."""
    if not note.strip():
        conn.execute(
            delete(pulse_notes).where(pulse_notes.c.user_id == user_id, pulse_notes.c.week == week)
        )
        return
    conn.execute(
        upsert(conn, pulse_notes, ["user_id", "week"], ["note", "updated_at"]).values(
            team_id=team_id, user_id=user_id, week=week, note=note, updated_at=utcnow()
        )
    )


def own_answers(conn: Connection, user_id: int) -> list[Answer]:
    """A person's own answers, for their own eyes only."""
    query = select(pulse_answers).where(pulse_answers.c.user_id == user_id)
    return [
        Answer(person=r.user_id, week=r.week, question=r.question, value=r.value)
        for r in conn.execute(query.order_by(pulse_answers.c.week))
    ]


def own_notes(conn: Connection, user_id: int) -> dict[date, str]:
    query = select(pulse_notes.c.week, pulse_notes.c.note).where(pulse_notes.c.user_id == user_id)
    return dict(conn.execute(query).all())


def team_answers(conn: Connection, team_id: int) -> list[Answer]:
    """Raw answers of the team, only ever handed to coaching.morale for aggregation."""
    query = select(pulse_answers).where(pulse_answers.c.team_id == team_id)
    return [
        Answer(person=r.user_id, week=r.week, question=r.question, value=r.value)
        for r in conn.execute(query)
    ]


def frozen(conn: Connection, team_id: int, granularity: str) -> list[Frozen]:
    query = select(pulse_aggregates).where(
        pulse_aggregates.c.team_id == team_id, pulse_aggregates.c.granularity == granularity
    )
    return [Frozen(r.period, r.question, r.respondents, r.mean) for r in conn.execute(query)]


def freeze(conn: Connection, team_id: int, granularity: str, points: list[Point]) -> int:
    """Store the final decision of ended periods not stored yet; returns how many were added."""
    if not points:
        return 0
    now = utcnow()
    conn.execute(
        insert(pulse_aggregates),
        [
            {
                "team_id": team_id,
                "granularity": granularity,
                "period": p.period,
                "question": p.question,
                "respondents": p.respondents,
                "mean": p.mean,
                "frozen_at": now,
            }
            for p in points
        ],
    )
    return len(points)


def purge_before(conn: Connection, team_id: int, cutoff: date) -> int:
    """Delete raw answers and private notes of weeks before cutoff; returns answers deleted."""
    deleted = conn.execute(
        delete(pulse_answers).where(
            pulse_answers.c.team_id == team_id, pulse_answers.c.week < cutoff
        )
    ).rowcount
    conn.execute(
        delete(pulse_notes).where(pulse_notes.c.team_id == team_id, pulse_notes.c.week < cutoff)
    )
    return deleted


def privacy_settings(conn: Connection, team_id: int) -> tuple[int, int]:
    """(minimum group size, retention in months) of the team."""
    row = conn.execute(
        select(teams.c.min_group_size, teams.c.retention_months).where(teams.c.id == team_id)
    ).one()
    return row.min_group_size, row.retention_months


def set_privacy_settings(conn: Connection, team_id: int, min_group: int, months: int) -> None:
    conn.execute(
        update(teams)
        .where(teams.c.id == team_id)
        .values(min_group_size=min_group, retention_months=months)
    )
    versions.bump(conn, team_id)


# --- the team's sales figures, read for the manager overview (no person attached) ---


def losses(conn: Connection, team_id: int) -> list[tuple[date, str]]:
    """(day, lost|ghosted) of closed leads and of imported deals marked lost."""
    lead_rows = conn.execute(
        select(leads.c.closed_at, leads.c.status).where(
            leads.c.team_id == team_id,
            leads.c.status.in_(("lost", "ghosted")),
            leads.c.closed_at.is_not(None),
        )
    ).all()
    deal_rows = conn.execute(
        select(deals.c.close_date).where(
            deals.c.team_id == team_id, deals.c.status == "lost", deals.c.close_date.is_not(None)
        )
    ).all()
    return [(at.date(), status) for at, status in lead_rows] + [(d, "lost") for (d,) in deal_rows]


def offers(conn: Connection, team_id: int) -> list[tuple[date, bool, float, str]]:
    """(offer date, next step dated?, value, status) of every lead an offer went out for."""
    rows = conn.execute(
        select(leads.c.offer_date, leads.c.next_step_date, leads.c.value_eur, leads.c.status).where(
            leads.c.team_id == team_id, leads.c.offer_date.is_not(None)
        )
    )
    return [
        (r.offer_date, r.next_step_date is not None, float(r.value_eur or 0), r.status)
        for r in rows
    ]


def imported_deals(conn: Connection, team_id: int) -> list[tuple[date, float, str]]:
    """(created date, amount, status) of imported CRM deals, for planning reliability."""
    rows = conn.execute(
        select(deals.c.created_date, deals.c.amount, deals.c.status).where(
            deals.c.team_id == team_id, deals.c.created_date.is_not(None)
        )
    )
    return [(r.created_date, float(r.amount or 0), r.status) for r in rows]


def shared_reviews(conn: Connection, team_id: int) -> list[dict]:
    """Reviews their authors chose to share; the name only for those shared by name."""
    query = (
        select(
            reviews.c.author_id,
            reviews.c.root_category,
            reviews.c.lesson,
            reviews.c.share_mode,
            reviews.c.hours_invested,
            users.c.name,
        )
        .join_from(reviews, users, and_(reviews.c.author_id == users.c.id), isouter=True)
        .where(reviews.c.team_id == team_id, reviews.c.share_mode.in_(("anonymous", "named")))
        .order_by(func.coalesce(reviews.c.shared_at, reviews.c.created_at).desc())
    )
    return [
        {**row._mapping, "name": row.name if row.share_mode == "named" else None}
        for row in conn.execute(query)
    ]
