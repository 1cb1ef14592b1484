"""Demo: the team's own order list was imported once, so its hand-made column mapping is known."""

from sqlalchemy import Connection

from coaching.demo.workspace import DemoTeam
from coaching.store.imports import remember_mapping

ORDER_LIST_MAPPING = {
    "record_id": "Projekt-Nr.",
    "name": "Projekt",
    "organisation": "Kunde",
    "owner_name": "Verkäufer",
    "status": "Ergebnis",
    "amount": "Auftragswert netto",
    "created_date": "Angefragt am",
    "close_date": "Entschieden am",
    "lost_reason": "Absagegrund",
}


def seed(conn: Connection, demo: DemoTeam) -> None:
    remember_mapping(conn, demo.team_id, "deals", "generic", ORDER_LIST_MAPPING)
