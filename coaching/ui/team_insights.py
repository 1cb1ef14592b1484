"""The team's reasons data, cached per data version and shared by the reasons page and workshop."""

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from coaching import insights, settings
from coaching.charts import reasons as charts
from coaching.demo import reset_demo
from coaching.exporting import to_csv
from coaching.store import insights as repo
from coaching.store import open_store, read
from coaching.ui.i18n import lang
from coaching.ui.session import data_version, engine
from coaching.ui.widgets import drawn_once


@dataclass(frozen=True)
class DrawnView:
    """A filtered view with each chart that has data drawn and exported, ready to show."""

    view: insights.View
    panels: list[insights.Panel]
    figures: dict[str, go.Figure]
    exports: dict[str, bytes]


def team_insights(team_id: int) -> insights.Insights:
    return _cached(settings.database_url(), team_id, data_version(team_id))


def drawn_view(
    team_id: int,
    filters: insights.Filters,
    min_size: int,
    presenter: bool,
    demo_when_empty: bool = False,
) -> DrawnView:
    """The view drawn once per data version, filters and language; with demo_when_empty, a team
    without data of its own gets the demo team's figures (the workshop's fallback)."""
    return _drawn(
        settings.database_url(),
        team_id,
        data_version(team_id),
        filters,
        date.today(),
        min_size,
        lang(),
        presenter,
        demo_when_empty,
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _cached(database: str, team_id: int, version: int) -> insights.Insights:
    """All observations of a team at one data version: shared by the team, no private data."""
    with read(engine()) as conn:
        return insights.build(repo.load_sources(conn, team_id))


@drawn_once
def _drawn(
    database: str,
    team_id: int,
    version: int,
    filters: insights.Filters,
    today: date,
    min_size: int,
    language: str,
    presenter: bool,
    demo_when_empty: bool,
) -> DrawnView:
    """Team totals only, like _cached."""
    data = _cached(database, team_id, version)
    if data.empty and demo_when_empty:
        data = demo_insights()
    view = insights.select(data, filters, today, min_size)
    if view.withheld or view.empty:
        return DrawnView(view, [], {}, {})
    panels = insights.panels(view, language)
    shown = [panel for panel in panels if not panel.empty]
    return DrawnView(
        view,
        panels,
        {p.chart: charts.figure(p.chart, p.frame, language, presenter=presenter) for p in shown},
        {p.chart: to_csv(charts.export_frame(p.chart, p.frame, language), language) for p in shown},
    )


@st.cache_resource(show_spinner=False)
def demo_insights() -> insights.Insights:
    """The demo team's figures, for a workshop of a team that has no data of its own yet."""
    folder = Path(tempfile.mkdtemp(prefix="funkstille-demo-"))
    demo_store = open_store(f"sqlite:///{folder / 'demo.db'}")
    report = reset_demo(demo_store, date.today())
    with read(demo_store) as conn:
        data = insights.build(repo.load_sources(conn, report.team_id))
    demo_store.dispose()
    return data
