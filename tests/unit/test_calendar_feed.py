from datetime import datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from coaching import calendar_feed, follow_up
from coaching.erasure import erase_account
from coaching.store import read
from coaching.store.schema import reminder_settings
from tests.conftest import FIXED_TODAY

BASE = "https://funkstille.firma.example/"


def events(body: bytes) -> dict[str, object]:
    return {str(event["UID"]): event for event in Calendar.from_ical(body).walk("VEVENT")}


def feed(team, token):
    return calendar_feed.feed_for_token(team.engine, token, BASE, FIXED_TODAY)


def test_the_feed_holds_the_persons_due_dates_at_nine_in_berlin(reminder_team):
    token = calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    found = events(feed(reminder_team, token))
    parked = found[f"resume-{reminder_team.leads['parked']}@funkstille"]
    start = parked.DTSTART
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 0, "Europe/Berlin")
    assert str(parked["SUMMARY"]) == "Geparkten Lead wieder aufnehmen: Weingut"
    assert str(parked["URL"]) == "https://funkstille.firma.example/nachfassen"
    assert "https://funkstille.firma.example/nachfassen" in str(parked["DESCRIPTION"])
    assert f"agreement-{reminder_team.agreement}@funkstille" in found
    assert not any("Nordlicht" in str(event["SUMMARY"]) for event in found.values())


def test_the_calendar_names_its_owner_and_carries_the_berlin_time_zone(reminder_team):
    token = calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    calendar = Calendar.from_ical(feed(reminder_team, token))
    assert str(calendar["X-WR-CALNAME"]) == "Funkstille – Anna"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(calendar["VERSION"]) == "2.0"


def test_only_a_hash_of_the_token_is_stored(reminder_team):
    token = calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    with read(reminder_team.engine) as conn:
        stored = conn.execute(select(reminder_settings)).all()
    assert stored and all(token not in str(tuple(row)) for row in stored)


def test_renewing_makes_the_old_address_unknown(reminder_team):
    old = calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    new = calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    assert feed(reminder_team, old) is None
    assert feed(reminder_team, new) is not None


def test_a_revoked_or_unknown_token_gives_no_feed(reminder_team):
    token = calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    calendar_feed.revoke_feed(reminder_team.engine, reminder_team.anna.id)
    assert feed(reminder_team, token) is None
    assert feed(reminder_team, "made-up") is None
    assert calendar_feed.feed_created_at(reminder_team.engine, reminder_team.anna.id) is None


def test_the_same_thing_keeps_its_uid_when_its_date_moves(reminder_team):
    token = calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    before = set(events(feed(reminder_team, token)))
    later = calendar_feed.feed_for_token(
        reminder_team.engine, token, BASE, FIXED_TODAY + timedelta(days=1)
    )
    assert set(events(later)) == before


def test_one_step_becomes_a_calendar_file_with_the_feeds_uid(reminder_team):
    lead_id = reminder_team.leads["silent"]
    *_, state = follow_up.lead_state(
        reminder_team.engine, reminder_team.anna.team_id, lead_id, FIXED_TODAY, "en"
    )
    found = events(calendar_feed.step_file(state, "en", BASE))
    (uid, event) = next(iter(found.items()))
    assert len(found) == 1 and uid == f"follow-up-{lead_id}-{state.step.key}@funkstille"
    assert str(event["SUMMARY"]).startswith("Follow up: ")
    assert (
        datetime.combine(state.due_on, calendar_feed.EVENT_START, event.DTSTART.tzinfo)
        == event.DTSTART
    )


def test_deleting_the_account_deletes_its_feed(reminder_team):
    token = calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    erase_account(reminder_team.engine, reminder_team.anna.id, reminder_team.anna.email)
    with read(reminder_team.engine) as conn:
        assert conn.execute(select(reminder_settings)).all() == []
    assert feed(reminder_team, token) is None
