"""A lead's event log in words: one description per event, for every page that shows the log.

Lead-Check's history, Nachfassen's timeline and the review's "what happened" draft all read these
lines, so an event kind is named once (follow_up.event_kind in the UI strings).
"""

from dataclasses import dataclass
from datetime import date, datetime

from coaching.content import catalog
from coaching.formatting import day
from coaching.pipeline import CHANNELS, SILENCE_BEGAN
from coaching.store.leads import LeadEvent


@dataclass(frozen=True)
class LogLine:
    at: datetime
    kind: str  # the event kind in words
    detail: str  # step, absence, parking or closing details; "" when there are none
    author: str | None
    note: str | None


def log_lines(events: list[LeadEvent], lang: str) -> list[LogLine]:
    """The events in the order given, each described in the language's words."""
    words = catalog(lang)
    return [
        LogLine(
            event.at, _kind(event.kind, words), _detail(event, lang), event.author_name, event.note
        )
        for event in events
    ]


def as_text(events: list[LeadEvent], lang: str) -> str:
    """The log as key points, one line per event, oldest first (the review's starting text)."""
    lines = []
    for line in log_lines(events, lang):
        note = " ".join((line.note or "").split())
        lines.append(f"{day(line.at.date(), lang)} · {line.kind}" + (f": {note}" if note else ""))
    return "\n".join(lines)


def _kind(kind: str, words) -> str:
    key = f"follow_up.event_kind.{kind}"
    return words.text(key if key in words.strings else "follow_up.event_kind.other")


def _detail(event: LeadEvent, lang: str) -> str:
    words = catalog(lang)
    payload = event.payload
    if event.kind == "follow_up" and payload.get("step"):
        channel = (
            words.text(f"pipeline.channel.{event.channel}") if event.channel in CHANNELS else ""
        )
        step = words.text("follow_up.event_detail.step", step=_step_label(payload["step"], lang))
        return " · ".join(p for p in (step, channel) if p)
    if event.kind == "out_of_office" and payload.get("until"):
        return words.text("follow_up.event_detail.until", until=_day_text(payload["until"], lang))
    if event.kind == "parked":
        resume = _day_text(payload.get("resume_on"), lang)
        reason = payload.get("reason", "")
        return words.text("follow_up.event_detail.parked", resume=resume, reason=reason)
    if event.kind == "closed":
        status = payload.get("status")
        began = payload.get("silence_began")
        return words.text(
            "follow_up.event_detail.closed",
            status=words.text(f"pipeline.status.{status}") if status else "–",
            began=words.text(f"follow_up.silence.{began}") if began in SILENCE_BEGAN else "–",
        )
    return ""


def _step_label(key: str, lang: str) -> str:
    for steps in catalog(lang).doc("cadence").paths.values():
        for step in steps:
            if step.key == key:
                return step.label
    return key


def _day_text(value: str | None, lang: str) -> str:
    try:
        return day(date.fromisoformat(value[:10]), lang) if value else "–"
    except ValueError:
        return value
