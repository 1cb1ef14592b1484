"""The follow-up cadence as pure rules: which step is due when, and what stops or moves it.

A lead goes silent when its agreed next step (or, without one, its offer date) passes without a
word from the customer. From then on the steps of its path (content file cadence.yaml) fall due
one after another; a reply stops the cadence, an out-of-office reply moves the next step past the
absence, parking silences the lead until its resume date. Nothing here sends anything.
"""

import re
import string
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from urllib.parse import quote

from coaching.content.models import CadenceFile, CadenceStep, MessageTemplate, TemplatesFile
from coaching.formatting import day
from coaching.store.leads import Lead, LeadEvent

PLACEHOLDERS = ("salutation", "company", "topic", "offer_date", "order_date", "sender")
_TITLES = {"dr", "prof", "herr", "frau", "mr", "mrs", "ms", "mx", "dipl.-ing", "ing"}
_ENGLISH_TITLES = {"Frau": "Ms", "Herr": "Mr", "Dr.": "Dr", "Prof.": "Prof"}

_STAGE_SILENCE = {
    "first_contact": "after_first_contact",
    "qualifying": "after_first_contact",
    "offer_sent": "after_offer",
    "handshake": "after_handshake",
    "ordered": "after_handshake",
}


@dataclass(frozen=True)
class CadenceState:
    """Where one lead stands in its cadence on a given day."""

    lead: Lead
    phase: str  # not_silent · active · parked · finished · closed
    days_silent: int
    steps_done: tuple[str, ...] = ()
    step: CadenceStep | None = None  # the step due next (active only)
    due_on: date | None = None
    urgency: str | None = None  # overdue · today · upcoming (active only)
    resume_on: date | None = None  # parked leads
    park_reason: str | None = None


def cadence_state(
    lead: Lead, events: list[LeadEvent], cadence: CadenceFile, today: date
) -> CadenceState:
    """The lead's phase, its next step and due date, from its fields and its event log."""
    since = silence_since(lead)
    silent = CadenceState(lead=lead, phase="closed", days_silent=max((today - since).days, 0))
    if lead.status not in ("open", "parked"):
        return silent
    cycle = _current_cycle(events)
    done = tuple(e.payload["step"] for e in cycle if e.kind == "follow_up" and "step" in e.payload)
    resume_on, park_reason = _parking(cycle)
    if lead.status == "parked" and (resume_on is None or resume_on > today):
        return replace(
            silent, phase="parked", steps_done=done, resume_on=resume_on, park_reason=park_reason
        )
    anchor = cadence_anchor(lead)
    if anchor is None or anchor > today or _replied_since(lead, anchor):
        return replace(silent, phase="not_silent", steps_done=done)
    remaining = [step for step in steps_for(cadence, lead.commitment) if step.key not in done]
    if not remaining:
        return replace(silent, phase="finished", steps_done=done)
    step = remaining[0]
    follow_ups = [e for e in cycle if e.kind == "follow_up"]
    start = follow_ups[-1].at.date() if follow_ups else anchor
    due = max([start + timedelta(days=step.wait_days), *_pause_ends(cycle, lead, resume_on)])
    return replace(
        silent,
        phase="active",
        steps_done=done,
        step=step,
        due_on=due,
        urgency=_urgency(due, today),
        resume_on=resume_on if lead.status == "parked" else None,
    )


def steps_for(cadence: CadenceFile, commitment: str) -> list[CadenceStep]:
    """The steps of the lead's path; an unknown commitment follows the interest-only path."""
    return cadence.paths.get(commitment) or cadence.paths["interest_only"]


def cadence_anchor(lead: Lead) -> date | None:
    """From when silence counts: the agreed next step, else the offer date; None if neither."""
    return lead.next_step_date or lead.offer_date


def silence_since(lead: Lead) -> date | None:
    """The customer's last own message, else the offer date, else the day the lead was made."""
    return lead.last_customer_reply or lead.offer_date or lead.created_at.date()


def silence_began_for(lead: Lead, reason: str | None = None) -> str:
    """A sensible default for where the silence began, from the stage (crisis wins)."""
    if reason == "crisis":
        return "during_crisis_talk"
    return _STAGE_SILENCE.get(lead.stage, "after_offer")


def silence_list(states: list[CadenceState]) -> list[CadenceState]:
    """Active and finished leads, longest silence first (then earliest due)."""
    shown = [s for s in states if s.phase in ("active", "finished")]
    return sorted(shown, key=lambda s: (-s.days_silent, s.due_on or date.max, s.lead.id))


def counts(states: list[CadenceState]) -> dict[str, int]:
    """How many follow-ups are overdue, due today and upcoming."""
    result = {"overdue": 0, "today": 0, "upcoming": 0}
    for state in states:
        if state.urgency:
            result[state.urgency] += 1
    return result


def parting_message(events: list[LeadEvent]) -> LeadEvent | None:
    """The last closing message sent to the customer: how the parting was worded."""
    for event in reversed(events):
        if event.kind == "follow_up" and event.payload.get("body") and event.payload.get("closes"):
            return event
    return None


# --- messages ---


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def render(
    template: MessageTemplate, templates: TemplatesFile, address: str, values: dict[str, object]
) -> Message:
    """Fill a template; a value that is missing or blank becomes a visible gap like [Firma]."""
    filled = _Gaps(templates.gaps, {k: v for k, v in values.items() if _present(v)})
    formatter = string.Formatter()
    return Message(
        subject=formatter.vformat(template.subject.for_address(address), (), filled),
        body=formatter.vformat(reflow(template.body.for_address(address)), (), filled),
    )


def reflow(text: str) -> str:
    """One line per paragraph, as mail programs wrap themselves; the content files wrap for
    reading. Breaks stay after a colon, before a list item and in the last paragraph (greeting)."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        paragraph if index == len(paragraphs) - 1 else _join_lines(paragraph)
        for index, paragraph in enumerate(paragraphs)
    )


def lead_values(lead: Lead, sender: str, lang: str, address: str) -> dict[str, object]:
    """The lead's data for the placeholders, dates written the reader's way."""
    return {
        "salutation": _in_language(greeting_name(lead, address), lang),
        "company": lead.company,
        "topic": lead.topic,
        "offer_date": day(lead.offer_date, lang) if lead.offer_date else None,
        "order_date": day(lead.order_date, lang) if lead.order_date else None,
        "sender": sender,
    }


def greeting_name(lead: Lead, address: str) -> str | None:
    """Whom the mail greets: the stored salutation ("Frau Dr. Olbrich") when formal, else the
    full name; the first name when informal, because nobody writes "Hallo Sabine Brandt"."""
    if address == "du":
        return first_name(lead.contact_name)
    return lead.salutation or lead.contact_name


def _in_language(salutation: str | None, lang: str) -> str | None:
    """A German salutation in an English mail: "Frau Böhm" -> "Ms Böhm", "Frau Dr. Olbrich" ->
    "Dr Olbrich" (with a title, English drops Ms and Mr)."""
    if lang != "en" or not salutation:
        return salutation
    words = [_ENGLISH_TITLES.get(word, word) for word in salutation.split()]
    if {"Dr", "Prof"} & set(words):
        words = [word for word in words if word not in ("Ms", "Mr")]
    return " ".join(words)


def first_name(full_name: str | None) -> str | None:
    """The first word of a name that is not a title: "Dr. Miriam Olbrich" -> "Miriam"."""
    for word in (full_name or "").split():
        if word.lower().rstrip(".") not in _TITLES:
            return word
    return None


def mailto(email: str | None, message: Message) -> str:
    """A mailto: link with subject and body encoded; without a usable address the mail program
    opens with an empty recipient line."""
    usable = email and "@" in email and " " not in email.strip()
    address = quote(email.strip(), safe="@") if usable else ""
    subject, body = quote(message.subject, safe=""), quote(message.body, safe="")
    return f"mailto:{address}?subject={subject}&body={body}"


class _Gaps(dict):
    def __init__(self, words: dict[str, str], values: dict[str, object]) -> None:
        super().__init__({k: str(v).strip() for k, v in values.items()})
        self._words = words

    def __missing__(self, key: str) -> str:
        return f"[{self._words.get(key, key)}]"


def _join_lines(paragraph: str) -> str:
    lines = paragraph.split("\n")
    joined = lines[0]
    for previous, line in zip(lines, lines[1:], strict=False):
        keep = previous.rstrip().endswith(":") or _LIST_ITEM.match(line)
        joined += ("\n" if keep else " ") + line.strip()
    return joined


_LIST_ITEM = re.compile(r"^\s*(\d+\.|[-•])\s")


def _present(value: object) -> bool:
    return value is not None and str(value).strip() != ""


# --- helpers ---


def _urgency(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    return "today" if due == today else "upcoming"


def _current_cycle(events: list[LeadEvent]) -> list[LeadEvent]:
    """The events since the customer last replied or the lead was reopened: a fresh cadence."""
    start = 0
    for index, event in enumerate(events):
        if event.kind in ("reply_received", "reopened"):
            start = index + 1
    return events[start:]


def _replied_since(lead: Lead, anchor: date) -> bool:
    return lead.last_customer_reply is not None and lead.last_customer_reply >= anchor


def _parking(cycle: list[LeadEvent]) -> tuple[date | None, str | None]:
    parked = [e for e in cycle if e.kind == "parked"]
    if not parked:
        return None, None
    return _as_date(parked[-1].payload.get("resume_on")), parked[-1].payload.get("reason")


def _pause_ends(cycle: list[LeadEvent], lead: Lead, resume_on: date | None) -> list[date]:
    """Days before which nothing is due: after an absence, a parked lead's resume day."""
    ends = [resume_on] if resume_on and lead.status == "parked" else []
    for event in cycle:
        if event.kind == "resumed":
            ends.append(event.at.date())
        elif event.kind == "out_of_office":
            until = _as_date(event.payload.get("until"))
            if until:
                ends.append(until + timedelta(days=1))
    return ends


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
