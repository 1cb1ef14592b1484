"""Charts of the team overview: pulse trend, losses, next steps, planning reliability."""

import pandas as pd
import plotly.graph_objects as go

from coaching.charts.theme import NEUTRAL, PALETTE, apply_theme

STATUS_COLOURS = {"lost": PALETTE[5], "ghosted": NEUTRAL}


def pulse_trend(
    frame: pd.DataFrame,
    labels: dict[str, str],
    title: str,
    lang: str,
    granularity: str = "week",
    presenter: bool = False,
) -> go.Figure:
    """One line per question; hidden periods are grey bands with a gap, never points."""
    fig = go.Figure()
    half = pd.Timedelta(days=15 if granularity == "month" else 3.5)
    for period in frame.loc[frame["hidden"] != "", "period"].drop_duplicates():
        start = pd.Timestamp(period)
        fig.add_vrect(
            x0=start - half, x1=start + half, fillcolor=NEUTRAL, opacity=0.15, line_width=0
        )
    for index, (question, label) in enumerate(labels.items()):
        rows = frame[frame["question"] == question].sort_values("period")
        fig.add_trace(
            go.Scatter(
                x=rows["period"],
                y=rows["mean"],
                name=label,
                mode="lines+markers",
                connectgaps=False,
                line={"color": PALETTE[index], "width": 3},
                hovertemplate="%{y:.1f}<extra>" + label + "</extra>",
            )
        )
    tickformat = "%m/%Y" if granularity == "month" else "%d.%m."
    fig.update_layout(
        title=title,
        yaxis={"range": [0.8, 5.2], "dtick": 1},
        xaxis={
            "tickformat": tickformat,
            "dtick": "M1" if granularity == "month" else 14 * 86400000,
        },
        hovermode="x unified",
    )
    return apply_theme(fig, lang, presenter=presenter)


def losses(frame: pd.DataFrame, labels: dict[str, str], title: str, lang: str) -> go.Figure:
    """Lost and ghosted deals per month, stacked."""
    fig = go.Figure()
    for status, label in labels.items():
        rows = frame[frame["status"] == status]
        colour = STATUS_COLOURS[status]
        fig.add_trace(go.Bar(x=rows["month"], y=rows["count"], name=label, marker_color=colour))
    fig.update_layout(title=title, barmode="stack", xaxis={"dtick": "M1", "tickformat": "%m/%Y"})
    return apply_theme(fig, lang)


def next_steps(frame: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """Share of offers per month that went out with a dated next step."""
    fig = go.Figure(
        go.Bar(
            x=frame["month"],
            y=frame["share"],
            marker_color=PALETTE[2],
            customdata=frame[["offers"]],
            hovertemplate="%{y:.0%} (%{customdata[0]})<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        yaxis={"range": [0, 1], "tickformat": ".0%"},
        xaxis={"dtick": "M1", "tickformat": "%m/%Y"},
    )
    return apply_theme(fig, lang)


def planning(frame: pd.DataFrame, labels: dict[str, str], title: str, lang: str) -> go.Figure:
    """Per month of sending: the value the team counted on beside the value won."""
    fig = go.Figure()
    for index, (column, label) in enumerate(labels.items()):
        fig.add_trace(
            go.Bar(x=frame["month"], y=frame[column], name=label, marker_color=PALETTE[index])
        )
    fig.update_layout(title=title, barmode="group", xaxis={"dtick": "M1", "tickformat": "%m/%Y"})
    return apply_theme(fig, lang)
