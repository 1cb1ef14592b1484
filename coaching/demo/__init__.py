"""The demo workspace: a clearly labelled, deterministic team so that every page looks alive.

A feature adds its demo data by writing one seeder `seed(conn, demo)` in coaching/demo/<feature>.py
and listing it in SEEDERS below.
"""

from datetime import date

from sqlalchemy import Engine

from coaching.demo import (
    conversations,
    crm_deals,
    customers,
    follow_up,
    imports,
    leads,
    people,
    pulse,
    reminders,
    reviews,
    team_admin,
    workshop,
)
from coaching.demo.workspace import DemoReport, DemoTeam, reset_demo_workspace

SEEDERS = [
    people.seed,
    customers.seed,
    leads.seed,
    follow_up.seed,
    workshop.seed,
    conversations.seed,
    reviews.seed,
    imports.seed,
    crm_deals.seed,
    pulse.seed,
    reminders.seed,
    team_admin.seed,
]

__all__ = ["SEEDERS", "DemoReport", "DemoTeam", "reset_demo"]


def reset_demo(engine: Engine, today: date | None = None) -> DemoReport:
    """Delete the demo team (and only it) and build it afresh; real teams are untouched."""
    return reset_demo_workspace(engine, SEEDERS, today or date.today())
