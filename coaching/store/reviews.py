"""Self-reviews: every read of a whole review is filtered by its author; the team gets lessons only.

There is deliberately no function that returns another person's review, and no manager route:
`shared_lessons` is the one door out, and it selects only the columns the share rules allow.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, delete, insert, or_, select, update

from coaching.store import drafts, versions
from coaching.store.engine import utcnow
from coaching.store.schema import deals, reviews, users

DRAFT_KIND = "review"


@dataclass(frozen=True)
class NewReview:
    """A checked, complete review, ready to be stored."""

    deal_label: str
    root_category: str
    main_reason: str
    reasons: list[str]
    missed_signals: list[str]
    answers: dict
    lead_id: int | None = None
    deal_id: int | None = None
    deal_value: Decimal | None = None
    stage_at_silence: str | None = None
    hours_invested: Decimal | None = None
    lesson: str | None = None
    feeling: int | None = None
    share_mode: str = "private"
    lost_on: date | None = None


@dataclass(frozen=True)
class Review:
    """A stored review as its author sees it (private fields included)."""

    id: int
    team_id: int
    author_id: int | None
    lead_id: int | None
    deal_id: int | None
    deal_label: str
    deal_value: Decimal | None
    root_category: str
    main_reason: str
    reasons: list[str]
    missed_signals: list[str]
    stage_at_silence: str | None
    hours_invested: Decimal | None
    lesson: str | None
    answers: dict
    feeling: int | None
    share_mode: str
    shared_at: datetime | None
    lost_on: date | None
    created_at: datetime


@dataclass(frozen=True)
class SharedLesson:
    """What the team may see of a shared review: no feeling, no deal, no author when anonymous."""

    key: str
    lesson: str
    root_category: str
    main_reason: str
    reasons: list[str] = field(default_factory=list)
    stage_at_silence: str | None = None
    hours_invested: Decimal | None = None
    period: str | None = None  # the quarter the deal was lost, e.g. "Q3 2026"
    author_name: str | None = None  # only for share_mode "named"
    share_mode: str = "anonymous"


def add_review(conn: Connection, team_id: int, author_id: int, new: NewReview) -> int:
    now = utcnow()
    review_id = conn.execute(
        insert(reviews).values(
            team_id=team_id,
            author_id=author_id,
            lead_id=new.lead_id,
            deal_id=new.deal_id,
            deal_label=new.deal_label,
            deal_value=new.deal_value,
            root_category=new.root_category,
            main_reason=new.main_reason,
            reasons=json.dumps(new.reasons),
            missed_signals=json.dumps(new.missed_signals),
            stage_at_silence=new.stage_at_silence,
            hours_invested=new.hours_invested,
            lesson=new.lesson,
            answers=json.dumps(new.answers, ensure_ascii=False),
            feeling=new.feeling,
            share_mode=new.share_mode,
            shared_at=None if new.share_mode == "private" else now,
            lost_on=new.lost_on,
            created_at=now,
        )
    ).inserted_primary_key[0]
    versions.bump(conn, team_id)
    return review_id


def submit_draft(
    conn: Connection, team_id: int, author_id: int, draft_key: str, new: NewReview
) -> int:
    """The draft becomes the review; call inside one `write()` so both happen or neither."""
    review_id = add_review(conn, team_id, author_id, new)
    drafts.discard_draft(conn, author_id, DRAFT_KIND, draft_key)
    return review_id


def own_review(conn: Connection, author_id: int, review_id: int) -> Review | None:
    """The review if, and only if, this person wrote it."""
    row = conn.execute(
        select(reviews).where(reviews.c.id == review_id, reviews.c.author_id == author_id)
    ).first()
    return _review(row) if row else None


def own_reviews(conn: Connection, author_id: int) -> list[Review]:
    """This person's reviews, newest first."""
    rows = conn.execute(
        select(reviews)
        .where(reviews.c.author_id == author_id)
        .order_by(reviews.c.created_at.desc(), reviews.c.id.desc())
    )
    return [_review(row) for row in rows]


def set_share_mode(conn: Connection, author_id: int, review_id: int, mode: str) -> bool:
    """Share, re-share or withdraw one's own review; False when it is not theirs (or gone).
    The share rules (coaching.review.check_share_mode) are the caller's to apply first."""
    review = own_review(conn, author_id, review_id)
    if review is None:
        return False
    conn.execute(
        update(reviews)
        .where(reviews.c.id == review_id, reviews.c.author_id == author_id)
        .values(share_mode=mode, shared_at=None if mode == "private" else utcnow())
    )
    versions.bump(conn, review.team_id)
    return True


def delete_own_review(conn: Connection, author_id: int, review_id: int) -> bool:
    review = own_review(conn, author_id, review_id)
    if review is None:
        return False
    conn.execute(delete(reviews).where(reviews.c.id == review_id, reviews.c.author_id == author_id))
    versions.bump(conn, review.team_id)
    return True


def shared_reviews(
    conn: Connection, team_id: int, except_author: int | None = None
) -> list[tuple[Review, str | None]]:
    """The team's shared reviews with their author's name, reduced to the columns a shared
    lesson may show (no feeling, no deal); coaching.review.shared_lessons applies the rules.
    `except_author` leaves that person's own out (their export has them in full)."""
    query = (
        select(
            reviews.c.id,
            reviews.c.created_at,
            reviews.c.lesson,
            reviews.c.root_category,
            reviews.c.main_reason,
            reviews.c.reasons,
            reviews.c.stage_at_silence,
            reviews.c.hours_invested,
            reviews.c.lost_on,
            reviews.c.share_mode,
            users.c.name.label("author_name"),
        )
        .join_from(reviews, users, reviews.c.author_id == users.c.id, isouter=True)
        .where(reviews.c.team_id == team_id, reviews.c.share_mode.in_(("anonymous", "named")))
    )
    if except_author is not None:
        query = query.where(
            or_(reviews.c.author_id.is_(None), reviews.c.author_id != except_author)
        )
    found = []
    for row in conn.execute(query):
        public = Review(
            id=row.id,
            team_id=team_id,
            author_id=None,
            lead_id=None,
            deal_id=None,
            deal_label="",
            deal_value=None,
            root_category=row.root_category,
            main_reason=row.main_reason,
            reasons=json.loads(row.reasons or "[]"),
            missed_signals=[],
            stage_at_silence=row.stage_at_silence,
            hours_invested=row.hours_invested,
            lesson=row.lesson,
            answers={},
            feeling=None,
            share_mode=row.share_mode,
            shared_at=None,
            lost_on=row.lost_on,
            created_at=row.created_at,
        )
        found.append((public, row.author_name))
    return found


def lost_crm_deals(conn: Connection, team_id: int) -> list[dict]:
    """Imported CRM deals marked lost, newest close first, to pick as the deal under review."""
    rows = conn.execute(
        select(
            deals.c.id,
            deals.c.name,
            deals.c.organisation,
            deals.c.amount,
            deals.c.close_date,
            deals.c.stage,
        )
        .where(deals.c.team_id == team_id, deals.c.status == "lost")
        .order_by(deals.c.close_date.desc(), deals.c.id.desc())
    )
    return [dict(row._mapping) for row in rows]


def crm_deal(conn: Connection, team_id: int, deal_id: int) -> dict | None:
    row = conn.execute(
        select(deals).where(deals.c.team_id == team_id, deals.c.id == deal_id)
    ).first()
    return dict(row._mapping) if row else None


def _review(row) -> Review:
    values = dict(row._mapping)
    for key in ("reasons", "missed_signals"):
        values[key] = json.loads(values[key] or "[]")
    values["answers"] = json.loads(values["answers"] or "{}")
    if isinstance(values.get("lost_on"), str):  # defensive: some drivers hand back text
        values["lost_on"] = date.fromisoformat(values["lost_on"])
    return Review(**values)
