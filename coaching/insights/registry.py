"""The reasons page's charts, each declared once: its aggregation, its takeaway, its figure.

A new chart is one ChartSpec here (plus its words in data/content/*/ui/insights.yaml); the page,
the workshop, the exports and the tests all read this list.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from coaching.charts import reasons as drawing
from coaching.charts.theme import themed
from coaching.content import catalog
from coaching.insights import aggregations as agg
from coaching.insights import takeaways as words
from coaching.insights.observations import View


@dataclass(frozen=True)
class ChartSpec:
    key: str
    aggregate: Callable[[View], pd.DataFrame]  # the chart's data: keys, not words
    takeaway: Callable[[pd.DataFrame, View, str], str]  # one sentence, for a non-empty frame
    draw: Callable[[pd.DataFrame, str], tuple[list, dict]]  # plotly traces and layout
    total: str = "count"  # the column whose sum tells whether the chart has anything to show
    legend: bool = False


def _observations(aggregate):
    return lambda view: aggregate(view.insights.observations)


SPECS = (
    ChartSpec(
        "reasons_count",
        _observations(agg.reason_totals),
        words.reasons_count,
        drawing.reasons_count,
    ),
    ChartSpec(
        "reasons_value",
        _observations(lambda obs: agg.by_value(agg.reason_totals(obs))),
        words.reasons_value,
        drawing.reasons_value,
        total="value",
    ),
    ChartSpec(
        "root_reasons",
        _observations(agg.root_breakdown),
        words.root_reasons,
        drawing.root_reasons,
    ),
    ChartSpec(
        "reasons_trend",
        lambda view: agg.reasons_by_quarter(view.insights.observations, view.start, view.end),
        words.reasons_trend,
        drawing.reasons_trend,
        legend=True,
    ),
    ChartSpec(
        "silence_stage",
        _observations(agg.silence_stages),
        words.silence_stage,
        drawing.silence_stage,
    ),
    ChartSpec(
        "days_to_silence",
        _observations(agg.days_to_silence),
        words.days_to_silence,
        drawing.days_to_silence,
    ),
    ChartSpec(
        "hours_invested",
        _observations(agg.hours_by_reason),
        words.hours_invested,
        drawing.hours_invested,
        total="hours",
    ),
    ChartSpec(
        "missed_signals",
        _observations(agg.missed_signals),
        words.missed_signals,
        drawing.missed_signals,
    ),
    ChartSpec(
        "ghosts_returned",
        lambda view: agg.ghosts_by_quarter(view.insights.ghosts, view.start, view.end),
        words.ghosts_returned,
        drawing.ghosts_returned,
        total="ghosted",
        legend=True,
    ),
    ChartSpec(
        "conversation_outcomes",
        lambda view: agg.conversation_outcomes(view.insights.conversations),
        words.conversation_outcomes,
        drawing.conversation_outcomes,
    ),
)
CHARTS = tuple(spec.key for spec in SPECS)
_BY_KEY = {spec.key: spec for spec in SPECS}


@dataclass(frozen=True)
class Panel:
    """One chart's data and takeaway; empty when the selection holds nothing for it."""

    chart: str
    frame: pd.DataFrame
    takeaway: str
    empty: bool


def aggregate(chart: str, view: View) -> pd.DataFrame:
    return _BY_KEY[chart].aggregate(view)


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
    return frame.empty or float(frame[_BY_KEY[chart].total].sum()) == 0


def takeaway(chart: str, frame: pd.DataFrame, view: View, lang: str) -> str:
    """One sentence that says what the chart shows, in the person's language."""
    if is_empty(chart, frame):
        return catalog(lang).text("insights.takeaway.empty")
    return _BY_KEY[chart].takeaway(frame, view, lang)


def figure(chart: str, frame: pd.DataFrame, lang: str, *, presenter: bool = False) -> go.Figure:
    """The figure for one chart, titled and themed."""
    spec = _BY_KEY[chart]
    traces, layout = spec.draw(frame, lang)
    layout = {
        **layout,
        "title": {"text": catalog(lang).text(f"insights.chart.{chart}")},
        "height": 560 if presenter else 440,
        "showlegend": spec.legend,
    }
    return themed(traces, layout, lang, presenter=presenter)
