"""Gründe & Trends: why the team's deals went silent or were lost, told in numbers and one sentence.

All sources become one tidy frame of observations (one row per lost or silent deal):
shared reviews, closed leads and imported CRM deals. Filters narrow it; aggregations count it;
each chart gets a takeaway sentence in the person's language. No private data is read: reviews
only when shared, the author only when shared by name, never the private check-in.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from coaching import formatting as fmt
from coaching.attention import Attention
from coaching.content import LANGUAGES, catalog
from coaching.memo import per_data_version
from coaching.morale import effective_min_group
from coaching.pipeline import STAGES
from coaching.store import insights as repo
from coaching.store import read, write
from coaching.store.accounts import User
from coaching.store.insights import Sources, confirm_mapping, normalise_label, unmapped_labels

UNASSIGNED = "_unassigned"
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
        pd.concat(parts, ignore_index=True) if parts else _empty(OBSERVATION_COLUMNS)
    ).astype({"value": float, "days_to_silence": float, "hours": float})
    observations["day"] = pd.to_datetime(observations["day"])
    return Insights(
        observations=observations,
        ghosts=_ghosts(sources.closed_leads, sources.reopened),
        conversations=_conversations(sources.conversations),
    )


def _from_reviews(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return _empty(OBSERVATION_COLUMNS)
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
        return _empty(OBSERVATION_COLUMNS)
    closed = frame[frame["status"].isin(("ghosted", "lost"))].drop_duplicates("id", keep="last")
    closed = closed[~closed["id"].isin(reviewed)]
    if closed.empty:
        return _empty(OBSERVATION_COLUMNS)
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
        return _empty(OBSERVATION_COLUMNS)
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
        return _empty(columns).assign(day=pd.to_datetime([]))
    ghosted = closed[closed["closed_as"] == "ghosted"].drop_duplicates("id", keep="first")
    if ghosted.empty:
        return _empty(columns).assign(day=pd.to_datetime([]))
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
        return _empty(["person", "day", "outcome"]).assign(day=pd.to_datetime([]))
    return pd.DataFrame(
        {
            "person": [_person("u", p) for p in frame["person"]],
            "day": pd.to_datetime(frame["held_on"]),
            "outcome": frame["outcome"],
        }
    ).reset_index(drop=True)


# --- mapping a CRM's own words to the taxonomy ----------------------------------------------


def suggest_reason(raw: str | None) -> str | None:
    """The reason whose keywords (German and English) best match a CRM label: longest match wins."""
    label = normalise_label(raw)
    if not label:
        return None
    best, best_length = None, 0
    for key, keywords in _keywords().items():
        for keyword in keywords:
            if len(keyword) > best_length and _contains(label, keyword):
                best, best_length = key, len(keyword)
    return best


def save_mappings(engine, user: User, chosen: dict[str, str | None]) -> int:
    """A manager's confirmed mappings, all in one transaction; returns how many were stored."""
    if not user.is_manager:
        raise PermissionError("only managers map CRM reasons")
    picked = {label: reason for label, reason in chosen.items() if reason}
    unknown = set(picked.values()) - set(reason_keys())
    if unknown:
        raise ValueError(f"unknown reason keys: {sorted(unknown)}")
    with write(engine) as conn:
        for label, reason in picked.items():
            confirm_mapping(conn, user.team_id, label, reason, user.id)
    return len(picked)


def unmapped_attention(engine, user: User) -> list[Attention]:
    """For the start page: managers see how many CRM lost-reason labels wait for a mapping."""
    if not user.is_manager:
        return []
    waiting = len(open_labels(engine, user.team_id))
    return [Attention("insights.attention_unmapped", waiting, "pages/reasons.py")]


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


@per_data_version
def open_labels(engine, team_id: int) -> list[tuple[str, int]]:
    """The CRM labels waiting for a mapping, with their counts. Kept per data version (imports
    and mappings bump it): it groups all of the team's deals. Callers only read the list."""
    with read(engine) as conn:
        return unmapped_labels(conn, team_id)


def label_key(raw: str) -> str:
    """A stable widget key for a CRM label, so a choice never sticks to another label."""
    return "reasons_map_" + hashlib.sha256(normalise_label(raw).encode()).hexdigest()[:10]


def _keywords() -> dict[str, list[str]]:
    """Each reason's keywords from every language, in taxonomy order."""
    merged: dict[str, list[str]] = {key: [] for key in reason_keys()}
    for lang in LANGUAGES:
        for key, reason in catalog(lang).doc("reasons").reasons.items():
            merged.setdefault(key, []).extend(normalise_label(k) for k in reason.keywords)
    return merged


def _contains(label: str, keyword: str) -> bool:
    """Keyword at a word start, so 'preis' matches 'Preis zu hoch' but not 'Kaufpreisliste'."""
    return re.search(r"(?<!\w)" + re.escape(keyword), label) is not None


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


# --- aggregations: one frame per chart, keys not words ---------------------------------------


def reason_totals(obs: pd.DataFrame) -> pd.DataFrame:
    """Cases and lost value per reason, most frequent first (ties in taxonomy order)."""
    if obs.empty:
        return _empty(["reason", "count", "share", "value", "value_share"])
    grouped = obs.groupby("reason").agg(count=("reason", "size"), value=("value", "sum"))
    grouped = grouped.reset_index()
    grouped["share"] = grouped["count"] / grouped["count"].sum()
    total_value = grouped["value"].sum()
    grouped["value_share"] = grouped["value"] / total_value if total_value else 0.0
    grouped["order"] = grouped["reason"].map(_reason_order())
    grouped = grouped.sort_values(["count", "order"], ascending=[False, True])
    return grouped[["reason", "count", "share", "value", "value_share"]].reset_index(drop=True)


def root_breakdown(obs: pd.DataFrame) -> pd.DataFrame:
    """Cases per root category and reason, for the sunburst."""
    if obs.empty:
        return _empty(["root", "reason", "count"])
    grouped = obs.groupby(["root", "reason"]).size().rename("count").reset_index()
    return grouped.sort_values("count", ascending=False).reset_index(drop=True)


def reasons_by_quarter(obs: pd.DataFrame, start: date | None, end: date) -> pd.DataFrame:
    """Cases per quarter and reason; quarters without any case stay in, with zeros."""
    if obs.empty:
        return _empty(["quarter", "reason", "count", "share"])
    first = pd.Timestamp(start) if start else obs["day"].min()
    quarters = pd.period_range(first, pd.Timestamp(end), freq="Q")
    table = pd.crosstab(obs["day"].dt.to_period("Q"), obs["reason"]).reindex(quarters, fill_value=0)
    table.index.name = "quarter"
    long = table.reset_index().melt(id_vars="quarter", var_name="reason", value_name="count")
    totals = long.groupby("quarter")["count"].transform("sum")
    long["share"] = (long["count"] / totals.where(totals > 0)).fillna(0.0)
    long["quarter"] = long["quarter"].dt.start_time.dt.date
    return long.sort_values(["quarter", "reason"]).reset_index(drop=True)


def silence_stages(obs: pd.DataFrame) -> pd.DataFrame:
    """In which pipeline stage deals went silent, in pipeline order."""
    known = obs["stage"].dropna() if len(obs) else pd.Series(dtype=object)
    known = known[known.isin(SILENCE_STAGES)]
    if known.empty:
        return _empty(["stage", "count", "share"])
    counts = known.value_counts().reindex(SILENCE_STAGES, fill_value=0)
    frame = counts.rename("count").rename_axis("stage").reset_index()
    frame["share"] = frame["count"] / frame["count"].sum()
    return frame


def days_to_silence(obs: pd.DataFrame) -> pd.DataFrame:
    """Days from the offer to the customer's last message, in bands (median as attribute)."""
    days = obs["days_to_silence"].dropna() if len(obs) else pd.Series(dtype=float)
    if days.empty:
        return _empty(["band", "count"])
    keys = [key for key, _, _ in DAY_BANDS] + ["more"]
    bins = [-0.5] + [high + 0.5 for _, _, high in DAY_BANDS] + [float("inf")]
    bands = pd.cut(days, bins=bins, labels=keys)
    frame = bands.value_counts().reindex(keys, fill_value=0).rename("count")
    frame = frame.rename_axis("band").reset_index()
    frame["band"] = frame["band"].astype(str)
    frame.attrs["median"] = float(days.median())
    return frame


def hours_by_reason(obs: pd.DataFrame) -> pd.DataFrame:
    """Hours invested in deals that then went silent, per reason, most hours first."""
    known = obs[obs["hours"].notna()] if len(obs) else obs
    if known.empty:
        return _empty(["reason", "deals", "hours"])
    grouped = known.groupby("reason").agg(deals=("hours", "size"), hours=("hours", "sum"))
    grouped = grouped.reset_index()
    grouped["order"] = grouped["reason"].map(_reason_order())
    grouped = grouped.sort_values(["hours", "order"], ascending=[False, True])
    return grouped[["reason", "deals", "hours"]].reset_index(drop=True)


def missed_signals(obs: pd.DataFrame) -> pd.DataFrame:
    """Warning signals reviews said were missed; share = of the reviews in view."""
    reviewed = obs[obs["source"] == "review"] if len(obs) else obs
    exploded = reviewed["signals"].explode().dropna() if len(reviewed) else pd.Series()
    if exploded.empty:
        return _empty(["signal", "count", "share"])
    frame = exploded.value_counts().rename("count").rename_axis("signal").reset_index()
    frame["share"] = frame["count"] / len(reviewed)
    order = {key: i for i, key in enumerate(catalog("de").doc("signals").signals)}
    frame["order"] = frame["signal"].map(order).fillna(len(order))
    frame = frame.sort_values(["count", "order"], ascending=[False, True])
    return frame[["signal", "count", "share"]].reset_index(drop=True)


def ghosts_by_quarter(
    ghosts: pd.DataFrame, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Leads that went silent per quarter, and how many came back later; empty quarters stay in."""
    if ghosts.empty:
        return _empty(["quarter", "ghosted", "returned"])
    quarter = ghosts["day"].dt.to_period("Q")
    frame = ghosts.groupby(quarter).agg(ghosted=("returned", "size"), returned=("returned", "sum"))
    first = pd.Timestamp(start) if start else ghosts["day"].min()
    last = pd.Timestamp(end) if end else ghosts["day"].max()
    frame = frame.reindex(pd.period_range(first, last, freq="Q"), fill_value=0)
    frame.index.name = "quarter"
    frame = frame.reset_index()
    frame["quarter"] = frame["quarter"].dt.start_time.dt.date
    frame["returned"] = frame["returned"].astype(int)
    frame["ghosted"] = frame["ghosted"].astype(int)
    return frame


def conversation_outcomes(talks: pd.DataFrame) -> pd.DataFrame:
    """How crisis conversations ended: kept, paused, reduced or cancelled."""
    if talks.empty:
        return _empty(["outcome", "count", "share"])
    counts = talks["outcome"].value_counts().reindex(OUTCOMES, fill_value=0)
    frame = counts.rename("count").rename_axis("outcome").reset_index()
    frame["share"] = frame["count"] / frame["count"].sum()
    return frame


AGGREGATIONS = {
    "reasons_count": lambda v: reason_totals(v.insights.observations),
    "reasons_value": lambda v: _by_value(reason_totals(v.insights.observations)),
    "root_reasons": lambda v: root_breakdown(v.insights.observations),
    "reasons_trend": lambda v: reasons_by_quarter(v.insights.observations, v.start, v.end),
    "silence_stage": lambda v: silence_stages(v.insights.observations),
    "days_to_silence": lambda v: days_to_silence(v.insights.observations),
    "hours_invested": lambda v: hours_by_reason(v.insights.observations),
    "missed_signals": lambda v: missed_signals(v.insights.observations),
    "ghosts_returned": lambda v: ghosts_by_quarter(v.insights.ghosts, v.start, v.end),
    "conversation_outcomes": lambda v: conversation_outcomes(v.insights.conversations),
}


def aggregate(chart: str, view: View) -> pd.DataFrame:
    return AGGREGATIONS[chart](view)


@dataclass(frozen=True)
class Panel:
    """One chart's data and takeaway; empty when the selection holds nothing for it."""

    chart: str
    frame: pd.DataFrame
    takeaway: str
    empty: bool


def panels(view: View, lang: str) -> list[Panel]:
    """Every chart of the page in order, aggregated and told in one sentence each."""
    result = []
    for chart in CHARTS:
        frame = aggregate(chart, view)
        result.append(
            Panel(chart, frame, takeaway(chart, frame, view, lang), is_empty(chart, frame))
        )
    return result


def is_empty(chart: str, frame: pd.DataFrame) -> bool:
    return frame.empty or _total(chart, frame) == 0


def _by_value(totals: pd.DataFrame) -> pd.DataFrame:
    valued = totals[totals["value"] > 0]
    return valued.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)


# --- takeaway sentences ----------------------------------------------------------------------


def takeaway(chart: str, frame: pd.DataFrame, view: View, lang: str) -> str:
    """One sentence that says what the chart shows, in the person's language."""
    if is_empty(chart, frame):
        return catalog(lang).text("insights.takeaway.empty")
    return _TAKEAWAYS[chart](frame, view, lang)


def period_phrase(view: View, lang: str) -> str:
    cat = catalog(lang)
    if view.filters.period == "last_quarter" and view.start:
        return cat.text(
            "insights.period_phrase.last_quarter", quarter=fmt.quarter(view.start, lang)
        )
    return cat.text(f"insights.period_phrase.{view.filters.period}")


def _leading(frame: pd.DataFrame, column: str, key: str, name, lang: str):
    """Names of the top row(s), the first top row, and whether several tie for the top.

    "Not mapped" is never named as the leading reason while known reasons exist.
    """
    known = frame[frame[key] != UNASSIGNED]
    candidates = known if len(known) and known[column].max() > 0 else frame
    top = candidates[column].max()
    leaders = candidates[np.isclose(candidates[column], top)]
    if key in ("reason", "root"):
        order = _reason_order() if key == "reason" else _root_order()
        leaders = leaders.sort_values(key, key=lambda keys: keys.map(order))
    words = join_words([name(k, lang) for k in leaders[key]], lang)
    return words, leaders.iloc[0], len(leaders) > 1


def _reasons_count(frame, view, lang):
    words, row, tie = _leading(frame, "count", "reason", reason_label, lang)
    key = "insights.takeaway.reasons_count_tie" if tie else "insights.takeaway.reasons_count"
    share = fmt.percent(row["share"], lang)
    return catalog(lang).text(key, period=period_phrase(view, lang), reason=words, share=share)


def _reasons_value(frame, view, lang):
    words, row, tie = _leading(frame, "value", "reason", reason_label, lang)
    key = "insights.takeaway.reasons_value_tie" if tie else "insights.takeaway.reasons_value"
    return catalog(lang).text(
        key,
        period=period_phrase(view, lang),
        reason=words,
        value=fmt.money(row["value"], lang),
        share=fmt.percent(row["value_share"], lang),
    )


def _root_reasons(frame, view, lang):
    roots = frame.groupby("root")["count"].sum().reset_index()
    roots["share"] = roots["count"] / roots["count"].sum()
    words, row, tie = _leading(roots, "count", "root", root_label, lang)
    key = "insights.takeaway.root_tie" if tie else "insights.takeaway.root"
    share = fmt.percent(row["share"], lang)
    return catalog(lang).text(key, period=period_phrase(view, lang), root=words, share=share)


def _reasons_trend(frame, view, lang):
    latest = frame["quarter"].max()
    last = frame[frame["quarter"] == latest]
    quarter = fmt.quarter(latest, lang)
    if last["count"].sum() == 0:
        return catalog(lang).text("insights.takeaway.trend_empty_quarter", quarter=quarter)
    words, row, tie = _leading(last, "count", "reason", reason_label, lang)
    key = "insights.takeaway.trend_tie" if tie else "insights.takeaway.trend"
    share = fmt.percent(row["share"], lang)
    return catalog(lang).text(key, quarter=quarter, reason=words, share=share)


def _silence_stage(frame, view, lang):
    words, row, tie = _leading(frame, "count", "stage", stage_label, lang)
    key = "insights.takeaway.stage_tie" if tie else "insights.takeaway.stage"
    return catalog(lang).text(key, stage=words, share=fmt.percent(row["share"], lang))


def _days_to_silence(frame, view, lang):
    return catalog(lang).text(
        "insights.takeaway.days",
        days=fmt.number(frame.attrs.get("median", 0), lang),
        count=fmt.number(frame["count"].sum(), lang),
    )


def _hours_invested(frame, view, lang):
    words, row, _ = _leading(frame, "hours", "reason", reason_label, lang)
    return catalog(lang).text(
        "insights.takeaway.hours",
        hours=fmt.number(frame["hours"].sum(), lang),
        deals=fmt.number(frame["deals"].sum(), lang),
        reason=words,
        top=fmt.number(row["hours"], lang),
    )


def _missed_signals(frame, view, lang):
    words, row, tie = _leading(frame, "count", "signal", signal_label, lang)
    key = "insights.takeaway.signals_tie" if tie else "insights.takeaway.signals"
    return catalog(lang).text(key, signal=words, share=fmt.percent(row["share"], lang))


def _ghosts_returned(frame, view, lang):
    ghosted, returned = int(frame["ghosted"].sum()), int(frame["returned"].sum())
    return catalog(lang).text(
        "insights.takeaway.ghosts",
        returned=fmt.number(returned, lang),
        ghosted=fmt.number(ghosted, lang),
        share=fmt.percent(returned / ghosted, lang),
    )


def _conversation_outcomes(frame, view, lang):
    counts = dict(zip(frame["outcome"], frame["count"], strict=True))
    total = int(frame["count"].sum())
    return catalog(lang).text(
        "insights.takeaway.conversations",
        kept=fmt.number(counts.get("kept", 0), lang),
        total=fmt.number(total, lang),
        share=fmt.percent(counts.get("kept", 0) / total, lang),
    )


_TAKEAWAYS = {
    "reasons_count": _reasons_count,
    "reasons_value": _reasons_value,
    "root_reasons": _root_reasons,
    "reasons_trend": _reasons_trend,
    "silence_stage": _silence_stage,
    "days_to_silence": _days_to_silence,
    "hours_invested": _hours_invested,
    "missed_signals": _missed_signals,
    "ghosts_returned": _ghosts_returned,
    "conversation_outcomes": _conversation_outcomes,
}
_TOTALS = {
    "reasons_value": "value",
    "hours_invested": "hours",
    "ghosts_returned": "ghosted",
}


def _total(chart: str, frame: pd.DataFrame) -> float:
    return float(frame[_TOTALS.get(chart, "count")].sum())


# --- words and order from content ------------------------------------------------------------


def reason_keys() -> list[str]:
    """The taxonomy order: it fixes each reason's colour in every chart."""
    return list(catalog("de").doc("reasons").reasons)


def reason_roots() -> dict[str, str]:
    return {key: r.root for key, r in catalog("de").doc("reasons").reasons.items()}


def reason_label(key: str, lang: str) -> str:
    cat = catalog(lang)
    found = cat.doc("reasons").reasons.get(key)
    return found.label if found else cat.text("insights.unassigned")


def root_label(key: str, lang: str) -> str:
    cat = catalog(lang)
    found = cat.doc("reasons").root_categories.get(key)
    return found.label if found else cat.text("insights.unassigned")


def stage_label(key: str, lang: str) -> str:
    if key == "crisis_talk":
        return catalog(lang).text("insights.stage_crisis_talk")
    return catalog(lang).text(f"pipeline.stage.{key}")


def signal_label(key: str, lang: str) -> str:
    found = catalog(lang).doc("signals").signals.get(key)
    return found.label if found else key


def join_words(words: list[str], lang: str) -> str:
    """'A, B und C' / 'A, B and C'."""
    if len(words) <= 1:
        return "".join(words)
    last = catalog(lang).text("insights.and")
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def _reason_order() -> dict[str, int]:
    order = {key: i for i, key in enumerate(reason_keys())}
    order[UNASSIGNED] = len(order)
    return order


def _root_order() -> dict[str, int]:
    order = {key: i for i, key in enumerate(catalog("de").doc("reasons").root_categories)}
    order[UNASSIGNED] = len(order)
    return order


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


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: [] for column in columns})
