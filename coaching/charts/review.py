"""A person's main reasons per quarter: do the same causes keep coming back?"""

import pandas as pd
import plotly.graph_objects as go

from coaching.charts.theme import apply_theme, colour_map


def reasons_over_time(frame: pd.DataFrame, lang: str, count_title: str) -> go.Figure:
    """Stacked bars: columns quarter, reason (stable key), label, count; colours by reason key."""
    fig = go.Figure()
    colours = colour_map(sorted(frame["reason"].unique()) if len(frame) else [])
    quarters = list(dict.fromkeys(frame["quarter"])) if len(frame) else []
    for reason, rows in frame.groupby("reason", sort=True):
        fig.add_bar(
            x=rows["quarter"],
            y=rows["count"],
            name=str(rows["label"].iloc[0]),
            marker_color=colours[reason],
            hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(barmode="stack", height=300, legend={"orientation": "h", "y": -0.25})
    fig.update_xaxes(categoryorder="array", categoryarray=quarters, type="category")
    fig.update_yaxes(title=count_title, dtick=1, rangemode="tozero")
    return apply_theme(fig, lang)
