"""Rückblick: the blameless self-review after a lost deal, and the rules of who sees what.

A review belongs to its author. Only what the author chooses to share leaves that circle, and
then only the lesson and its classification: never the check-in feeling, never the deal, and for
an anonymous share never anything that names or points to the author.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine

from coaching import formatting, lead_log
from coaching.attention import Attention
from coaching.content import catalog
from coaching.formatting import ParseError
from coaching.pipeline import CLOSED
from coaching.store import drafts, read, write
from coaching.store import leads as lead_repo
from coaching.store import reviews as repo
from coaching.store.accounts import User
from coaching.store.leads import Lead
from coaching.store.reviews import DRAFT_KIND, NewReview, Review, SharedLesson

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


class ReviewError(ValueError):
    """Input the review cannot take; `key` names the message, `step` where to fix it."""

    def __init__(self, key: str, step: str, **values: object) -> None:
        super().__init__(f"{key} (step {step})")
        self.key = key
        self.step = step
        self.values = values


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
    return sorted(by_text, key=lambda lesson: period_sort(lesson.period), reverse=True)


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
    label = text_of(answers.get("deal_label"))
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
    lesson = text_of(answers.get("lesson")) or None
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


def reframing(feeling: int | None, lang: str) -> str | None:
    """The reframing text that fits how the person feels; None until they answer."""
    levels = catalog(lang).doc("review").feelings
    if feeling not in levels:
        return None
    return levels[feeling].reframing


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
        if value := text_of(answers.get(key)):
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


def text_of(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int_or_none(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def period_sort(period: str | None) -> tuple[int, int]:
    if not period:
        return (0, 0)
    quarter, year = period.split()
    return (int(year), int(quarter[1:]))


def attention(engine: Engine, user: User) -> list[Attention]:
    """Start page: reviews this person began and has not finished (only they see the count)."""
    with read(engine) as conn:
        count = len(drafts.list_drafts(conn, user.id, DRAFT_KIND))
    return [Attention("review.attention_drafts", count, "pages/retrospective.py")]


# --- use cases: each reads or writes through the author filter of coaching.store.reviews -------


def submit(engine: Engine, user: User, draft_key: str, answers: dict) -> int:
    """The draft becomes the review, both in one transaction; ReviewError names the step to fix."""
    new = build_review(answers)
    with write(engine) as conn:
        return repo.submit_draft(conn, user.team_id, user.id, draft_key, new)


def save_draft(engine: Engine, user: User, draft_key: str, answers: dict) -> None:
    with write(engine) as conn:
        drafts.save_draft(conn, user.id, DRAFT_KIND, draft_key, answers)


def load_draft(engine: Engine, user: User, draft_key: str) -> dict | None:
    with read(engine) as conn:
        return drafts.load_draft(conn, user.id, DRAFT_KIND, draft_key)


def open_drafts(engine: Engine, user: User) -> list[tuple[str, dict]]:
    """This person's unfinished reviews, newest first, as (key, answers so far)."""
    with read(engine) as conn:
        keys = drafts.list_drafts(conn, user.id, DRAFT_KIND)
        found = [(key, drafts.load_draft(conn, user.id, DRAFT_KIND, key)) for key in keys]
    return [(key, payload) for key, payload in found if payload is not None]


def discard_draft(engine: Engine, user: User, draft_key: str) -> None:
    with write(engine) as conn:
        drafts.discard_draft(conn, user.id, DRAFT_KIND, draft_key)


def own_reviews(engine: Engine, user: User) -> list[Review]:
    with read(engine) as conn:
        return repo.own_reviews(conn, user.id)


def own_review(engine: Engine, user: User, review_id: int) -> Review | None:
    """The review if this person wrote it; anyone else's looks like one that does not exist."""
    with read(engine) as conn:
        return repo.own_review(conn, user.id, review_id)


def share(engine: Engine, user: User, review_id: int, mode: str) -> bool:
    """Share, re-share or withdraw one's own review; False when it is not theirs (or gone)."""
    with write(engine) as conn:
        review = repo.own_review(conn, user.id, review_id)
        if review is None:
            return False
        check_share_mode(review, mode)
        return repo.set_share_mode(conn, user.id, review_id, mode)


def delete(engine: Engine, user: User, review_id: int) -> bool:
    with write(engine) as conn:
        return repo.delete_own_review(conn, user.id, review_id)


def shared_lessons(engine: Engine, team_id: int) -> list[SharedLesson]:
    """The team's shared lessons for insights, workshop and team pages."""
    with read(engine) as conn:
        return lessons_from(repo.shared_reviews(conn, team_id))


def lessons_from(shared: list[tuple[Review, str | None]]) -> list[SharedLesson]:
    """The share rules applied to the store's shared reviews, in the team's order."""
    lessons = [shared_view(review, author) for review, author in shared]
    return order_for_team([lesson for lesson in lessons if lesson])


def reviewable_leads(engine: Engine, team_id: int) -> list[Lead]:
    """The team's leads to review, closed ones first."""
    with read(engine) as conn:
        found = lead_repo.list_leads(conn, team_id)
    return sorted(found, key=lambda lead: lead.status not in CLOSED)


def lost_deals(engine: Engine, team_id: int) -> list[dict]:
    with read(engine) as conn:
        return repo.lost_crm_deals(conn, team_id)


def answers_from_lead(engine: Engine, team_id: int, lead_id: int | None, lang: str) -> dict:
    """What a picked lead fills in: label, value, stage, day lost and its log as timeline."""
    with read(engine) as conn:
        lead = lead_repo.get_lead(conn, team_id, lead_id) if lead_id else None
        events = lead_repo.events_for_lead(conn, team_id, lead_id) if lead else []
    if lead is None:
        return {}
    return {
        "deal_label": " · ".join(part for part in (lead.company, lead.topic) if part),
        "deal_value": str(lead.value_eur) if lead.value_eur is not None else "",
        "stage_at_silence": lead.stage,
        "lost_on": lead.closed_at.date().isoformat() if lead.closed_at else None,
        "timeline": lead_log.as_text(events, lang),
    }


def answers_from_deal(engine: Engine, team_id: int, deal_id: int | None) -> dict:
    """What a picked CRM deal fills in: label, value and the day it was lost."""
    with read(engine) as conn:
        deal = repo.crm_deal(conn, team_id, deal_id) if deal_id else None
    if deal is None:
        return {}
    return {
        "deal_label": " · ".join(part for part in (deal["organisation"], deal["name"]) if part),
        "deal_value": str(deal["amount"]) if deal["amount"] is not None else "",
        "lost_on": deal["close_date"].isoformat() if deal["close_date"] else None,
    }
