"""The team's reasons data, cached per data version and shared by the reasons page and workshop."""

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from coaching import insights, settings
from coaching.charts import reasons as charts
from coaching.demo.figures import demo_insights
from coaching.exporting import to_csv
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
    return insights.team_insights(engine(), team_id)


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
    """Team totals only, like insights.team_insights; database and version key the figures."""
    data = insights.team_insights(engine(), team_id)
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
        {p.chart: insights.figure(p.chart, p.frame, language, presenter=presenter) for p in shown},
        {p.chart: to_csv(charts.export_frame(p.chart, p.frame, language), language) for p in shown},
    )
