"""The personal calendar feed (iCalendar, RFC 5545) behind a secret URL, and one-step files.

A calendar subscribes to /calendar/<token>.ics; only the token's hash is stored, so a leaked
database holds no working address. Renewing replaces the token, revoking deletes it: the old
address answers 404 from then on.
"""

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard
from sqlalchemy import Engine

from coaching.cadence import CadenceState
from coaching.content import catalog
from coaching.reminders import BERLIN, DueItem, due_items, new_secret, secret_hash, step_item
from coaching.store import read, write
from coaching.store import reminders as repo
from coaching.store.accounts import user_by_id

EVENT_START = time(9, 0)  # a reminder at the start of the working day, Berlin time
EVENT_LENGTH = timedelta(minutes=15)
REFRESH = timedelta(hours=1)
UID_DOMAIN = "funkstille"


def create_feed(engine: Engine, user_id: int) -> str:
    """A new secret feed token for the person; an earlier address stops working at once."""
    token, hashed = new_secret()
    with write(engine) as conn:
        repo.set_feed(conn, user_id, hashed)
    return token


def revoke_feed(engine: Engine, user_id: int) -> None:
    with write(engine) as conn:
        repo.set_feed(conn, user_id, None)


def feed_created_at(engine: Engine, user_id: int) -> datetime | None:
    """When the person's current feed address was made; None when there is none."""
    with read(engine) as conn:
        return repo.settings_of(conn, user_id).feed_created_at


def feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


def feed_for_token(
    engine: Engine, token: str, base_url: str, today: date | None = None
) -> bytes | None:
    """The whole feed of the token's owner; None for an unknown or revoked token."""
    with read(engine) as conn:
        user_id = repo.feed_owner(conn, secret_hash(token))
        user = user_by_id(conn, user_id) if user_id else None
    if user is None:
        return None
    name = catalog(user.language).text("reminders.feed.name", name=user.name)
    return ics(due_items(engine, user.id, today), name, base_url)


def step_file(state: CadenceState, lang: str, base_url: str) -> bytes:
    """One due follow-up step as a calendar file, to add with one click; same UID as in the feed."""
    item = step_item(state, lang)
    return ics([item], catalog(lang).text("reminders.feed.step_name"), base_url)


def ics(items: list[DueItem], name: str, base_url: str, now: datetime | None = None) -> bytes:
    """An iCalendar file with one event per item at 09:00 Berlin time, linking back to its page."""
    calendar = Calendar()
    calendar.add("prodid", "-//Funkstille//Erinnerungen//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", BERLIN.key)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    calendar.add_component(_berlin())
    stamp = now or datetime.now(UTC)
    for item in items:
        calendar.add_component(_event(item, base_url.rstrip("/"), stamp))
    return calendar.to_ical()


def _event(item: DueItem, base_url: str, stamp: datetime) -> Event:
    link = f"{base_url}/{item.url_path}"
    event = Event()
    event.add("uid", f"{item.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.combine(item.on, EVENT_START, tzinfo=BERLIN))
    event.add("duration", EVENT_LENGTH)
    event.add("summary", item.title)
    event.add("description", f"{item.detail}\n\n{link}")
    event.add("url", link)
    event.add("categories", [item.kind])
    event.add("transp", "TRANSPARENT")
    return event


def _berlin() -> Timezone:
    """Europe/Berlin with the EU daylight-saving rules, so every client reads 09:00 alike."""
    summer = TimezoneDaylight()
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0))
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("tzname", "CEST")
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0))
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("tzname", "CET")
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone = Timezone()
    zone.add("tzid", BERLIN.key)
    zone.add_component(summer)
    zone.add_component(winter)
    return zone
