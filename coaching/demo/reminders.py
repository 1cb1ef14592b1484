"""Demo: the manager subscribed to her calendar feed and gets the daily e-mail summary.

The demo feed has a fixed, published address (the demo workspace holds no real data), so the
README can show it: http://localhost:8501/calendar/<DEMO_FEED_TOKEN>.ics
"""

from sqlalchemy import Connection

from coaching.demo.workspace import DemoTeam
from coaching.reminders import secret_hash
from coaching.store import reminders as repo

DEMO_FEED_TOKEN = "demo-claudia-holzmann-kalender"  # noqa: S105 - published on purpose, demo only


def seed(conn: Connection, demo: DemoTeam) -> None:
    manager = demo.people["claudia"]
    repo.set_feed(conn, manager, secret_hash(DEMO_FEED_TOKEN))
    repo.set_digest(conn, manager, True)
