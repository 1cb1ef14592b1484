"""Leads: create, edit, mark an offer as sent and find them; all team data.

Every change is one transaction and leaves a lead_event (created, edited, offer_sent), so later
features can tell what happened when; closing and reopening live in coaching.lead_lifecycle.
Input problems are raised as LeadError with UI keys (namespace lead_check.errors) that the page
shows in the person's language.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine

from coaching.attention import Attention
from coaching.content import catalog
from coaching.formatting import ParseError, parse_number
from coaching.lead_lifecycle import LeadError, load
from coaching.pipeline import COMMITMENTS, STAGES
from coaching.store import accounts, read, utcnow, write
from coaching.store import leads as repo
from coaching.store.accounts import User
from coaching.store.leads import Lead, LeadEvent

PAGE = "pages/lead_check.py"
MAX_VALUE = Decimal("999999999999")


@dataclass(frozen=True)
class LeadForm:
    """What a person typed in the lead form; value is text so "12.500,00" and "12500" both work."""

    company: str
    owner_id: int
    contact_name: str = ""
    contact_email: str = ""
    topic: str = ""
    value: str = ""
    stage: str = "first_contact"
    commitment: str = "interest_only"
    next_step: str = ""
    next_step_date: date | None = None
    notes: str = ""
    salutation: str = ""
    order_date: date | None = None


def validate(
    form: LeadForm, *, team_members: set[int], today: date, previous: Lead | None = None
) -> dict:
    """The column values for the form, or LeadError naming every problem at once."""
    problems: list[tuple[str, dict]] = []
    company = " ".join(form.company.split())
    if not company:
        problems.append(("lead_check.errors.company_required", {}))
    elif len(company) > 300:
        problems.append(("lead_check.errors.company_too_long", {}))
    value = _value(form.value, problems)
    email = form.contact_email.strip()
    if email and ("@" not in email or " " in email):
        problems.append(("lead_check.errors.email_invalid", {"value": email}))
    if form.stage not in STAGES:
        problems.append(("lead_check.errors.stage_unknown", {"value": form.stage}))
    if form.commitment not in COMMITMENTS:
        problems.append(("lead_check.errors.commitment_unknown", {"value": form.commitment}))
    if form.owner_id not in team_members:
        problems.append(("lead_check.errors.owner_unknown", {}))
    unchanged_date = previous is not None and previous.next_step_date == form.next_step_date
    if form.next_step_date and form.next_step_date < today and not unchanged_date:
        problems.append(("lead_check.errors.next_step_in_past", {}))
    if len(form.salutation.strip()) > 200:
        problems.append(("lead_check.errors.salutation_too_long", {}))
    if form.order_date and form.order_date > today:
        problems.append(("lead_check.errors.order_date_in_future", {}))
    if problems:
        raise LeadError(problems=problems)
    return {
        "company": company,
        "contact_name": form.contact_name.strip() or None,
        "salutation": " ".join(form.salutation.split()) or None,
        "contact_email": email or None,
        "topic": form.topic.strip() or None,
        "value_eur": value,
        "stage": form.stage,
        "owner_id": form.owner_id,
        "commitment": form.commitment,
        "next_step": form.next_step.strip() or None,
        "next_step_date": form.next_step_date,
        "notes": form.notes.strip() or None,
        "order_date": form.order_date,
    }


def create_lead(engine: Engine, user: User, form: LeadForm, today: date | None = None) -> int:
    """A new team lead, with its customer record and a 'created' event."""
    with write(engine) as conn:
        members = {m.id for m in accounts.team_members(conn, user.team_id)}
        values = validate(form, team_members=members, today=today or utcnow().date())
        customer_id = repo.customer_id_for(conn, user.team_id, values["company"])
        lead_id = repo.add_lead(conn, user.team_id, customer_id=customer_id, **values)
        payload = {"stage": values["stage"], "value_eur": values["value_eur"]}
        repo.add_event(conn, user.team_id, lead_id, "created", author_id=user.id, payload=payload)
    return lead_id


def edit_lead(
    engine: Engine, user: User, lead_id: int, form: LeadForm, today: date | None = None
) -> list[str]:
    """Save what changed (and log it as 'edited'); returns the changed field names."""
    with write(engine) as conn:
        lead = load(conn, user, lead_id)
        members = {m.id for m in accounts.team_members(conn, user.team_id)}
        values = validate(form, team_members=members, today=today or utcnow().date(), previous=lead)
        changed = {k: [getattr(lead, k), v] for k, v in values.items() if getattr(lead, k) != v}
        if not changed:
            return []
        if "company" in changed:
            values["customer_id"] = repo.customer_id_for(conn, user.team_id, values["company"])
        repo.update_lead(conn, user.team_id, lead_id, **values)
        payload = {"changed": changed}
        repo.add_event(conn, user.team_id, lead_id, "edited", author_id=user.id, payload=payload)
    return list(changed)


def mark_offer_sent(
    engine: Engine,
    user: User,
    lead_id: int,
    *,
    offer_date: date,
    next_step: str,
    next_step_date: date | None,
    today: date | None = None,
) -> None:
    """The offer went out: store the offer date and the agreed follow-up appointment with it."""
    today = today or utcnow().date()
    problems = []
    if offer_date > today:
        problems.append(("lead_check.errors.offer_in_future", {}))
    if next_step_date is None:
        problems.append(("lead_check.errors.follow_up_required", {}))
    elif next_step_date < max(offer_date, today):
        problems.append(("lead_check.errors.follow_up_too_early", {}))
    if problems:
        raise LeadError(problems=problems)
    step = next_step.strip() or catalog("de").doc("lead_check").offer_next_step
    with write(engine) as conn:
        load(conn, user, lead_id, open_only=True)
        repo.update_lead(
            conn,
            user.team_id,
            lead_id,
            stage="offer_sent",
            offer_date=offer_date,
            next_step=step,
            next_step_date=next_step_date,
        )
        payload = {"offer_date": offer_date, "next_step": step, "next_step_date": next_step_date}
        repo.add_event(
            conn, user.team_id, lead_id, "offer_sent", author_id=user.id, payload=payload
        )


def team_members(engine: Engine, team_id: int) -> dict[int, str]:
    """Who can own a lead: the team's people by id, with their names."""
    with read(engine) as conn:
        return {m.id: m.name for m in accounts.team_members(conn, team_id)}


def events(engine: Engine, team_id: int, lead_id: int) -> list[LeadEvent]:
    """The lead's log, oldest first."""
    with read(engine) as conn:
        return repo.events_for_lead(conn, team_id, lead_id)


def search(engine: Engine, team_id: int, text: str = "", open_only: bool = False) -> list[Lead]:
    with read(engine) as conn:
        statuses = ("open", "parked") if open_only else ()
        return repo.list_leads(conn, team_id, statuses=statuses, search=text)


def today() -> date:
    """The day leads are judged by: UTC, like their timestamps."""
    return utcnow().date()


def add_working_days(start: date, days: int) -> date:
    """Monday to Friday only (public holidays are left to the person, the date stays editable)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def follow_up_default(offer_date: date) -> date:
    working_days = catalog("de").doc("lead_check").offer_follow_up_working_days
    return add_working_days(offer_date, working_days)


def handshake_since(lead: Lead, events: list[LeadEvent]) -> date:
    """The day the lead reached the handshake stage (last time), from its event log."""
    since = None
    for event in events:
        if event.kind == "created" and event.payload.get("stage") == "handshake":
            since = event.at
        stage_change = (
            event.payload.get("changed", {}).get("stage") if event.kind == "edited" else None
        )
        if stage_change and stage_change[1] == "handshake":
            since = event.at
    return (since or lead.updated_at).date()


def handshake_overdue(lead: Lead, events: list[LeadEvent], today: date) -> int | None:
    """Days since the verbal yes when no written order followed within the limit, else None."""
    if lead.stage != "handshake" or lead.status != "open":
        return None
    days = (today - handshake_since(lead, events)).days
    return days if days >= catalog("de").doc("lead_check").handshake_days else None


def offer_without_next_step(lead: Lead) -> bool:
    return lead.status == "open" and lead.stage == "offer_sent" and lead.next_step_date is None


def attention(engine: Engine, user: User) -> list[Attention]:
    """Start page: offers out without an agreed next step, and verbal yeses without a written
    order past the content's day limit (own leads; the team's for managers). One read: the
    start page runs this on every rerun."""
    today = utcnow().date()
    with read(engine) as conn:
        mine = repo.list_leads(conn, user.team_id, statuses=("open",))
        if not user.is_manager:
            mine = [lead for lead in mine if lead.owner_id == user.id]
        handshakes = [lead for lead in mine if lead.stage == "handshake"]
        events = repo.events_by_lead(conn, user.team_id, [lead.id for lead in handshakes])
    offers = sum(1 for lead in mine if offer_without_next_step(lead))
    overdue = sum(
        1 for lead in handshakes if handshake_overdue(lead, events[lead.id], today) is not None
    )
    return [
        Attention("lead_check.attention.offers_without_step", offers, PAGE, urgent=True),
        Attention("lead_check.attention.handshakes", overdue, PAGE, urgent=True),
    ]


def _value(text: str, problems: list) -> Decimal | None:
    try:
        value = parse_number(text)
    except ParseError:
        problems.append(("lead_check.errors.value_not_number", {"value": text.strip()}))
        return None
    if value is None:
        return None
    if value < 0:
        problems.append(("lead_check.errors.value_negative", {}))
    elif value > MAX_VALUE:
        problems.append(("lead_check.errors.value_too_large", {}))
    return value.quantize(Decimal("0.01")) if value >= 0 else None
