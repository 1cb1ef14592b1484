"""Filters and the group-size rule: which observations a view shows, or why it withholds them."""

from datetime import date, timedelta

import pandas as pd

from coaching.insights.observations import BAND_LIMITS, Filters, Insights, View, build
from coaching.memo import per_data_version
from coaching.morale import effective_min_group
from coaching.store import insights as repo
from coaching.store import read


@per_data_version
def team_insights(engine, team_id: int) -> "Insights":
    """All observations of a team at one data version: shared by the team, no private data.
    Callers only read them."""
    with read(engine) as conn:
        return build(repo.load_sources(conn, team_id))


def min_group(engine, team_id: int) -> int:
    """The smallest group the team's aggregates may show (the team's setting, never below 3)."""
    with read(engine) as conn:
        return effective_min_group(repo.min_group_size(conn, team_id))


# --- filters and the group-size rule ---------------------------------------------------------


def period_range(period: str, today: date) -> tuple[date | None, date]:
    """First and last day of a period; the last quarter is the last complete calendar quarter."""
    if period == "last_quarter":
        this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = this_quarter - timedelta(days=1)
        return date(end.year, end.month - 2, 1), end
    if period == "last_12_months":
        return today - timedelta(days=365), today
    if period == "last_24_months":
        return today - timedelta(days=730), today
    return None, today


def select(insights: Insights, filters: Filters, today: date, min_group_size: int) -> View:
    """Narrow to the filters; withheld when the cases come from fewer people than allowed."""
    start, end = period_range(filters.period, today)
    obs = _in_period(insights.observations, start, end)
    ghosts = _in_period(insights.ghosts, start, end)
    talks = _in_period(insights.conversations, start, end)
    if filters.source == "crm":
        obs = obs[obs["source"] == "crm"]
        ghosts, talks = ghosts.iloc[0:0], talks.iloc[0:0]
    elif filters.source == "reviews":
        obs = obs[obs["source"] != "crm"]
    if filters.band != "all":
        low, high = BAND_LIMITS[filters.band]
        obs = obs[(obs["value"] >= low) & (obs["value"] < high)]
        ghosts = ghosts[(ghosts["value"] >= low) & (ghosts["value"] < high)]
        talks = talks.iloc[0:0]  # conversations carry no deal size
    people = distinct_people(obs, ghosts, talks)
    narrowed = Insights(obs, ghosts, talks)
    withheld = 0 < people < effective_min_group(min_group_size)
    return View(narrowed, filters, start, end, people, withheld)


def distinct_people(*frames: pd.DataFrame) -> int:
    """People one could single out: named reviewers, lead owners, CRM owners, talk authors."""
    found: set[str] = set()
    for frame in frames:
        found.update(p for p in frame["person"].dropna().unique() if p)
    return len(found)


def _in_period(frame: pd.DataFrame, start: date | None, end: date) -> pd.DataFrame:
    days = frame["day"]
    mask = days <= pd.Timestamp(end)
    if start is not None:
        mask &= days >= pd.Timestamp(start)
    return frame[mask]
