"""One frame per chart, keys not words."""

from datetime import date

import pandas as pd

from coaching.content import catalog
from coaching.insights.observations import DAY_BANDS, OUTCOMES, SILENCE_STAGES, empty_frame
from coaching.reason_words import (
    reason_order,
)

# --- aggregations: one frame per chart, keys not words ---------------------------------------


def reason_totals(obs: pd.DataFrame) -> pd.DataFrame:
    """Cases and lost value per reason, most frequent first (ties in taxonomy order)."""
    if obs.empty:
        return empty_frame(["reason", "count", "share", "value", "value_share"])
    grouped = obs.groupby("reason").agg(count=("reason", "size"), value=("value", "sum"))
    grouped = grouped.reset_index()
    grouped["share"] = grouped["count"] / grouped["count"].sum()
    total_value = grouped["value"].sum()
    grouped["value_share"] = grouped["value"] / total_value if total_value else 0.0
    grouped["order"] = grouped["reason"].map(reason_order())
    grouped = grouped.sort_values(["count", "order"], ascending=[False, True])
    return grouped[["reason", "count", "share", "value", "value_share"]].reset_index(drop=True)


def root_breakdown(obs: pd.DataFrame) -> pd.DataFrame:
    """Cases per root category and reason, for the sunburst."""
    if obs.empty:
        return empty_frame(["root", "reason", "count"])
    grouped = obs.groupby(["root", "reason"]).size().rename("count").reset_index()
    return grouped.sort_values("count", ascending=False).reset_index(drop=True)


def reasons_by_quarter(obs: pd.DataFrame, start: date | None, end: date) -> pd.DataFrame:
    """Cases per quarter and reason; quarters without any case stay in, with zeros."""
    if obs.empty:
        return empty_frame(["quarter", "reason", "count", "share"])
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
        return empty_frame(["stage", "count", "share"])
    counts = known.value_counts().reindex(SILENCE_STAGES, fill_value=0)
    frame = counts.rename("count").rename_axis("stage").reset_index()
    frame["share"] = frame["count"] / frame["count"].sum()
    return frame


def days_to_silence(obs: pd.DataFrame) -> pd.DataFrame:
    """Days from the offer to the customer's last message, in bands (median as attribute)."""
    days = obs["days_to_silence"].dropna() if len(obs) else pd.Series(dtype=float)
    if days.empty:
        return empty_frame(["band", "count"])
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
        return empty_frame(["reason", "deals", "hours"])
    grouped = known.groupby("reason").agg(deals=("hours", "size"), hours=("hours", "sum"))
    grouped = grouped.reset_index()
    grouped["order"] = grouped["reason"].map(reason_order())
    grouped = grouped.sort_values(["hours", "order"], ascending=[False, True])
    return grouped[["reason", "deals", "hours"]].reset_index(drop=True)


def missed_signals(obs: pd.DataFrame) -> pd.DataFrame:
    """Warning signals reviews said were missed; share = of the reviews in view."""
    reviewed = obs[obs["source"] == "review"] if len(obs) else obs
    exploded = reviewed["signals"].explode().dropna() if len(reviewed) else pd.Series()
    if exploded.empty:
        return empty_frame(["signal", "count", "share"])
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
        return empty_frame(["quarter", "ghosted", "returned"])
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
        return empty_frame(["outcome", "count", "share"])
    counts = talks["outcome"].value_counts().reindex(OUTCOMES, fill_value=0)
    frame = counts.rename("count").rename_axis("outcome").reset_index()
    frame["share"] = frame["count"] / frame["count"].sum()
    return frame


def by_value(totals: pd.DataFrame) -> pd.DataFrame:
    valued = totals[totals["value"] > 0]
    return valued.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
