"""The demo team: an owner who manages sales and five sales people."""

from sqlalchemy import Connection

from coaching.accounts import hash_password
from coaching.demo.workspace import DEMO_PASSWORD, DemoTeam
from coaching.store import accounts

PEOPLE = [
    ("claudia", "Claudia Holzmann", "manager", "sie"),
    ("jonas", "Jonas Weber", "member", "du"),
    ("aylin", "Aylin Demir", "member", "sie"),
    ("markus", "Markus Schulte", "member", "sie"),
    ("lena", "Lena Hoffmann", "member", "du"),
    ("tobias", "Tobias Kraus", "member", "sie"),
]


def seed(conn: Connection, demo: DemoTeam) -> None:
    password_hash = hash_password(DEMO_PASSWORD)
    for key, name, role, address in PEOPLE:
        demo.people[key] = accounts.add_user(
            conn,
            team_id=demo.team_id,
            email=f"{key}@demo.funkstille.de",
            name=name,
            role=role,
            password_hash=password_hash,
            address=address,
        )
