"""What is due for one person, and when: the one list the calendar feed and the digest share.

Only the person's own leads (as owner) and their team's open workshop agreements appear; nothing
another person keeps private (reviews, mood answers) is read here.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from coaching.cadence import CadenceState, cadence_state
from coaching.content import catalog
from coaching.leads import handshake_since
from coaching.store import read
from coaching.store import workshop as agreements_repo
from coaching.store.accounts import User, user_by_id
from coaching.store.leads import Lead, LeadEvent, events_by_lead, list_leads

BERLIN = ZoneInfo("Europe/Berlin")
# The url_path of each page an item links back to (the same as in coaching/ui/pages.py).
URL_PATHS = {
    "follow_up": "nachfassen",
    "resume": "nachfassen",
    "next_step": "lead-check",
    "handshake": "lead-check",
    "agreement": "workshop",
}


@dataclass(frozen=True)
class DueItem:
    """One dated thing to do; its `uid` stays while the thing is the same (calendar updates)."""

    uid: str
    kind: str  # follow_up · next_step · handshake · resume · agreement
    on: date
    title: str
    detail: str

    @property
    def url_path(self) -> str:
        return URL_PATHS[self.kind]

    def is_due(self, today: date) -> bool:
        return self.on <= today


def due_items(engine: Engine, user_id: int, today: date | None = None) -> list[DueItem]:
    """Everything dated for this person, earliest first, in the person's language."""
    today = today or berlin_today()
    with read(engine) as conn:
        user = user_by_id(conn, user_id)
        if user is None:
            return []
        leads = [
            lead
            for lead in list_leads(conn, user.team_id, statuses=("open", "parked"))
            if lead.owner_id == user.id
        ]
        events = events_by_lead(conn, user.team_id, [lead.id for lead in leads])
        agreements = agreements_repo.list_agreements(conn, user.team_id, ("open",))
    items = [item for lead in leads for item in _lead_items(user, lead, events[lead.id], today)]
    text = catalog(user.language).text
    items += [
        DueItem(
            f"agreement-{a.id}",
            "agreement",
            a.review_on,
            text("reminders.item.agreement", text=a.text),
            text("reminders.item.agreement_detail", owner=a.owner),
        )
        for a in agreements
    ]
    return sorted(items, key=lambda item: (item.on, item.kind, item.uid))


def step_item(state: CadenceState, lang: str) -> DueItem:
    """The due cadence step of one lead as an item (for a single calendar entry)."""
    text = catalog(lang).text
    lead, step = state.lead, state.step
    return DueItem(
        f"follow-up-{lead.id}-{step.key}",
        "follow_up",
        state.due_on,
        text("reminders.item.follow_up", step=step.label, company=lead.company),
        text(
            "reminders.item.follow_up_detail",
            channel=text(f"pipeline.channel.{step.channel}"),
            contact=lead.contact_name or "–",
        ),
    )


def berlin_today(now: datetime | None = None) -> date:
    """The day as the team lives it: a digest sent at 00:30 in Berlin is that day's digest."""
    return (now or datetime.now(BERLIN)).astimezone(BERLIN).date()


def _lead_items(user: User, lead: Lead, events: list[LeadEvent], today: date) -> list[DueItem]:
    text = catalog(user.language).text
    state = cadence_state(lead, events, catalog(user.language).doc("cadence"), today)
    found = []
    if state.phase == "active":
        found.append(step_item(state, user.language))
    if state.phase == "parked" and state.resume_on:
        found.append(
            DueItem(
                f"resume-{lead.id}",
                "resume",
                state.resume_on,
                text("reminders.item.resume", company=lead.company),
                text("reminders.item.resume_detail", reason=state.park_reason or "–"),
            )
        )
    if lead.status == "open" and lead.next_step_date and lead.next_step_date >= today:
        found.append(
            DueItem(
                f"next-step-{lead.id}",
                "next_step",
                lead.next_step_date,
                text("reminders.item.next_step", company=lead.company),
                lead.next_step or text("reminders.item.next_step_detail"),
            )
        )
    if lead.status == "open" and lead.stage == "handshake":
        limit = catalog("de").doc("lead_check").handshake_days
        found.append(
            DueItem(
                f"handshake-{lead.id}",
                "handshake",
                handshake_since(lead, events) + timedelta(days=limit),
                text("reminders.item.handshake", company=lead.company),
                text("reminders.item.handshake_detail", days=limit),
            )
        )
    return found


def new_secret() -> tuple[str, str]:
    """A secret for a link (feed, unsubscribe) and the only thing stored of it: its hash."""
    secret = secrets.token_urlsafe(32)
    return secret, secret_hash(secret)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
