"""The team figures beside the pulse: losses, time in silent deals, next steps, planning, lessons.

Pure functions over plain rows; nothing here is per person, and nothing ranks people.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from coaching.morale import Point

LESSON_COMMENTS_MIN_AUTHORS = 5


@dataclass(frozen=True)
class SilentHours:
    total: float
    deals: int


@dataclass(frozen=True)
class Lessons:
    by_root: dict[str, int]  # root category -> shared lessons
    comments: list[tuple[str, str | None]] | None  # (lesson, name or None); None: too few authors
    authors: int


def month(day: date) -> date:
    return day.replace(day=1)


def losses_by_month(losses: list[tuple[date, str]]) -> pd.DataFrame:
    """Lost and ghosted deals per month (leads closed as lost/ghosted, imported deals lost)."""
    frame = pd.DataFrame(losses, columns=["day", "status"])
    if frame.empty:
        return pd.DataFrame(columns=["month", "status", "count"])
    frame["month"] = frame["day"].map(month)
    return frame.groupby(["month", "status"]).size().reset_index(name="count")


def silent_hours(reviews: list[tuple[int | None, float]], min_group: int) -> SilentHours | None:
    """Hours the team put into deals that went silent, from shared reviews of enough authors."""
    authors = {author for author, _ in reviews if author is not None}
    if len(authors) < min_group:
        return None
    return SilentHours(total=float(sum(hours for _, hours in reviews)), deals=len(reviews))


def next_steps_by_month(offers: list[tuple[date, bool]]) -> pd.DataFrame:
    """Per month of sending: offers and the share with an agreed next step (a dated one)."""
    frame = pd.DataFrame(offers, columns=["day", "with_next_step"])
    if frame.empty:
        return pd.DataFrame(columns=["month", "offers", "with_next_step", "share"])
    frame["month"] = frame["day"].map(month)
    grouped = frame.groupby("month").agg(
        offers=("day", "size"), with_next_step=("with_next_step", "sum")
    )
    grouped["share"] = grouped["with_next_step"] / grouped["offers"]
    return grouped.reset_index()


def recent_next_step_share(offers: list[tuple[date, bool]], today: date, days: int = 90):
    """(offers, share with next step) over the last `days` days."""
    recent = [with_step for day, with_step in offers if day > today - timedelta(days=days)]
    return len(recent), (sum(recent) / len(recent) if recent else None)


def planning_reliability(offers: list[tuple[date, float, str]]) -> pd.DataFrame:
    """Per month an offer went out: the value the team counted on, and how much was won.

    Offers still open count as expected but not yet decided; reliability = won / decided value.
    """
    frame = pd.DataFrame(offers, columns=["day", "value", "status"])
    if frame.empty:
        return pd.DataFrame(columns=["month", "expected", "won", "open", "reliability"])
    frame["month"] = frame["day"].map(month)
    frame["won"] = frame["value"].where(frame["status"] == "won", 0.0)
    frame["open"] = frame["value"].where(frame["status"] == "open", 0.0)
    grouped = frame.groupby("month").agg(
        expected=("value", "sum"), won=("won", "sum"), open=("open", "sum")
    )
    decided = grouped["expected"] - grouped["open"]
    grouped["reliability"] = (grouped["won"] / decided).where(decided > 0)
    return grouped.reset_index()


def shared_lessons(
    reviews: list[tuple[int | None, str, str | None, str, str | None]], min_group: int
) -> Lessons:
    """Lessons shared by choice: (author id, root category, lesson, share mode, author name).

    Written comments appear only when at least five people (or the group size, if larger) shared;
    an anonymous lesson never carries a name.
    """
    authors = {author for author, *_ in reviews if author is not None}
    by_root: dict[str, int] = {}
    for _, root, *_ in reviews:
        by_root[root] = by_root.get(root, 0) + 1
    comments = None
    if len(authors) >= max(LESSON_COMMENTS_MIN_AUTHORS, min_group):
        comments = [
            (lesson.strip(), name if mode == "named" else None)
            for _, _, lesson, mode, name in reviews
            if lesson and lesson.strip()
        ]
    return Lessons(by_root=by_root, comments=comments, authors=len(authors))


def suggested_actions(
    week_points: list[Point],
    losses: list[tuple[date, str]],
    offers: list[tuple[date, bool]],
    today: date,
) -> list[str]:
    """Team actions the figures point to (keys of pulse.yaml actions), most pressing first."""
    actions = []
    if _energy_falling(week_points) and _losses_rising(losses, today):
        actions.append("morale_and_losses")
    count, share = recent_next_step_share(offers, today)
    if count >= 3 and share is not None and share < 0.6:
        actions.append("offers_without_next_step")
    support = [p.mean for p in week_points if p.question == "support" and p.shown]
    if support and support[-1] < 3.0:
        actions.append("support_low")
    return actions


def _energy_falling(points: list[Point], window: int = 3, drop: float = 0.3) -> bool:
    shown = [p.mean for p in points if p.question == "energy" and p.shown]
    if len(shown) < 2 * window:
        return False
    recent, earlier = shown[-window:], shown[-2 * window : -window]
    return sum(earlier) / window - sum(recent) / window >= drop


def _losses_rising(losses: list[tuple[date, str]], today: date, weeks: int = 8) -> bool:
    span = timedelta(weeks=weeks)
    recent = sum(1 for day, _ in losses if today - span < day <= today)
    earlier = sum(1 for day, _ in losses if today - 2 * span < day <= today - span)
    return recent > earlier
