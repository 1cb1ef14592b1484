"""All sources as one tidy frame of observations, one row per lost or silent deal.

Shared reviews, closed leads and imported CRM deals; no private data is read: reviews only when
shared, the author only when shared by name, never the private check-in."""

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from coaching.pipeline import STAGES
from coaching.reason_words import (
    UNASSIGNED,
    reason_roots,
)
from coaching.store.insights import Sources, normalise_label

PERIODS = ("last_quarter", "last_12_months", "last_24_months", "all")
SOURCES = ("both", "reviews", "crm")
BANDS = ("all", "small", "medium", "large")
BAND_LIMITS = {"small": (0, 5_000), "medium": (5_000, 25_000), "large": (25_000, float("inf"))}
SILENCE_STAGES = (*STAGES, "crisis_talk")
STAGE_OF_SILENCE = {
    "after_first_contact": "first_contact",
    "after_offer": "offer_sent",
    "after_handshake": "handshake",
    "during_crisis_talk": "crisis_talk",
}
DAY_BANDS = (("d7", 0, 7), ("d14", 8, 14), ("d30", 15, 30), ("d60", 31, 60), ("d90", 61, 90))
OUTCOMES = ("kept", "paused", "reduced", "cancelled")
SMALL = 20  # fewer cases than this: the page says the figures are small
CHARTS = (
    "reasons_count",
    "reasons_value",
    "root_reasons",
    "reasons_trend",
    "silence_stage",
    "days_to_silence",
    "hours_invested",
    "missed_signals",
    "ghosts_returned",
    "conversation_outcomes",
)
OBSERVATION_COLUMNS = [
    "source",
    "person",
    "day",
    "reason",
    "root",
    "value",
    "stage",
    "days_to_silence",
    "hours",
    "signals",
]


@dataclass(frozen=True)
class Filters:
    period: str = "last_12_months"
    source: str = "both"
    band: str = "all"


@dataclass(frozen=True)
class Insights:
    """Everything the charts count, for one team at one data version (cacheable, no names)."""

    observations: pd.DataFrame
    ghosts: pd.DataFrame  # one row per lead that went silent: person, day, value, returned
    conversations: pd.DataFrame  # person, day, outcome

    @property
    def empty(self) -> bool:
        return self.observations.empty and self.ghosts.empty and self.conversations.empty

    @property
    def cases(self) -> int:
        return len(self.observations) + len(self.ghosts) + len(self.conversations)


@dataclass(frozen=True)
class View:
    """The filtered insights; withheld when they would single out fewer people than allowed."""

    insights: Insights
    filters: Filters
    start: date | None
    end: date
    people: int
    withheld: bool

    @property
    def empty(self) -> bool:
        return self.insights.empty

    @property
    def small(self) -> bool:
        return 0 < self.insights.cases < SMALL


# --- building the observations ---------------------------------------------------------------


def build(sources: Sources) -> Insights:
    """One tidy frame from every source; a lead or deal with a shared review counts once."""
    reviewed_leads = set(sources.reviews["lead_id"].dropna()) if len(sources.reviews) else set()
    reviewed_deals = set(sources.reviews["deal_id"].dropna()) if len(sources.reviews) else set()
    parts = [
        _from_reviews(sources.reviews),
        _from_leads(sources.closed_leads, reviewed_leads),
        _from_deals(sources.deals, sources.mappings, sources.members, reviewed_deals),
    ]
    parts = [p for p in parts if len(p)]
    observations = (
        pd.concat(parts, ignore_index=True) if parts else empty_frame(OBSERVATION_COLUMNS)
    ).astype({"value": float, "days_to_silence": float, "hours": float})
    observations["day"] = pd.to_datetime(observations["day"])
    return Insights(
        observations=observations,
        ghosts=_ghosts(sources.closed_leads, sources.reopened),
        conversations=_conversations(sources.conversations),
    )


def _from_reviews(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return empty_frame(OBSERVATION_COLUMNS)
    roots = reason_roots()
    day = frame["lost_on"].where(frame["lost_on"].notna(), frame["created_at"])
    return pd.DataFrame(
        {
            "source": "review",
            "person": [_person("u", p) for p in frame["person"]],
            "day": pd.to_datetime(day).dt.normalize(),
            "reason": frame["main_reason"],
            "root": [
                roots.get(r, c)
                for r, c in zip(frame["main_reason"], frame["root_category"], strict=True)
            ],
            "value": pd.to_numeric(frame["deal_value"], errors="coerce"),
            "stage": frame["stage_at_silence"],
            "days_to_silence": np.nan,
            "hours": pd.to_numeric(frame["hours_invested"], errors="coerce"),
            "signals": [tuple(_json_list(s)) for s in frame["missed_signals"]],
        }
    )


def _from_leads(frame: pd.DataFrame, reviewed: set) -> pd.DataFrame:
    if frame.empty:
        return empty_frame(OBSERVATION_COLUMNS)
    closed = frame[frame["status"].isin(("ghosted", "lost"))].drop_duplicates("id", keep="last")
    closed = closed[~closed["id"].isin(reviewed)]
    if closed.empty:
        return empty_frame(OBSERVATION_COLUMNS)
    roots = reason_roots()
    reasons = [r if r in roots else UNASSIGNED for r in closed["reason"]]
    closed_day = pd.to_datetime(closed["at"]).dt.normalize()
    silent_day = pd.to_datetime(closed["last_customer_message"], errors="coerce")
    silent_day = silent_day.where(silent_day.notna(), closed_day)
    offer = pd.to_datetime(closed["offer_date"], errors="coerce")
    days = (silent_day - offer).dt.days
    return pd.DataFrame(
        {
            "source": "lead",
            "person": [_person("u", p) for p in closed["person"]],
            "day": closed_day,
            "reason": reasons,
            "root": [roots.get(r, UNASSIGNED) for r in reasons],
            "value": pd.to_numeric(closed["value_eur"], errors="coerce"),
            "stage": [STAGE_OF_SILENCE.get(s) for s in closed["silence_began"]],
            "days_to_silence": days.where(days >= 0),
            "hours": np.nan,
            "signals": [()] * len(closed),
        }
    )


def _from_deals(
    frame: pd.DataFrame, mappings: dict[str, str], members: dict[str, int], reviewed: set
) -> pd.DataFrame:
    if frame.empty:
        return empty_frame(OBSERVATION_COLUMNS)
    deals = frame[~frame["id"].isin(reviewed)] if reviewed else frame
    roots = reason_roots()
    labels = {
        raw: mappings.get(normalise_label(raw), UNASSIGNED) for raw in deals["lost_reason"].unique()
    }
    reasons = deals["lost_reason"].map(labels).fillna(UNASSIGNED)
    reasons = reasons.where(reasons.isin(list(roots)), UNASSIGNED)
    owners = {owner: _crm_person(owner, members) for owner in deals["person"].unique()}
    day = pd.to_datetime(deals["close_date"]).where(
        deals["close_date"].notna(), pd.to_datetime(deals["imported_at"]).dt.normalize()
    )
    return pd.DataFrame(
        {
            "source": "crm",
            "person": deals["person"].map(owners),
            "day": day,
            "reason": reasons,
            "root": reasons.map(roots).fillna(UNASSIGNED),
            "value": pd.to_numeric(deals["amount"], errors="coerce"),
            "stage": None,
            "days_to_silence": np.nan,
            "hours": np.nan,
            "signals": [()] * len(deals),
        }
    )


def _ghosts(closed: pd.DataFrame, reopened: pd.DataFrame) -> pd.DataFrame:
    columns = ["person", "day", "value", "returned"]
    if closed.empty:
        return empty_frame(columns).assign(day=pd.to_datetime([]))
    ghosted = closed[closed["closed_as"] == "ghosted"].drop_duplicates("id", keep="first")
    if ghosted.empty:
        return empty_frame(columns).assign(day=pd.to_datetime([]))
    went_silent = pd.to_datetime(ghosted["at"])
    comebacks = reopened.groupby("lead_id")["at"].max() if len(reopened) else pd.Series()
    last_return = pd.to_datetime(ghosted["id"].map(comebacks))
    return pd.DataFrame(
        {
            "person": [_person("u", p) for p in ghosted["person"]],
            "day": went_silent.dt.normalize(),
            "value": pd.to_numeric(ghosted["value_eur"], errors="coerce").astype(float),
            "returned": (last_return > went_silent).to_numpy(),
        }
    ).reset_index(drop=True)


def _conversations(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return empty_frame(["person", "day", "outcome"]).assign(day=pd.to_datetime([]))
    return pd.DataFrame(
        {
            "person": [_person("u", p) for p in frame["person"]],
            "day": pd.to_datetime(frame["held_on"]),
            "outcome": frame["outcome"],
        }
    ).reset_index(drop=True)


def _person(prefix: str, value) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    if isinstance(value, float):
        value = int(value)
    return f"{prefix}{value}"


def _crm_person(owner, members: dict[str, int]) -> str | None:
    """A CRM owner is the team member of that name if there is one, else a person of their own."""
    name = normalise_label(owner)
    if name in members:
        return f"u{members[name]}"
    return f"crm:{name}" if name else None


def _json_list(text) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except (TypeError, ValueError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: [] for column in columns})
