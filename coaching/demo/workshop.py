"""Demo: a workshop held a month ago left two agreements, one of them due for review."""

from datetime import timedelta

from sqlalchemy import Connection

from coaching.demo.workspace import DemoTeam
from coaching.store import workshop as repo

AGREEMENTS = [
    ("Jedes Angebot geht nur mit einem vereinbarten Rückmeldetermin raus.", "das ganze Team", -2),
    (
        "Vor dem Abschluss eines Leads rufen wir einmal an, statt eine dritte Mail zu schreiben.",
        "Aylin Demir",
        12,
    ),
]


def seed(conn: Connection, demo: DemoTeam) -> None:
    for text, owner, days_from_today in AGREEMENTS:
        repo.add_agreement(
            conn, demo.team_id, text, owner, demo.today + timedelta(days=days_from_today)
        )
