"""Charts for Gründe & Trends: an aggregation frame in, a themed plotly figure out.

Every reason keeps its colour in every chart (taxonomy order); words come from content. The theme
is applied once per language and size and its layout reused: plotly's validation of the theme is
the slowest part of drawing, and a filter change redraws every chart (tests validate each figure).
"""

import pandas as pd

from coaching import formatting as fmt
from coaching import reason_words as taxonomy
from coaching.charts.theme import NEUTRAL, PALETTE, colour_map
from coaching.content import catalog

ROOT_SHADES = ["#4D4D4D", "#6F6F6F", "#8C8C8C", "#A8A8A8", "#5F5F5F", "#7D7D7D"]
OUTCOME_COLOURS = {
    "kept": PALETTE[2],
    "paused": PALETTE[1],
    "reduced": PALETTE[4],
    "cancelled": PALETTE[5],
}


def reason_colours() -> dict[str, str]:
    colours = colour_map(taxonomy.reason_keys())
    colours[taxonomy.UNASSIGNED] = NEUTRAL
    return colours


def export_frame(chart: str, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The chart's data with words instead of keys and headers in the person's language."""
    out = frame.copy()
    words = {
        "reason": taxonomy.reason_label,
        "root": taxonomy.root_label,
        "stage": taxonomy.stage_label,
        "signal": taxonomy.signal_label,
        "band": lambda k, lang: _text(lang, f"days_band.{k}"),
        "outcome": lambda k, lang: _text(lang, f"outcome.{k}"),
        "quarter": fmt.quarter,
    }
    for column, label in words.items():
        if column in out:
            out[column] = [label(k, lang) for k in out[column]]
    for column in ("share", "value_share"):
        if column in out:
            out[column] = out[column].round(4)
    headers = {"count": "cases", "band": "days", "value_share": "share"}
    renamed = {c: _text(lang, f"axis.{headers.get(c, c)}") for c in out.columns}
    if "value_share" in out:
        renamed["value_share"] = f"{renamed['value_share']} ({_text(lang, 'axis.value')})"
    return out.rename(columns=renamed)


# --- one builder per chart of coaching.insights.registry: (traces, layout) as plotly dicts -----


def reasons_count(frame: pd.DataFrame, lang: str):
    shown = frame.iloc[::-1]
    texts = [
        f"{fmt.number(c, lang)} · {fmt.percent(s, lang)}"
        for c, s in zip(shown["count"], shown["share"], strict=True)
    ]
    return _reason_bars(shown, shown["count"], texts, lang, "axis.cases")


def reasons_value(frame: pd.DataFrame, lang: str):
    shown = frame.iloc[::-1]
    texts = [fmt.money(v, lang) for v in shown["value"]]
    return _reason_bars(shown, shown["value"], texts, lang, "axis.value")


def hours_invested(frame: pd.DataFrame, lang: str):
    shown = frame.iloc[::-1]
    texts = [fmt.number(h, lang) for h in shown["hours"]]
    return _reason_bars(shown, shown["hours"], texts, lang, "axis.hours")


def _reason_bars(shown: pd.DataFrame, values, texts: list[str], lang: str, axis: str):
    colours = reason_colours()
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": [float(v) for v in values],
        "y": [taxonomy.reason_label(k, lang) for k in shown["reason"]],
        "marker": {"color": [colours.get(k, NEUTRAL) for k in shown["reason"]]},
        "text": texts,
        "textposition": "auto",
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    layout = {
        "xaxis": {"title": {"text": _text(lang, axis)}, "tickformat": ",d"},
        "yaxis": {"title": {"text": _text(lang, "axis.reason")}, "automargin": True},
    }
    return [trace], layout


def root_reasons(frame: pd.DataFrame, lang: str):
    colours = reason_colours()
    roots = frame.groupby("root", sort=False)["count"].sum()
    pairs = list(zip(frame["root"], frame["reason"], strict=True))
    values = [int(v) for v in roots.to_numpy()] + [int(v) for v in frame["count"]]
    total = sum(int(v) for v in frame["count"]) or 1
    trace = {
        "type": "sunburst",
        "ids": [f"root:{r}" for r in roots.index] + [f"{r}/{k}" for r, k in pairs],
        "labels": [taxonomy.root_label(r, lang) for r in roots.index]
        + [taxonomy.reason_label(k, lang) for k in frame["reason"]],
        "parents": [""] * len(roots) + [f"root:{r}" for r in frame["root"]],
        "values": values,
        "text": [fmt.percent(v / total, lang) for v in values],
        "branchvalues": "total",
        "marker": {
            "colors": [ROOT_SHADES[i % len(ROOT_SHADES)] for i in range(len(roots))]
            + [colours.get(k, NEUTRAL) for k in frame["reason"]]
        },
        "leaf": {"opacity": 1},
        "insidetextorientation": "horizontal",
        "texttemplate": "%{label}<br>%{text}",
        "hovertemplate": "%{label}: %{value} (%{text})<extra></extra>",
    }
    return [trace], {}


def reasons_trend(frame: pd.DataFrame, lang: str):
    colours = reason_colours()
    order = {k: i for i, k in enumerate([*taxonomy.reason_keys(), taxonomy.UNASSIGNED])}
    quarters = sorted(frame["quarter"].unique())
    names = [fmt.quarter(q, lang) for q in quarters]
    traces = []
    for reason in sorted(frame["reason"].unique(), key=lambda k: order.get(k, len(order))):
        counts = frame[frame["reason"] == reason].set_index("quarter")["count"].reindex(quarters)
        if counts.sum() == 0:
            continue
        traces.append(
            {
                "type": "bar",
                "x": names,
                "y": [int(c) for c in counts.fillna(0)],
                "name": taxonomy.reason_label(reason, lang),
                "marker": {"color": colours.get(reason, NEUTRAL)},
                "hovertemplate": "%{fullData.name}: %{y}<extra>%{x}</extra>",
            }
        )
    layout = {
        "barmode": "stack",
        "legend": {"traceorder": "reversed"},  # the legend reads top-down like the stack
        "xaxis": {"title": {"text": _text(lang, "axis.quarter")}, "type": "category"},
        "yaxis": {"title": {"text": _text(lang, "axis.cases")}, "tickformat": ",d"},
    }
    return traces, layout


def silence_stage(frame: pd.DataFrame, lang: str):
    return _columns(
        [taxonomy.stage_label(s, lang) for s in frame["stage"]],
        frame["count"],
        [fmt.percent(s, lang) for s in frame["share"]],
        _text(lang, "axis.stage"),
        _text(lang, "axis.cases"),
        PALETTE[0],
    )


def days_to_silence(frame: pd.DataFrame, lang: str):
    return _columns(
        [_text(lang, f"days_band.{b}") for b in frame["band"]],
        frame["count"],
        [fmt.number(c, lang) for c in frame["count"]],
        _text(lang, "axis.days"),
        _text(lang, "axis.leads"),
        PALETTE[4],
    )


def conversation_outcomes(frame: pd.DataFrame, lang: str):
    return _columns(
        [_text(lang, f"outcome.{o}") for o in frame["outcome"]],
        frame["count"],
        [fmt.percent(s, lang) for s in frame["share"]],
        _text(lang, "axis.outcome"),
        _text(lang, "axis.cases"),
        [OUTCOME_COLOURS[o] for o in frame["outcome"]],
    )


def missed_signals(frame: pd.DataFrame, lang: str):
    shown = frame.iloc[::-1]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": [float(s) * 100 for s in shown["share"]],
        "y": [taxonomy.signal_label(s, lang) for s in shown["signal"]],
        "marker": {"color": PALETTE[5]},
        "text": [fmt.percent(s, lang) for s in shown["share"]],
        "textposition": "auto",
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    layout = {
        "xaxis": {
            "title": {"text": _text(lang, "axis.share_reviews")},
            "tickformat": ",.0f",
            "ticksuffix": " %" if lang == "de" else "%",
        },
        "yaxis": {"title": {"text": _text(lang, "axis.signal")}, "automargin": True},
    }
    return [trace], layout


def ghosts_returned(frame: pd.DataFrame, lang: str):
    names = [fmt.quarter(q, lang) for q in frame["quarter"]]
    traces = [
        {
            "type": "bar",
            "x": names,
            "y": [int(v) for v in frame[column]],
            "name": _text(lang, f"axis.{column}"),
            "marker": {"color": colour},
        }
        for column, colour in (("ghosted", NEUTRAL), ("returned", PALETTE[2]))
    ]
    layout = {
        "barmode": "group",
        "xaxis": {"title": {"text": _text(lang, "axis.quarter")}, "type": "category"},
        "yaxis": {"title": {"text": _text(lang, "axis.leads")}, "tickformat": ",d"},
    }
    return traces, layout


def _columns(x, y, texts, x_title: str, y_title: str, colour):
    trace = {
        "type": "bar",
        "x": list(x),
        "y": [int(v) for v in y],
        "marker": {"color": colour},
        "text": texts,
        "textposition": "auto",
        "hovertemplate": "%{x}: %{y}<extra></extra>",
    }
    layout = {
        "xaxis": {"title": {"text": x_title}, "type": "category"},
        "yaxis": {"title": {"text": y_title}, "tickformat": ",d"},
    }
    return [trace], layout


def _text(lang: str, key: str) -> str:
    return catalog(lang).text(f"insights.{key}")
