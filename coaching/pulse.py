"""The weekly pulse: answering it, one's own history, and keeping the team's aggregates.

A person's answers and notes are read back only for that person (own_*); everything a manager
sees goes through coaching.morale's disclosure rule.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from coaching import morale, team_figures
from coaching.attention import Attention
from coaching.content import catalog
from coaching.memo import per_data_version
from coaching.morale import MoraleError, Point
from coaching.store import pulse as repo
from coaching.store import read, versions, write
from coaching.store.accounts import User, team_members

NOTE_MAX = 2000


@dataclass(frozen=True)
class Overview:
    min_group: int
    week_points: list[Point]
    month_points: list[Point]
    losses: pd.DataFrame
    hours: team_figures.SilentHours | None
    next_steps: pd.DataFrame
    recent_offers: int
    recent_share: float | None
    planning: pd.DataFrame
    lessons: team_figures.Lessons
    actions: list[str]


def questions(lang: str) -> dict:
    return catalog(lang).doc("pulse").questions


def this_week(engine: Engine, user: User, today: date) -> tuple[dict[str, int], str]:
    """What the person answered for the current week so far, and their note."""
    week = morale.monday(today)
    with read(engine) as conn:
        values = {a.question: a.value for a in repo.own_answers(conn, user.id) if a.week == week}
        note = repo.own_notes(conn, user.id).get(week, "")
    return values, note


def answer(engine: Engine, user: User, values: dict[str, int], note: str, today: date) -> None:
    """Save this week's answers and private note together, or nothing if anything is invalid."""
    known = set(questions("de"))
    if set(values) != known or any(v not in range(1, 6) for v in values.values()):
        raise MoraleError("pulse.invalid_answer")
    if len(note) > NOTE_MAX:
        raise MoraleError("pulse.note_too_long", limit=NOTE_MAX)
    week = morale.monday(today)
    with write(engine) as conn:
        repo.save_answers(conn, user.team_id, user.id, week, values)
        repo.save_note(conn, user.team_id, user.id, week, note)


def own_history(engine: Engine, user: User) -> pd.DataFrame:
    """The person's own weeks: one row per week, a column per question, and the note."""
    with read(engine) as conn:
        answers = repo.own_answers(conn, user.id)
        notes = repo.own_notes(conn, user.id)
    if not answers:
        return pd.DataFrame(columns=["week", *questions("de"), "note"])
    frame = pd.DataFrame([(a.week, a.question, a.value) for a in answers])
    table = frame.pivot_table(index=0, columns=1, values=2, aggfunc="first").reset_index()
    table.columns = ["week", *table.columns[1:]]
    table = table.reindex(columns=["week", *questions("de")])
    table["note"] = [notes.get(week, "") for week in table["week"]]
    return table.sort_values("week", ascending=False)


def privacy_settings(engine: Engine, team_id: int) -> tuple[int, int]:
    with read(engine) as conn:
        return repo.privacy_settings(conn, team_id)


def set_privacy_settings(engine: Engine, manager: User, min_group: int, months: int) -> None:
    if not manager.is_manager:
        raise MoraleError("auth.managers_only")
    morale.check_min_group(min_group)
    morale.check_retention(months)
    with write(engine) as conn:
        repo.set_privacy_settings(conn, manager.team_id, min_group, months)


def maintain(engine: Engine, team_id: int, today: date) -> tuple[int, int]:
    """Freeze the figures of ended weeks and months, then delete raw answers past retention.

    Returns (figures frozen, raw answers deleted). Runs when a manager opens the overview and
    from `python -m coaching pulse purge`; only frozen figures are ever shown.
    """
    with write(engine) as conn:
        min_group, months = repo.privacy_settings(conn, team_id)
        weeks, new_months = morale.close_periods(
            repo.team_answers(conn, team_id),
            min_group,
            repo.frozen(conn, team_id, "week"),
            repo.frozen(conn, team_id, "month"),
            today,
        )
        added = repo.freeze(conn, team_id, "week", weeks)
        added += repo.freeze(conn, team_id, "month", new_months)
        deleted = repo.purge_before(conn, team_id, morale.retention_cutoff(today, months))
        if deleted or added:
            versions.bump(conn, team_id)
    return added, deleted


def team_pulse(engine: Engine, team_id: int, granularity: str) -> list[Point]:
    """The pulse series a manager may see: closed, frozen periods only; hidden ones carry no value.

    A running week or month is never shown: its value would change with each answer, and the
    change would tell that person's answer.
    """
    with read(engine) as conn:
        min_group, _ = repo.privacy_settings(conn, team_id)
        kept = repo.frozen(conn, team_id, granularity)
    return morale.published(kept, min_group)


def pulse_due(engine: Engine, user: User) -> list[Attention]:
    """Start page: this week's pulse, until answered; only in teams big enough to aggregate."""
    with read(engine) as conn:
        if len(team_members(conn, user.team_id)) < morale.ABSOLUTE_MIN_GROUP:
            return []
    values, _ = this_week(engine, user, date.today())
    return [] if values else [Attention("pulse.attention", 1, "pages/pulse.py")]


@per_data_version
def kept_overview(engine: Engine, team_id: int, today: date) -> Overview:
    """overview, kept per data version for the team page's reruns; callers only read it."""
    return overview(engine, team_id, today)


def overview(engine: Engine, team_id: int, today: date) -> Overview:
    """Everything on the manager page, aggregated; no row of it belongs to one person."""
    with read(engine) as conn:
        min_group, _ = repo.privacy_settings(conn, team_id)
        losses = repo.losses(conn, team_id)
        offers = repo.offers(conn, team_id)
        deals = repo.imported_deals(conn, team_id)
        shared = repo.shared_reviews(conn, team_id)
    k = morale.effective_min_group(min_group)
    week_points = team_pulse(engine, team_id, "week")
    steps = [(day, with_step) for day, with_step, _, _ in offers]
    count, share = team_figures.recent_next_step_share(steps, today)
    hours = [(r["author_id"], float(r["hours_invested"])) for r in shared if r["hours_invested"]]
    lesson_rows = [
        (r["author_id"], r["root_category"], r["lesson"], r["share_mode"], r["name"])
        for r in shared
    ]
    cohorts = [(day, value, status) for day, _, value, status in offers] + deals
    return Overview(
        min_group=k,
        week_points=week_points,
        month_points=team_pulse(engine, team_id, "month"),
        losses=team_figures.losses_by_month(losses),
        hours=team_figures.silent_hours(hours, k),
        next_steps=team_figures.next_steps_by_month(steps),
        recent_offers=count,
        recent_share=share,
        planning=team_figures.planning_reliability(cohorts),
        lessons=team_figures.shared_lessons(lesson_rows, k),
        actions=team_figures.suggested_actions(week_points, losses, steps, today),
    )
