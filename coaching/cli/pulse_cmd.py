"""`pulse purge`: freeze ended periods and delete raw pulse answers past each team's retention."""

from datetime import date

from sqlalchemy import select

from coaching import pulse
from coaching.cli.result import Result, add_json_flag, cli_text, store
from coaching.store import read
from coaching.store.schema import teams


def register(subparsers) -> None:
    parser = subparsers.add_parser("pulse", help="Wochen-Puls pflegen / maintain the pulse")
    actions = parser.add_subparsers(dest="action", required=True)
    purge = actions.add_parser(
        "purge", help="alte Rohantworten löschen / delete raw answers past retention"
    )
    add_json_flag(purge)
    purge.set_defaults(handler=run_purge)


def run_purge(_args) -> Result:
    engine = store()
    with read(engine) as conn:
        team_ids = list(conn.scalars(select(teams.c.id).order_by(teams.c.id)))
    frozen = deleted = 0
    for team_id in team_ids:
        added, removed = pulse.maintain(engine, team_id, date.today())
        frozen, deleted = frozen + added, deleted + removed
    message = cli_text("pulse.purge_done", teams=len(team_ids), frozen=frozen, deleted=deleted)
    return Result(True, message, {"teams": len(team_ids), "frozen": frozen, "deleted": deleted})
