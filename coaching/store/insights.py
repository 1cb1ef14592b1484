"""What the reason charts read: shared reviews, lost CRM deals, closed leads, conversation outcomes,
and the team's confirmed mappings of CRM lost-reason words to the reason taxonomy.

Only shared reviews are read, never the private check-in (feeling), and the author only of reviews
shared by name.
"""

import json
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, case, func, insert, select, update

from coaching.store import versions
from coaching.store.engine import utcnow
from coaching.store.schema import (
    conversations,
    deals,
    lead_events,
    leads,
    reason_mappings,
    reviews,
    teams,
    users,
)


@dataclass(frozen=True)
class Sources:
    """Raw rows, one frame per source; coaching.insights turns them into observations."""

    reviews: pd.DataFrame
    deals: pd.DataFrame
    closed_leads: pd.DataFrame
    reopened: pd.DataFrame
    conversations: pd.DataFrame
    mappings: dict[str, str]
    members: dict[str, int] = field(default_factory=dict)  # normalised name -> user id


def normalise_label(raw: object) -> str:
    """A CRM label as it is stored and matched: lower case, spaces folded, ends trimmed."""
    if not isinstance(raw, str):
        return ""
    return " ".join(raw.casefold().split()).strip(" .,;:!-")


def load_sources(conn: Connection, team_id: int) -> Sources:
    return Sources(
        reviews=_frame(conn, _shared_reviews(team_id)),
        deals=_frame(conn, _lost_deals(team_id)),
        closed_leads=_closed_leads(conn, team_id),
        reopened=_frame(conn, _reopened(team_id)),
        conversations=_frame(conn, _conversations(team_id)),
        mappings=mappings(conn, team_id),
        members=_members(conn, team_id),
    )


def mappings(conn: Connection, team_id: int) -> dict[str, str]:
    """Normalised CRM label -> reason key, as the team's managers confirmed them."""
    rows = conn.execute(
        select(reason_mappings.c.raw_label, reason_mappings.c.reason_key).where(
            reason_mappings.c.team_id == team_id
        )
    )
    return {row.raw_label: row.reason_key for row in rows}


def reason_for(conn: Connection, team_id: int, raw: str | None) -> str | None:
    """For importers: the confirmed reason of a CRM label, or None while nobody has mapped it."""
    return mappings(conn, team_id).get(normalise_label(raw))


def unmapped_labels(conn: Connection, team_id: int) -> list[tuple[str, int]]:
    """CRM lost-reason labels no mapping covers yet, most frequent first (one spelling each)."""
    known = mappings(conn, team_id)
    rows = conn.execute(
        select(deals.c.lost_reason, func.count())
        .where(deals.c.team_id == team_id, deals.c.status == "lost")
        .where(deals.c.lost_reason.is_not(None))
        .group_by(deals.c.lost_reason)
    )
    counts: dict[str, list] = {}
    for label, count in rows:
        key = normalise_label(label)
        if not key or key in known:
            continue
        entry = counts.setdefault(key, [label.strip(), 0])
        entry[1] += count
    return sorted(((shown, n) for shown, n in counts.values()), key=lambda x: (-x[1], x[0]))


def confirm_mapping(
    conn: Connection, team_id: int, raw: str, reason_key: str, user_id: int | None
) -> None:
    """Store (or change) what a CRM label means; every later import and chart uses it."""
    label = normalise_label(raw)
    if not label:
        raise ValueError("empty label")
    values = {"reason_key": reason_key, "confirmed_by": user_id, "confirmed_at": utcnow()}
    found = conn.scalar(
        select(reason_mappings.c.id).where(
            reason_mappings.c.team_id == team_id, reason_mappings.c.raw_label == label
        )
    )
    if found:
        conn.execute(update(reason_mappings).where(reason_mappings.c.id == found).values(**values))
    else:
        conn.execute(insert(reason_mappings).values(team_id=team_id, raw_label=label, **values))
    versions.bump(conn, team_id)


def min_group_size(conn: Connection, team_id: int) -> int | None:
    """The team's stored smallest group; coaching.morale.effective_min_group applies the rule."""
    return conn.scalar(select(teams.c.min_group_size).where(teams.c.id == team_id))


def _shared_reviews(team_id: int):
    named = reviews.c.share_mode == "named"
    return select(
        reviews.c.id,
        reviews.c.lead_id,
        reviews.c.deal_id,
        case((named, reviews.c.author_id), else_=None).label("person"),
        reviews.c.root_category,
        reviews.c.main_reason,
        reviews.c.reasons,
        reviews.c.missed_signals,
        reviews.c.stage_at_silence,
        reviews.c.hours_invested,
        reviews.c.deal_value,
        reviews.c.lost_on,
        reviews.c.created_at,
    ).where(reviews.c.team_id == team_id, reviews.c.share_mode.in_(("anonymous", "named")))


def _lost_deals(team_id: int):
    return select(
        deals.c.id,
        deals.c.owner_name.label("person"),
        deals.c.amount,
        deals.c.close_date,
        deals.c.imported_at,
        deals.c.lost_reason,
    ).where(deals.c.team_id == team_id, deals.c.status == "lost")


def _closed_leads(conn: Connection, team_id: int) -> pd.DataFrame:
    """Every 'closed' event of the team's leads with its details; `status` is the lead's current."""
    query = (
        select(
            leads.c.id,
            leads.c.owner_id.label("person"),
            leads.c.status,
            leads.c.value_eur,
            leads.c.offer_date,
            lead_events.c.at,
            lead_events.c.payload,
        )
        .join_from(leads, lead_events, lead_events.c.lead_id == leads.c.id)
        .where(leads.c.team_id == team_id, lead_events.c.kind == "closed")
        .order_by(leads.c.id, lead_events.c.at, lead_events.c.id)
    )
    frame = _frame(conn, query)
    payloads = [_payload(text) for text in frame["payload"]]
    for detail in ("reason", "silence_began", "last_customer_message"):
        frame[detail] = [p.get(detail) for p in payloads]
    frame["closed_as"] = [p.get("status") for p in payloads]
    return frame.drop(columns=["payload"])


def _reopened(team_id: int):
    return select(lead_events.c.lead_id, lead_events.c.at).where(
        lead_events.c.team_id == team_id, lead_events.c.kind == "reopened"
    )


def _conversations(team_id: int):
    return select(
        conversations.c.id,
        conversations.c.author_id.label("person"),
        conversations.c.outcome,
        conversations.c.held_on,
    ).where(conversations.c.team_id == team_id)


def _members(conn: Connection, team_id: int) -> dict[str, int]:
    """So that a CRM owner who is also a team member counts as one person, not two."""
    rows = conn.execute(select(users.c.id, users.c.name).where(users.c.team_id == team_id))
    return {normalise_label(row.name): row.id for row in rows}


def _frame(conn: Connection, query) -> pd.DataFrame:
    result = conn.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _payload(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
