"""The radar's use cases: frames loaded and scored once per data version, log entries checked."""

from datetime import date

import pytest

from coaching import radar
from coaching.radar import RadarError
from coaching.store import accounts, write
from coaching.store import customers as repo

TODAY = date(2026, 11, 23)


@pytest.fixture
def team(engine):
    with write(engine) as conn:
        team_id = accounts.create_team(conn, "Radar")
        user_id = accounts.add_user(
            conn, team_id=team_id, email="r@t.de", name="R", role="member", password_hash="x"
        )
        customer = repo.ensure_customer(conn, team_id, "Brandt Bau")
        return engine, accounts.user_by_id(conn, user_id), customer


def test_the_radar_is_scored_once_until_the_team_data_changes(team):
    engine, user, customer = team
    first = radar.team_radar(engine, user.team_id, TODAY, "de")
    assert radar.team_radar(engine, user.team_id, TODAY, "de") is first
    assert (
        radar.team_frames(engine, user.team_id)["customers"]
        is radar.team_frames(engine, user.team_id)["customers"]
    )
    radar.log_contact(engine, user, customer, "competitor_trace", on_date=TODAY, today=TODAY)
    again = radar.team_radar(engine, user.team_id, TODAY, "de")
    assert again is not first
    assert len(radar.team_frames(engine, user.team_id)["logs"]) == 1


def test_a_log_entry_in_the_future_is_refused_and_nothing_is_written(team):
    engine, user, customer = team
    with pytest.raises(RadarError) as refused:
        radar.log_contact(engine, user, customer, "note", on_date=date(2026, 11, 24), today=TODAY)
    assert refused.value.key == "radar.log_future"
    assert radar.customer_log(engine, user.team_id, customer) == []
