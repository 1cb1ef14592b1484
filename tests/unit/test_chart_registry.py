"""The reasons page's charts are declared once, in the registry, and each is complete."""

from datetime import date

from coaching import insights
from coaching.content import LANGUAGES, catalog
from tests.unit.test_insights import sources


def test_each_chart_is_declared_once_with_a_title_in_every_language():
    keys = [spec.key for spec in insights.SPECS]
    assert len(keys) == len(set(keys)) == len(insights.CHARTS)
    for lang in LANGUAGES:
        strings = catalog(lang).strings
        assert [k for k in keys if f"insights.chart.{k}" not in strings] == []


def test_every_chart_turns_an_empty_selection_into_an_empty_panel_that_says_so():
    view = insights.select(insights.build(sources()), insights.Filters(), date(2026, 11, 23), 5)
    found = insights.panels(view, "de")
    assert [panel.chart for panel in found] == list(insights.CHARTS)
    assert all(panel.empty for panel in found)
    assert {panel.takeaway for panel in found} == {catalog("de").text("insights.takeaway.empty")}
