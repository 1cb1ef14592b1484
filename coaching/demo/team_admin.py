"""The team page's demo: one colleague invited and not yet joined, and a short log of changes."""

import secrets

from sqlalchemy import Connection

from coaching.accounts import digest
from coaching.demo.workspace import DemoTeam
from coaching.store import team_admin
from coaching.team_admin import LINK_LIFETIME

INVITED = ("sarah@demo.funkstille.de", "Sarah Vogt", "member")


def seed(conn: Connection, demo: DemoTeam) -> None:
    email, name, role = INVITED
    manager = demo.people["claudia"]
    team_admin.add_invitation(
        conn,
        team_id=demo.team_id,
        email=email,
        name=name,
        role=role,
        token_hash=digest(secrets.token_urlsafe(32)),  # the link is kept nowhere: re-invite
        invited_by=manager,
        lifetime=LINK_LIFETIME,
    )
    common = {"team_id": demo.team_id, "actor_id": manager, "actor": "claudia@demo.funkstille.de"}
    team_admin.log(conn, **common, action="reset", target="markus@demo.funkstille.de")
    team_admin.log(conn, **common, action="invite", target=email, detail=role)
