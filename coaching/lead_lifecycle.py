"""A lead's lifecycle: open, parked, closed, reopened; the only place that changes its status.

Lead-Check and Nachfassen both call these, so a closed lead carries the same payload whichever
page closed it, a reopened one names its previous status, and a lead that vanished (another team's
or deleted) is refused the same way: LeadError with `lead_check.errors.not_found`.
"""

from datetime import date, datetime, time

from sqlalchemy import Connection, Engine

from coaching.content import catalog
from coaching.errors import InputError
from coaching.pipeline import CLOSED, SILENCE_BEGAN
from coaching.store import leads as repo
from coaching.store import read, utcnow, write
from coaching.store.accounts import User
from coaching.store.leads import Lead

NOTE_LIMIT = 2000


class LeadError(InputError):
    """Input a lead cannot take; keys in lead_check.errors or follow_up.error."""


def park(
    engine: Engine, user: User, lead_id: int, *, reason: str, resume_on: date, today: date
) -> None:
    """Silence a lead until resume_on, with the reason why (e.g. budget only next year)."""
    if not reason.strip():
        raise LeadError("follow_up.error.park_reason")
    if resume_on <= today:
        raise LeadError("follow_up.error.resume_past")
    check_note(reason)
    with write(engine) as conn:
        lead = load(conn, user, lead_id)
        repo.update_lead(conn, user.team_id, lead.id, status="parked")
        payload = {"reason": reason.strip(), "resume_on": resume_on.isoformat()}
        record(conn, user, lead.id, "parked", on=today, today=today, **payload)


def resume(engine: Engine, user: User, lead_id: int, *, today: date) -> None:
    """A parked lead is open again before its resume date."""
    with write(engine) as conn:
        lead = load(conn, user, lead_id)
        repo.update_lead(conn, user.team_id, lead.id, status="open")
        record(conn, user, lead.id, "resumed", on=today, today=today)


def close(
    engine: Engine,
    user: User,
    lead_id: int,
    *,
    status: str,
    reason: str | None = None,
    silence_began: str | None = None,
    last_customer_message: date | None = None,
    note: str = "",
    today: date | None = None,
) -> None:
    """Won, lost or gone silent: the shared 'closed' convention, reason keys from reasons.yaml."""
    today = today or utcnow().date()
    with write(engine) as conn:
        lead = load(conn, user, lead_id)
        close_in(
            conn,
            user,
            lead,
            status=status,
            reason=reason,
            silence_began=silence_began,
            last_customer_message=last_customer_message,
            note=note,
            on=today,
            today=today,
        )


def close_in(
    conn: Connection,
    user: User,
    lead: Lead,
    *,
    status: str,
    reason: str | None,
    silence_began: str | None,
    last_customer_message: date | None,
    note: str,
    on: date,
    today: date,
) -> None:
    """Close inside the caller's transaction (a closing cadence step logs and closes at once)."""
    problems = []
    if status not in CLOSED:
        problems.append(("lead_check.errors.status_unknown", {"value": status}))
    if reason and reason not in catalog("de").doc("reasons").reasons:
        problems.append(("lead_check.errors.reason_unknown", {"value": reason}))
    if silence_began and silence_began not in SILENCE_BEGAN:
        problems.append(("lead_check.errors.silence_unknown", {"value": silence_began}))
    if last_customer_message and last_customer_message > today:
        problems.append(("lead_check.errors.message_in_future", {}))
    if lead.status in CLOSED:
        problems.append(("lead_check.errors.already_closed", {}))
    if problems:
        raise LeadError(problems=problems)
    silent = status != "won"
    last = max(filter(None, (lead.last_customer_reply, last_customer_message)), default=None)
    values: dict[str, object] = {"status": status, "closed_at": utcnow()}
    if last and last != lead.last_customer_reply:
        values["last_customer_reply"] = last
    repo.update_lead(conn, user.team_id, lead.id, **values)
    payload = {
        "status": status,
        "reason": reason if silent else None,
        "silence_began": silence_began if silent else None,
        "last_customer_message": last.isoformat() if last else None,
    }
    record(conn, user, lead.id, "closed", on=on, today=today, note=note, **payload)


def reopen(
    engine: Engine,
    user: User,
    lead_id: int,
    *,
    today: date | None = None,
    next_step_date: date | None = None,
    note: str = "",
) -> None:
    """A closed lead (a ghost that came back, a lost one revived) is open again."""
    today = today or utcnow().date()
    if next_step_date and next_step_date < today:
        raise LeadError("follow_up.error.next_step_past")
    with write(engine) as conn:
        lead = load(conn, user, lead_id)
        if lead.status not in CLOSED:
            raise LeadError("lead_check.errors.not_closed")
        changes: dict[str, object] = {"status": "open", "closed_at": None}
        if next_step_date:
            changes["next_step_date"] = next_step_date
        repo.update_lead(conn, user.team_id, lead.id, **changes)
        payload = {"previous_status": lead.status}
        record(conn, user, lead.id, "reopened", on=today, today=today, note=note, **payload)


def company_of(engine: Engine, team_id: int, lead_id: int) -> str | None:
    """The lead's company, or None when it no longer exists in the team."""
    with read(engine) as conn:
        lead = repo.get_lead(conn, team_id, lead_id)
    return lead.company if lead else None


def load(conn: Connection, user: User, lead_id: int, *, open_only: bool = False) -> Lead:
    """The team's lead, or LeadError when it vanished (or is closed and open_only is set)."""
    lead = repo.get_lead(conn, user.team_id, lead_id)
    if lead is None:
        raise LeadError("lead_check.errors.not_found")
    if open_only and lead.status in CLOSED:
        raise LeadError("lead_check.errors.already_closed")
    return lead


def record(
    conn: Connection,
    user: User,
    lead_id: int,
    kind: str,
    *,
    on: date | None = None,
    today: date | None = None,
    channel: str | None = None,
    note: str = "",
    **payload: object,
) -> None:
    """One entry of the lead's log. A past day gets noon; today keeps the clock's order."""
    check_note(note)
    now = utcnow()
    at = now if on is None else datetime.combine(on, now.time() if on == today else time(12, 0))
    repo.add_event(
        conn,
        user.team_id,
        lead_id,
        kind,
        author_id=user.id,
        channel=channel,
        note=note.strip() or None,
        payload=payload,
        at=at,
    )


def check_note(note: str) -> None:
    if len(note) > NOTE_LIMIT:
        raise LeadError("follow_up.error.note_too_long", limit=NOTE_LIMIT)
