"""Kundenradar charts: a customer's orders, payment delay and health over time."""

import pandas as pd
import plotly.graph_objects as go

from coaching.charts.theme import NEUTRAL, PALETTE, apply_theme

MONTH_FORMAT = "%m.%Y"


def orders_figure(
    months: pd.DataFrame, lang: str, *, title: str, x_title: str, y_title: str
) -> go.Figure:
    """Invoiced amount per month; empty months show as zero, months as MM.YYYY in both languages."""
    money = "%{y:,.0f} €" if lang == "de" else "€%{y:,.0f}"
    fig = go.Figure(
        go.Bar(
            x=months["month"],
            y=months["amount"],
            marker_color=PALETTE[0],
            name=y_title,
            hovertemplate=f"%{{x|{MONTH_FORMAT}}}: {money}<extra></extra>",
        )
    )
    _axes(fig, title, x_title, y_title)
    fig.update_yaxes(
        tickformat=",.0f",
        ticksuffix=" €" if lang == "de" else "",
        tickprefix="" if lang == "de" else "€",
    )
    return apply_theme(fig, lang)


def payments_figure(
    months: pd.DataFrame, lang: str, *, title: str, x_title: str, y_title: str
) -> go.Figure:
    """Median days from invoice to payment per month; a gap where nothing was paid yet."""
    fig = go.Figure(
        go.Scatter(
            x=months["month"],
            y=months["days_to_pay"],
            mode="lines+markers",
            line={"color": PALETTE[5], "width": 3},
            marker={"symbol": "circle", "size": 7},
            name=y_title,
            connectgaps=False,
            hovertemplate=f"%{{x|{MONTH_FORMAT}}}: %{{y:.0f}}<extra></extra>",
        )
    )
    _axes(fig, title, x_title, y_title)
    fig.update_yaxes(rangemode="tozero")
    return apply_theme(fig, lang)


def health_figure(
    scores: pd.DataFrame,
    lang: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    red_below: int,
    amber_below: int,
    red_label: str,
    amber_label: str,
) -> go.Figure:
    """The health score at the start of each month, the traffic-light limits as labelled lines."""
    fig = go.Figure(
        go.Scatter(
            x=scores["as_of"],
            y=scores["score"],
            mode="lines+markers",
            line={"color": PALETTE[0], "width": 3},
            name=y_title,
            hovertemplate=f"%{{x|{MONTH_FORMAT}}}: %{{y:.0f}}<extra></extra>",
        )
    )
    for limit, label, dash in ((red_below, red_label, "dash"), (amber_below, amber_label, "dot")):
        fig.add_hline(
            y=limit,
            line={"color": NEUTRAL, "dash": dash},
            annotation_text=label,
            annotation_position="bottom left",
        )
    _axes(fig, title, x_title, y_title)
    fig.update_yaxes(range=[0, 105])
    return apply_theme(fig, lang)


def _axes(fig: go.Figure, title: str, x_title: str, y_title: str) -> None:
    fig.update_layout(title=title, showlegend=False, height=340)
    fig.update_xaxes(title_text=x_title, tickformat=MONTH_FORMAT)
    fig.update_yaxes(title_text=y_title)
