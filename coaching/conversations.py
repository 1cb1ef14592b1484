"""Guided conversations: one engine walks every script file; the outcome is saved to the team.

A script is content (data/content/<lang>/scripts/<key>.yaml); adding one needs no code here.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine

from coaching.content import catalog
from coaching.content.talks import ScriptFile
from coaching.errors import InputError
from coaching.handout import Outline, Section, to_markdown, to_pdf
from coaching.store import conversations as repo
from coaching.store import leads as lead_repo
from coaching.store import read, write
from coaching.store.accounts import User
from coaching.store.leads import customer_id_for, get_lead

OUTCOMES = ("kept", "paused", "reduced", "cancelled")
QUARTER = timedelta(days=91)
MAX_NOTE = 4000
_FITTING = ((2, None), (0, None), (0, 300), (0, 80))  # (sample phrases per step, note length)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class ConversationError(InputError):
    """Carries a message key (for the user's language) and the values it needs."""


@dataclass(frozen=True)
class Subject:
    """Whom the conversation is with: a lead or a customer of the team."""

    kind: str  # lead · customer
    id: int
    name: str
    customer_id: int | None = None


def scripts(lang: str) -> dict[str, ScriptFile]:
    """Every conversation script of a language, in the order the content gives."""
    found = catalog(lang).docs("scripts")
    return dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))


def script(lang: str, key: str) -> ScriptFile:
    found = scripts(lang)
    if key not in found:
        raise ConversationError("crisis.unknown_script", script=key)
    return found[key]


def resolve_subject(
    engine: Engine, team_id: int, *, lead: str | None = None, customer: str | None = None
) -> Subject | None:
    """The lead or customer a link names (?lead=<id> or ?customer=<id>), only from this team."""
    if lead is None and customer is None:
        return None
    raw = lead if lead is not None else customer
    try:
        wanted = int(str(raw).strip())
    except ValueError:
        raise ConversationError("crisis.unknown_subject", value=raw) from None
    with read(engine) as conn:
        if lead is not None:
            found = get_lead(conn, team_id, wanted)
            if found is not None:
                return Subject("lead", found.id, found.company, found.customer_id)
        else:
            name = repo.customer_name(conn, team_id, wanted)
            if name is not None:
                return Subject("customer", wanted, name, wanted)
    raise ConversationError("crisis.unknown_subject", value=raw)


def subjects(engine: Engine, team_id: int) -> list[Subject]:
    """Open leads and customers of the team, for choosing whom a conversation was with."""
    with read(engine) as conn:
        leads = [
            Subject("lead", lead.id, lead.company, lead.customer_id)
            for lead in repo.open_leads(conn, team_id)
        ]
        customers = [
            Subject("customer", cid, name, cid) for cid, name in repo.list_customers(conn, team_id)
        ]
    return customers + leads


def save_outcome(
    engine: Engine,
    user: User,
    *,
    script_key: str,
    outcome: str,
    notes: dict[str, str],
    held_on: date,
    subject: Subject | None = None,
    new_customer: str = "",
    quarterly_visit: bool = False,
) -> int:
    """Save how a conversation ended, to the lead or customer; nothing is written on bad input.
    With quarterly_visit, a parked lead reminds the person on Nachfassen three months later."""
    if script_key not in catalog("de").docs("scripts"):
        raise ConversationError("crisis.unknown_script", script=script_key)
    if outcome not in OUTCOMES:
        raise ConversationError("crisis.choose_outcome")
    kept_notes = {step: note.strip() for step, note in notes.items() if note and note.strip()}
    too_long = [step for step, note in kept_notes.items() if len(note) > MAX_NOTE]
    if too_long:
        raise ConversationError("crisis.note_too_long", limit=MAX_NOTE)
    new_customer = " ".join(new_customer.split())
    if subject is None and not new_customer:
        raise ConversationError("crisis.choose_subject")
    with write(engine) as conn:
        if subject is None:
            customer_id, lead_id = customer_id_for(conn, user.team_id, new_customer), None
        elif subject.kind == "lead":
            customer_id, lead_id = subject.customer_id, subject.id
        else:
            customer_id, lead_id = subject.id, None
        if quarterly_visit:
            name = subject.name if subject else new_customer
            _quarterly_reminder(conn, user, name, customer_id, script_key, held_on)
        return repo.add_conversation(
            conn,
            user.team_id,
            author_id=user.id,
            script=script_key,
            outcome=outcome,
            notes=kept_notes,
            held_on=held_on,
            lead_id=lead_id,
            customer_id=customer_id,
        )


def _quarterly_reminder(conn, user: User, company: str, customer_id, script_key, held_on) -> None:
    """A lead for the next visit, parked until it is due: the follow-up list shows it as parked,
    and from its day on as a step to take, like any other lead whose agreed step has passed."""
    words = catalog(user.language)
    due = held_on + QUARTER
    title = script(user.language, script_key).title
    lead_id = lead_repo.add_lead(
        conn,
        user.team_id,
        owner_id=user.id,
        customer_id=customer_id,
        company=company,
        topic=words.text("crisis.quarterly_topic"),
        stage="first_contact",
        status="parked",
        next_step=words.text("crisis.quarterly_step"),
        next_step_date=due,
    )
    at = datetime.combine(held_on, time(12, 0))
    for kind, payload in (
        ("created", {"stage": "first_contact", "value_eur": None}),
        ("parked", {"reason": words.text("crisis.quarterly_reason", script=title),
                    "resume_on": due.isoformat()}),
    ):  # fmt: skip
        lead_repo.add_event(
            conn, user.team_id, lead_id, kind, author_id=user.id, payload=payload, at=at
        )


def history(engine: Engine, team_id: int, subject: Subject) -> list[repo.Conversation]:
    """Earlier conversations with this lead or customer, newest first."""
    with read(engine) as conn:
        if subject.kind == "lead":
            return repo.list_conversations(conn, team_id, lead_id=subject.id)
        return repo.list_conversations(conn, team_id, customer_id=subject.id)


def take_away(
    lang: str,
    script_key: str,
    notes: dict[str, str],
    address: str,
    subject: str = "",
    detail: int = 2,
) -> Outline:
    """The prepared script with the person's notes; detail is how many sample phrases per step."""
    words = catalog(lang)
    doc = script(lang, script_key)
    sections = []
    for number, (key, step) in enumerate(doc.steps.items(), start=1):
        bullets = [
            f"„{p.for_address(address)}“" if lang == "de" else f"“{p.for_address(address)}”"
            for p in step.phrases[:detail]
        ]
        if detail and step.avoid:
            bullets.append(words.text("crisis.handout_avoid", text=step.avoid[0].say))
        note = notes.get(key, "").strip()
        paragraphs = [words.text("crisis.handout_note", note=note)] if note else []
        sections.append(Section(f"{number}. {step.title}", paragraphs=paragraphs, bullets=bullets))
    subtitle = words.text("crisis.handout_subject", subject=subject) if subject else doc.use_when
    return Outline(
        title=doc.title,
        subtitle=subtitle,
        sections=sections,
        footer=words.text("crisis.handout_footer"),
    )


def handout_markdown(
    lang: str, script_key: str, notes: dict[str, str], address: str, subject: str = ""
) -> str:
    return to_markdown(take_away(lang, script_key, notes, address, subject))


def handout_pdf(
    lang: str, script_key: str, notes: dict[str, str], address: str, subject: str = ""
) -> bytes:
    """A one-page PDF: fewer sample phrases first, then shortened notes, until it fits.

    The Markdown handout always keeps every note in full.
    """
    for detail, limit in _FITTING:
        short = {k: _shorten(v, limit) for k, v in notes.items()} if limit else notes
        pdf = to_pdf(take_away(lang, script_key, short, address, subject, detail))
        if page_count(pdf) == 1:
            break
    return pdf


def page_count(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
