"""Fixtures shared by domain tests: a small team whose leads have one due date of each kind, and a
team lead for the tests of team administration and company sign-in."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from coaching import accounts as account_rules
from coaching.store import accounts, read, write
from coaching.store import leads as repo
from coaching.store import workshop as workshop_repo
from coaching.store.accounts import User
from tests.conftest import FIXED_TODAY


def ago(days: int) -> date:
    return FIXED_TODAY - timedelta(days=days)


@dataclass
class ReminderTeam:
    engine: object
    anna: User  # German, owns one lead of each kind
    ben: User  # English, same team, owns one silent lead
    stranger: User  # another team
    leads: dict[str, int]
    agreement: int


@pytest.fixture
def reminder_team(engine) -> ReminderTeam:
    with write(engine) as conn:
        team = accounts.create_team(conn, "Team")
        other = accounts.create_team(conn, "Andere")
        people = {}
        for key, team_id, language in (
            ("anna", team, "de"),
            ("ben", team, "en"),
            ("x", other, "de"),
        ):
            people[key] = accounts.add_user(
                conn,
                team_id=team_id,
                email=f"{key}@firma.example",
                name=key.title(),
                role="member",
                password_hash="x",
                language=language,
            )
        base = {"contact_name": "Sabine Brandt", "offer_date": ago(14), "stage": "offer_sent"}
        rows = {
            "silent": (people["anna"], {"company": "Brandt Logistik", "next_step_date": ago(10)}),
            "agreed": (people["anna"], {"company": "Stadtwerke", "next_step_date": ago(-3),
                                        "next_step": "Feedback-Telefonat"}),
            "handshake": (people["anna"], {"company": "Kaiser", "stage": "handshake"}),
            "parked": (people["anna"], {"company": "Weingut", "status": "parked"}),
            "bens": (people["ben"], {"company": "Nordlicht", "next_step_date": ago(10)}),
            "strangers": (people["x"], {"company": "Fremd GmbH", "next_step_date": ago(10)}),
        }  # fmt: skip
        leads = {}
        for key, (owner, values) in rows.items():
            team_id = other if key == "strangers" else team
            leads[key] = repo.add_lead(conn, team_id, owner_id=owner, **{**base, **values})
        repo.add_event(
            conn,
            team,
            leads["handshake"],
            "created",
            author_id=people["anna"],
            payload={"stage": "handshake"},
            at=datetime.combine(ago(10), time(9)),
        )
        repo.add_event(
            conn,
            team,
            leads["parked"],
            "parked",
            author_id=people["anna"],
            payload={"reason": "Budget erst im Januar", "resume_on": ago(-20).isoformat()},
            at=datetime.combine(ago(2), time(9)),
        )
        agreement = workshop_repo.add_agreement(
            conn, team, "Rückruf statt dritter Mail", "Team", ago(1)
        )
        users = {key: accounts.user_by_id(conn, user_id) for key, user_id in people.items()}
    return ReminderTeam(engine, users["anna"], users["ben"], users["x"], leads, agreement)


GOOD = "Sonnenblume-42"


@pytest.fixture
def lead(engine):
    """A team and its manager chefin@firma.de (password GOOD)."""
    with write(engine) as conn:
        team = accounts.create_team(conn, "Team")
    user_id = account_rules.create_user(
        engine, team_id=team, email="chefin@firma.de", name="Claudia", role="manager", password=GOOD
    )
    with read(engine) as conn:
        return accounts.user_by_id(conn, user_id)
