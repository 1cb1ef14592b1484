"""The team's reasons data, cached per data version and shared by the reasons page and workshop."""

import tempfile
from datetime import date
from pathlib import Path

import streamlit as st

from coaching import insights, settings
from coaching.demo import reset_demo
from coaching.store import insights as repo
from coaching.store import open_store, read
from coaching.ui.session import data_version, engine


def team_insights(team_id: int) -> insights.Insights:
    return _cached(settings.database_url(), team_id, data_version(team_id))


@st.cache_data(show_spinner=False, max_entries=32)
def _cached(database: str, team_id: int, version: int) -> insights.Insights:
    """All observations of a team at one data version: shared by the team, no private data."""
    with read(engine()) as conn:
        return insights.build(repo.load_sources(conn, team_id))


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
