"""Reset mechanics shared by all demo seeders."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Engine

from coaching.store import accounts, versions, write

DEMO_TEAM_NAME = "Demo · Holzmann Messebau GmbH"
DEMO_PASSWORD = "Demo-Funkstille-2026"  # noqa: S105 - printed on purpose, demo only
SEED = 20261123


@dataclass
class DemoTeam:
    """What a seeder needs: the team, its people by short key, a fixed 'today' and a seeded RNG."""

    team_id: int
    today: date
    rng: random.Random
    people: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoReport:
    team_id: int
    logins: list[tuple[str, str, str]]  # (email, name, role)
    password: str


Seeder = Callable[[Connection, DemoTeam], None]


def reset_demo_workspace(engine: Engine, seeders: list[Seeder], today: date) -> DemoReport:
    with write(engine) as conn:
        for team_id in accounts.demo_team_ids(conn):
            accounts.delete_team(conn, team_id)
        demo = DemoTeam(
            team_id=accounts.create_team(conn, DEMO_TEAM_NAME, is_demo=True),
            today=today,
            rng=random.Random(SEED),
        )
        for seed in seeders:
            demo.rng = random.Random(f"{SEED}:{seed.__module__}")  # one seeder never shifts another
            seed(conn, demo)
        versions.bump(conn, demo.team_id)
        members = accounts.team_members(conn, demo.team_id)
    logins = [(m.email, m.name, m.role) for m in sorted(members, key=lambda m: m.id)]
    return DemoReport(team_id=demo.team_id, logins=logins, password=DEMO_PASSWORD)
