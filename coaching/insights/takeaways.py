"""Each chart's takeaway sentence in the person's language; also the chart's text alternative."""

import numpy as np
import pandas as pd

from coaching import formatting as fmt
from coaching.content import catalog
from coaching.insights.observations import View
from coaching.reason_words import (
    UNASSIGNED,
    join_words,
    reason_label,
    reason_order,
    root_label,
    root_order,
    signal_label,
    stage_label,
)


def period_phrase(view: View, lang: str) -> str:
    cat = catalog(lang)
    if view.filters.period == "last_quarter" and view.start:
        return cat.text(
            "insights.period_phrase.last_quarter", quarter=fmt.quarter(view.start, lang)
        )
    return cat.text(f"insights.period_phrase.{view.filters.period}")


def _leading(frame: pd.DataFrame, column: str, key: str, name, lang: str):
    """Names of the top rows, the first of them, and whether several tie for the top.

    "Not mapped" is never named as the leading reason while known reasons exist.
    """
    known = frame[frame[key] != UNASSIGNED]
    candidates = known if len(known) and known[column].max() > 0 else frame
    top = candidates[column].max()
    leaders = candidates[np.isclose(candidates[column], top)]
    if key in ("reason", "root"):
        order = reason_order() if key == "reason" else root_order()
        leaders = leaders.sort_values(key, key=lambda keys: keys.map(order))
    words = join_words([name(k, lang) for k in leaders[key]], lang)
    return words, leaders.iloc[0], len(leaders) > 1


def reasons_count(frame, view, lang):
    words, row, tie = _leading(frame, "count", "reason", reason_label, lang)
    key = "insights.takeaway.reasons_count_tie" if tie else "insights.takeaway.reasons_count"
    share = fmt.percent(row["share"], lang)
    return catalog(lang).text(key, period=period_phrase(view, lang), reason=words, share=share)


def reasons_value(frame, view, lang):
    words, row, tie = _leading(frame, "value", "reason", reason_label, lang)
    key = "insights.takeaway.reasons_value_tie" if tie else "insights.takeaway.reasons_value"
    return catalog(lang).text(
        key,
        period=period_phrase(view, lang),
        reason=words,
        value=fmt.money(row["value"], lang),
        share=fmt.percent(row["value_share"], lang),
    )


def root_reasons(frame, view, lang):
    roots = frame.groupby("root")["count"].sum().reset_index()
    roots["share"] = roots["count"] / roots["count"].sum()
    words, row, tie = _leading(roots, "count", "root", root_label, lang)
    key = "insights.takeaway.root_tie" if tie else "insights.takeaway.root"
    share = fmt.percent(row["share"], lang)
    return catalog(lang).text(key, period=period_phrase(view, lang), root=words, share=share)


def reasons_trend(frame, view, lang):
    latest = frame["quarter"].max()
    last = frame[frame["quarter"] == latest]
    quarter = fmt.quarter(latest, lang)
    if last["count"].sum() == 0:
        return catalog(lang).text("insights.takeaway.trend_empty_quarter", quarter=quarter)
    words, row, tie = _leading(last, "count", "reason", reason_label, lang)
    key = "insights.takeaway.trend_tie" if tie else "insights.takeaway.trend"
    share = fmt.percent(row["share"], lang)
    return catalog(lang).text(key, quarter=quarter, reason=words, share=share)


def silence_stage(frame, view, lang):
    words, row, tie = _leading(frame, "count", "stage", stage_label, lang)
    key = "insights.takeaway.stage_tie" if tie else "insights.takeaway.stage"
    return catalog(lang).text(key, stage=words, share=fmt.percent(row["share"], lang))


def days_to_silence(frame, view, lang):
    return catalog(lang).text(
        "insights.takeaway.days",
        days=fmt.number(frame.attrs.get("median", 0), lang),
        count=fmt.number(frame["count"].sum(), lang),
    )


def hours_invested(frame, view, lang):
    words, row, _ = _leading(frame, "hours", "reason", reason_label, lang)
    return catalog(lang).text(
        "insights.takeaway.hours",
        hours=fmt.number(frame["hours"].sum(), lang),
        deals=fmt.number(frame["deals"].sum(), lang),
        reason=words,
        top=fmt.number(row["hours"], lang),
    )


def missed_signals(frame, view, lang):
    words, row, tie = _leading(frame, "count", "signal", signal_label, lang)
    key = "insights.takeaway.signals_tie" if tie else "insights.takeaway.signals"
    return catalog(lang).text(key, signal=words, share=fmt.percent(row["share"], lang))


def ghosts_returned(frame, view, lang):
    ghosted, returned = int(frame["ghosted"].sum()), int(frame["returned"].sum())
    return catalog(lang).text(
        "insights.takeaway.ghosts",
        returned=fmt.number(returned, lang),
        ghosted=fmt.number(ghosted, lang),
        share=fmt.percent(returned / ghosted, lang),
    )


def conversation_outcomes(frame, view, lang):
    counts = dict(zip(frame["outcome"], frame["count"], strict=True))
    total = int(frame["count"].sum())
    return catalog(lang).text(
        "insights.takeaway.conversations",
        kept=fmt.number(counts.get("kept", 0), lang),
        total=fmt.number(total, lang),
        share=fmt.percent(counts.get("kept", 0) / total, lang),
    )
