"""The team workshop: an agenda the facilitator orders, times and skips, the team's agreements,
and a handout of the session. Nothing private appears here.

Roles: the team lead runs the workshop, so changing the plan, starting or moving the shared
presentation and adding or reviewing team agreements are the lead's (checked here, whatever the
page shows). Members follow the presentation, see the plan and agreements and take the handout.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from coaching.attention import Attention
from coaching.content import catalog
from coaching.content.models import WorkshopFile, WorkshopSection
from coaching.formatting import day
from coaching.handout import Outline, Section
from coaching.store import read, utcnow, write
from coaching.store import workshop as repo
from coaching.store.accounts import User
from coaching.store.workshop import Agreement

MIN_MINUTES, MAX_MINUTES = 60, 90
STATUSES = ("open", "kept", "dropped")


class WorkshopError(ValueError):
    """Carries the message key for the facilitator."""


@dataclass(frozen=True)
class PlanItem:
    key: str
    minutes: int
    skipped: bool = False


@dataclass(frozen=True)
class Plan:
    items: list[PlanItem]
    current: int = 0  # index into active()
    section_started_at: datetime | None = None

    def active(self) -> list[PlanItem]:
        return [item for item in self.items if not item.skipped]

    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.active())

    def length_is_right(self) -> bool:
        return MIN_MINUTES <= self.total_minutes() <= MAX_MINUTES


def agenda(lang: str) -> WorkshopFile:
    return catalog(lang).doc("workshop")


def sections_by_key(lang: str) -> dict[str, WorkshopSection]:
    return {section.key: section for section in agenda(lang).sections}


def load_plan(engine: Engine, team_id: int, lang: str) -> Plan:
    """The team's plan; sections added to the content later appear at the end, removed ones go."""
    known = sections_by_key(lang)
    with read(engine) as conn:
        stored = repo.load_plan(conn, team_id)
    if stored is None:
        return Plan([PlanItem(s.key, s.minutes) for s in agenda(lang).sections])
    items = [PlanItem(**item) for item in stored.items if item["key"] in known]
    present = {item.key for item in items}
    items += [PlanItem(s.key, s.minutes) for s in agenda(lang).sections if s.key not in present]
    current = min(stored.current, max(len([i for i in items if not i.skipped]) - 1, 0))
    return Plan(items, current, stored.section_started_at)


def save_plan(engine: Engine, user: User, plan: Plan) -> None:
    """Store the team's plan and where the presentation stands: the team lead's."""
    _check_lead(user)
    items = [{"key": i.key, "minutes": i.minutes, "skipped": i.skipped} for i in plan.items]
    with write(engine) as conn:
        repo.save_plan(conn, user.team_id, items, plan.current, plan.section_started_at)


def move(plan: Plan, key: str, step: int) -> Plan:
    """Move a section up (step -1) or down (+1) in the agenda."""
    items = list(plan.items)
    index = next(i for i, item in enumerate(items) if item.key == key)
    target = min(max(index + step, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    return replace(plan, items=items)


def set_section(plan: Plan, key: str, *, minutes: int, skipped: bool) -> Plan:
    if not 1 <= minutes <= 60:
        raise WorkshopError("workshop.minutes_range")
    items = [
        replace(item, minutes=minutes, skipped=skipped) if item.key == key else item
        for item in plan.items
    ]
    if not any(not item.skipped for item in items):
        raise WorkshopError("workshop.nothing_left")
    return replace(plan, items=items, current=0, section_started_at=None)


def go_to(plan: Plan, index: int, now: datetime | None = None) -> Plan:
    """Show section index (clamped) and start its timer."""
    last = len(plan.active()) - 1
    return replace(plan, current=min(max(index, 0), last), section_started_at=now or utcnow())


def seconds_left(plan: Plan, now: datetime | None = None) -> int | None:
    """Time left in the current section (negative when over time); None before it started."""
    if plan.section_started_at is None:
        return None
    item = plan.active()[plan.current]
    elapsed = ((now or utcnow()) - plan.section_started_at).total_seconds()
    return int(item.minutes * 60 - elapsed)


def add_agreement(
    engine: Engine, user: User, text: str, owner: str, review_on: date | None, today: date
) -> int:
    """A team agreement, written down by the team lead during the workshop."""
    _check_lead(user)
    if not text.strip():
        raise WorkshopError("workshop.agreement_text_missing")
    if not owner.strip():
        raise WorkshopError("workshop.agreement_owner_missing")
    if review_on is None or review_on < today:
        raise WorkshopError("workshop.agreement_date_past")
    with write(engine) as conn:
        return repo.add_agreement(conn, user.team_id, text.strip(), owner.strip(), review_on)


def open_agreements(engine: Engine, team_id: int) -> list[Agreement]:
    with read(engine) as conn:
        return repo.list_agreements(conn, team_id, ("open",))


def review_agreement(engine: Engine, user: User, agreement_id: int, status: str, note: str):
    """Mark an agreement kept or dropped: the team lead's, like adding it."""
    _check_lead(user)
    if status not in STATUSES:
        raise WorkshopError("workshop.invalid_status")
    with write(engine) as conn:
        repo.review_agreement(conn, user.team_id, agreement_id, status, note.strip())


def default_review_date(today: date) -> date:
    """Four weeks on: long enough to try an agreement, short enough to remember it."""
    return today + timedelta(weeks=4)


def handout(lang: str, plan: Plan, agreements: list[Agreement], shown: dict[str, list[str]]):
    """The session's summary: agenda with goals and prompts, what the charts showed, agreements.

    `shown` maps section keys to the takeaway sentences of the charts shown there.
    """
    text = catalog(lang).text
    known = sections_by_key(lang)
    doc = agenda(lang)
    outline = Outline(title=doc.title, subtitle=doc.intro, footer=text("workshop.handout_footer"))
    for number, item in enumerate(plan.active(), start=1):
        section = known[item.key]
        heading = text(
            "workshop.handout_section", number=number, title=section.title, minutes=item.minutes
        )
        outline.sections.append(
            Section(heading, [section.goal, *shown.get(item.key, [])], section.prompts)
        )
    outline.sections.append(
        Section(
            text("workshop.research_title"),
            bullets=[f"{r.figure} {r.claim} ({r.source}; {r.reliability})" for r in doc.research],
        )
    )
    outline.sections.append(
        Section(
            text("workshop.agreements_title"),
            bullets=[
                text(
                    "workshop.agreement_line",
                    text=a.text,
                    owner=a.owner,
                    date=day(a.review_on, lang),
                )
                for a in agreements
            ]
            or [text("workshop.no_agreements")],
        )
    )
    return outline


def is_lead(user: User) -> bool:
    return user.is_manager


def attention(engine: Engine, user: User) -> list[Attention]:
    """Agreements whose review date has come: the next workshop should look at them."""
    due = [a for a in open_agreements(engine, user.team_id) if a.review_on <= date.today()]
    return [Attention("workshop.attention_agreements", len(due), "pages/workshop_session.py")]


def _check_lead(user: User) -> None:
    if not is_lead(user):
        raise WorkshopError("workshop.lead_only")
