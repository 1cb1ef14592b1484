"""Rückblick: the blameless self-review after a lost deal, and the rules of who sees what.

A review belongs to its author. Only what the author chooses to share leaves that circle, and
then only the lesson and its classification: never the check-in feeling, never the deal, and for
an anonymous share never anything that names or points to the author.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Engine

from coaching import formatting
from coaching.attention import Attention
from coaching.content import catalog
from coaching.formatting import ParseError
from coaching.handout import Outline, Section
from coaching.store import drafts, read
from coaching.store.accounts import User

STEPS = (
    "deal",
    "timeline",
    "category",
    "reasons",
    "signals",
    "touchpoints",
    "control",
    "lesson",
    "checkin",
    "finish",
)
SOURCES = ("lead", "deal", "manual")
SHARE_MODES = ("private", "anonymous", "named")
TOUCHPOINT_QUESTIONS = ("pitch_too_complex", "benefit_unclear", "next_step_agreed")
TOUCHPOINT_ANSWERS = ("yes", "partly", "no", "unsure")
PRICE_REASON = "price"
PRICE_EVIDENCE = ("customer_said", "my_guess")
TEXT_ANSWERS = ("timeline", "in_my_control", "not_in_my_control", "do_differently")
MAX_TEXT = 4000
DRAFT_KIND = "review"


class ReviewError(ValueError):
    """Input the review cannot take; `key` names the message, `step` where to fix it."""

    def __init__(self, key: str, step: str, **values: object) -> None:
        super().__init__(f"{key} (step {step})")
        self.key = key
        self.step = step
        self.values = values


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


# --- share rules -------------------------------------------------------------------------------


def is_visible_to(review: Review, viewer_id: int) -> bool:
    """A review, whole, is for its author's eyes only: not colleagues, not the manager."""
    return review.author_id is not None and review.author_id == viewer_id


def check_share_mode(review: Review, mode: str) -> None:
    """Sharing passes a lesson on, so there must be one; going back to private always works."""
    if mode not in SHARE_MODES:
        raise ReviewError("review.error.share_mode", "finish")
    if mode != "private" and not (review.lesson or "").strip():
        raise ReviewError("review.error.nothing_to_share", "lesson")


def shared_view(review: Review, author_name: str | None) -> SharedLesson | None:
    """The team's view of a review: None while private; the name only when shared by name."""
    if review.share_mode not in ("anonymous", "named") or not (review.lesson or "").strip():
        return None
    return SharedLesson(
        key=hashlib.sha256(f"review:{review.id}:{review.created_at}".encode()).hexdigest()[:12],
        lesson=review.lesson.strip(),
        root_category=review.root_category,
        main_reason=review.main_reason,
        reasons=list(review.reasons),
        stage_at_silence=review.stage_at_silence,
        hours_invested=review.hours_invested,
        period=formatting.quarter(review.lost_on, "de") if review.lost_on else None,
        author_name=author_name if review.share_mode == "named" else None,
        share_mode=review.share_mode,
    )


def order_for_team(lessons: list[SharedLesson]) -> list[SharedLesson]:
    """Newest quarter first, then by text: never by writing order, which could hint at authors."""
    by_text = sorted(lessons, key=lambda lesson: lesson.lesson.casefold())
    return sorted(by_text, key=lambda lesson: _period_sort(lesson.period), reverse=True)


# --- the guided review -------------------------------------------------------------------------


def step_index(step: str | None) -> int:
    return STEPS.index(step) if step in STEPS else 0


def neighbour_step(step: str | None, direction: int) -> str:
    """The step before (-1) or after (+1), staying within the first and the last."""
    index = min(max(step_index(step) + direction, 0), len(STEPS) - 1)
    return STEPS[index]


def parse_hours(text: object) -> Decimal | None:
    """'3,5' is 3.5 hours; words like 'viel' or negative figures are refused, naming the step."""
    try:
        hours = formatting.parse_number(text if text != "" else None)
    except ParseError as exc:
        raise ReviewError("review.error.hours", "lesson", value=str(text)) from exc
    if hours is not None and (hours < 0 or hours > 10_000):
        raise ReviewError("review.error.hours", "lesson", value=str(text))
    return hours


def build_review(answers: dict) -> NewReview:
    """Turn the draft's answers into a review, or say which step is missing what."""
    vocabulary = taxonomy()
    label = _text(answers.get("deal_label"))
    if not label:
        raise ReviewError("review.error.no_deal", "deal")
    try:
        value = formatting.parse_number(answers.get("deal_value") or None)
        lost_on = formatting.parse_date(answers.get("lost_on") or None)
    except ParseError as exc:
        raise ReviewError("review.error.deal_value", "deal", value=exc.value) from exc
    root = answers.get("root_category")
    if root not in vocabulary.roots:
        raise ReviewError("review.error.no_category", "category")
    main = answers.get("main_reason")
    if main not in vocabulary.reasons:
        raise ReviewError("review.error.no_main_reason", "reasons")
    reasons = [main] + [r for r in answers.get("reasons") or [] if r in vocabulary.reasons]
    reasons = list(dict.fromkeys(reasons))
    signals = [s for s in answers.get("missed_signals") or [] if s in vocabulary.signals]
    feeling = answers.get("feeling")
    share_mode = answers.get("share_mode") or "private"
    lesson = _text(answers.get("lesson")) or None
    if share_mode not in SHARE_MODES:
        raise ReviewError("review.error.share_mode", "finish")
    if share_mode != "private" and not lesson:
        raise ReviewError("review.error.nothing_to_share", "lesson")
    return NewReview(
        deal_label=label[:500],
        root_category=root,
        main_reason=main,
        reasons=reasons,
        missed_signals=list(dict.fromkeys(signals)),
        answers=_other_answers(answers, main, reasons),
        lead_id=_int_or_none(answers.get("lead_id")) if answers.get("source") == "lead" else None,
        deal_id=_int_or_none(answers.get("deal_id")) if answers.get("source") == "deal" else None,
        deal_value=value,
        stage_at_silence=answers.get("stage_at_silence") or None,
        hours_invested=parse_hours(answers.get("hours")),
        lesson=lesson,
        feeling=int(feeling) if isinstance(feeling, int) and 1 <= feeling <= 5 else None,
        share_mode=share_mode,
        lost_on=lost_on,
    )


def reframing(feeling: int | None, lang: str, address: str) -> str | None:
    """The reframing text that fits how the person feels; None until they answer."""
    levels = catalog(lang).doc("review").feelings
    if feeling not in levels:
        return None
    return levels[feeling].reframing.for_address(address)


# --- my reviews over time ----------------------------------------------------------------------


def recurring_reasons(reviews: list[Review]) -> list[tuple[str, int]]:
    """The reasons that keep coming back across a person's reviews, most frequent first."""
    counts = Counter(reason for review in reviews for reason in review.reasons)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def reasons_by_quarter(reviews: list[Review]) -> list[dict]:
    """Rows (quarter, reason, count) of main reasons, for a small chart of change over time."""
    counts = Counter(
        (formatting.quarter(review.lost_on or review.created_at.date(), "de"), review.main_reason)
        for review in reviews
    )
    rows = [{"quarter": q, "reason": r, "count": n} for (q, r), n in counts.items()]
    return sorted(rows, key=lambda row: (_period_sort(row["quarter"]), row["reason"]))


# --- export ------------------------------------------------------------------------------------


def outline(review: Review, lang: str, address: str) -> Outline:
    """A review as a handout for its author. The check-in feeling is left out on purpose."""
    words = catalog(lang)
    doc = words.doc("review")
    reasons_doc = words.doc("reasons")
    signals_doc = words.doc("signals")
    q = {key: wording.for_address(address) for key, wording in doc.questions.items()}
    answers = review.answers
    text = words.text

    def reason(key: str) -> str:
        return reasons_doc.reasons[key].label if key in reasons_doc.reasons else key

    deal = [
        f"{text('review.export.deal')}: {review.deal_label}",
        f"{text('review.export.value')}: {formatting.money(review.deal_value, lang)}",
        f"{text('review.export.lost_on')}: {formatting.day(review.lost_on, lang)}",
    ]
    if review.stage_at_silence:
        deal.append(f"{q['stage_at_silence']} {text(f'pipeline.stage.{review.stage_at_silence}')}")
    root = reasons_doc.root_categories.get(review.root_category)
    causes = [f"{q['root_category']}: {root.label if root else review.root_category}"]
    causes.append(f"{q['main_reason']} {reason(review.main_reason)}")
    others = [reason(r) for r in review.reasons if r != review.main_reason]
    if others:
        causes.append(f"{text('review.export.other_reasons')}: {', '.join(others)}")
    if answers.get("price_evidence") in doc.price_evidence:
        causes.append(f"{q['price_evidence']} {doc.price_evidence[answers['price_evidence']]}")
    touch = [
        f"{q[key]} {doc.answers[answers[key]]}"
        for key in TOUCHPOINT_QUESTIONS
        if answers.get(key) in doc.answers
    ]
    gaps = [
        doc.qualification_gaps[g]
        for g in answers.get("qualification_gaps", [])
        if g in doc.qualification_gaps
    ]
    signals = [
        signals_doc.signals[s].label for s in review.missed_signals if s in signals_doc.signals
    ]
    hours = formatting.number(review.hours_invested, lang, 1)
    sections = [
        Section(doc.steps["deal"].title, bullets=deal),
        Section(doc.steps["timeline"].title, paragraphs=_paragraphs(answers.get("timeline"))),
        Section(doc.steps["reasons"].title, bullets=causes),
        Section(doc.steps["signals"].title, bullets=signals or [text("review.export.none")]),
        Section(
            doc.steps["touchpoints"].title,
            bullets=touch + [f"{q['qualification_gaps']} {g}" for g in gaps],
        ),
        Section(
            doc.steps["control"].title,
            bullets=[
                f"{q[key]} {answers[key]}"
                for key in ("in_my_control", "not_in_my_control", "do_differently")
                if answers.get(key)
            ],
        ),
        Section(
            doc.steps["lesson"].title,
            paragraphs=[review.lesson or text("review.export.none")],
            bullets=[f"{text('review.export.hours')}: {hours}"],
        ),
    ]
    return Outline(
        title=text("review.export.title", deal=review.deal_label),
        subtitle=text(f"review.share.{review.share_mode}"),
        sections=[s for s in sections if s.paragraphs or s.bullets],
        footer=text("review.export.footer"),
    )


# --- helpers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Taxonomy:
    roots: tuple[str, ...]
    reasons: tuple[str, ...]
    signals: tuple[str, ...]  # lead-scope warning signals: what a lost deal could have shown


def taxonomy() -> Taxonomy:
    """The stable keys a review may use; they are the same in every language."""
    words = catalog("de")
    reasons = words.doc("reasons")
    signals = words.doc("signals").signals
    return Taxonomy(
        roots=tuple(reasons.root_categories),
        reasons=tuple(reasons.reasons),
        signals=tuple(key for key, signal in signals.items() if signal.scope == "lead"),
    )


def _other_answers(answers: dict, main: str, reasons: list[str]) -> dict:
    doc = catalog("de").doc("review")
    kept: dict = {"source": answers.get("source") if answers.get("source") in SOURCES else "manual"}
    for key in TEXT_ANSWERS:
        if value := _text(answers.get(key)):
            kept[key] = value[:MAX_TEXT]
    for key in TOUCHPOINT_QUESTIONS:
        if answers.get(key) in TOUCHPOINT_ANSWERS:
            kept[key] = answers[key]
    gaps = [g for g in answers.get("qualification_gaps") or [] if g in doc.qualification_gaps]
    if gaps:
        kept["qualification_gaps"] = gaps
    if PRICE_REASON in reasons and answers.get("price_evidence") in PRICE_EVIDENCE:
        kept["price_evidence"] = answers["price_evidence"]
    return kept


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int_or_none(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _paragraphs(text: object) -> list[str]:
    return [line for line in _text(text).splitlines() if line.strip()]


def _period_sort(period: str | None) -> tuple[int, int]:
    if not period:
        return (0, 0)
    quarter, year = period.split()
    return (int(year), int(quarter[1:]))


def attention(engine: Engine, user: User) -> list[Attention]:
    """Start page: reviews this person began and has not finished (only they see the count)."""
    with read(engine) as conn:
        count = len(drafts.list_drafts(conn, user.id, DRAFT_KIND))
    return [Attention("review.attention_drafts", count, "pages/retrospective.py")]
