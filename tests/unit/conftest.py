"""Fixtures shared by the unit tests of team administration and company sign-in."""

import pytest

from coaching import accounts
from coaching.store import accounts as repo
from coaching.store import read, write

GOOD = "Sonnenblume-42"


@pytest.fixture
def lead(engine):
    """A team and its manager chefin@firma.de (password GOOD)."""
    with write(engine) as conn:
        team = repo.create_team(conn, "Team")
    user_id = accounts.create_user(
        engine, team_id=team, email="chefin@firma.de", name="Claudia", role="manager", password=GOOD
    )
    with read(engine) as conn:
        return repo.user_by_id(conn, user_id)
