"""One's own reviews over time and as a handout: recurring reasons, reasons by quarter, export."""

from collections import Counter

from coaching import formatting
from coaching.content import catalog
from coaching.handout import Outline, Section
from coaching.review import TOUCHPOINT_QUESTIONS, period_sort, text_of
from coaching.store.reviews import Review


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
    return sorted(rows, key=lambda row: (period_sort(row["quarter"]), row["reason"]))


def outline(review: Review, lang: str) -> Outline:
    """A review as a handout for its author. The check-in feeling is left out on purpose."""
    words = catalog(lang)
    doc = words.doc("review")
    reasons_doc = words.doc("reasons")
    signals_doc = words.doc("signals")
    q = dict(doc.questions)
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


def _paragraphs(text: object) -> list[str]:
    return [line for line in text_of(text).splitlines() if line.strip()]
