"""The demo team's figures, for a workshop of a team that has no data of its own yet."""

import tempfile
from datetime import date
from functools import cache
from pathlib import Path

from coaching import insights
from coaching.demo import reset_demo
from coaching.store import open_store


@cache
def demo_insights() -> insights.Insights:
    """Built once per process in a throwaway store, so the team's own store stays untouched."""
    folder = Path(tempfile.mkdtemp(prefix="funkstille-demo-"))
    demo_store = open_store(f"sqlite:///{folder / 'demo.db'}")
    try:
        report = reset_demo(demo_store, date.today())
        return insights.team_insights(demo_store, report.team_id)
    finally:
        demo_store.dispose()
