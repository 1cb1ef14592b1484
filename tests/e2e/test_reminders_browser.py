"""The calendar feed and the digest's unsubscribe link over HTTP from the running app, and a
person subscribing on Mein Profil who then logs a step and sees it move in the feed."""

import urllib.error
import urllib.request

import pytest
from icalendar import Calendar

from coaching import digest
from coaching.demo.reminders import DEMO_FEED_TOKEN
from coaching.store import read
from coaching.store.accounts import user_by_email
from tests.e2e.conftest import (
    assert_no_exception,
    demo_server,
    screenshot,
    sign_in,
    wait_for_app,
)


@pytest.fixture(scope="module")
def app_with_store(tmp_path_factory):
    """The app on its own demo store, so a test can also act on the store (send a digest)."""
    with demo_server(tmp_path_factory.mktemp("reminders")) as found:
        yield found


def fetch(url: str, data: bytes | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["content-type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read()


def follow_up_uids(body: bytes) -> set[str]:
    events = Calendar.from_ical(body).walk("VEVENT")
    return {str(e["UID"]) for e in events if str(e["UID"]).startswith("follow-up-")}


def test_the_demo_managers_feed_is_served_as_icalendar(app_with_store):
    base, _ = app_with_store
    status, kind, body = fetch(f"{base}/calendar/{DEMO_FEED_TOKEN}.ics")
    assert status == 200 and kind.startswith("text/calendar")
    calendar = Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "Funkstille – Claudia Holzmann"
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any("Rheinmesse Köln" in s for s in summaries)
    assert any(s.startswith("Workshop-Vereinbarung prüfen") for s in summaries)
    assert all(str(e["URL"]).startswith(base) for e in calendar.walk("VEVENT"))


def test_an_unknown_token_gets_404(app_with_store):
    base, _ = app_with_store
    assert fetch(f"{base}/calendar/not-a-token.ics")[0] == 404


def test_subscribing_then_logging_a_step_moves_it_in_the_feed(page, app_with_store):
    base, _ = app_with_store
    page.set_viewport_size({"width": 1440, "height": 2400})
    sign_in(page, base, "aylin")
    page.goto(f"{base}/profil")
    wait_for_app(page)
    page.locator(".st-key-feed_create button").click()
    wait_for_app(page)
    code = page.locator("[data-testid='stCode'] code").filter(has_text="/calendar/")
    code.wait_for()
    address = code.inner_text().strip()
    assert address.startswith(base) and address.endswith(".ics")
    assert_no_exception(page)
    screenshot(page, "profile_reminders")
    status, _, before = fetch(address)
    assert status == 200
    due_before = follow_up_uids(before)
    assert due_before

    page.goto(f"{base}/nachfassen")
    wait_for_app(page)
    with page.expect_download() as download:
        page.locator("[class*='st-key-step_ics_'] button").click()
    one_step = follow_up_uids(download.value.path().read_bytes())
    assert len(one_step) == 1 and one_step <= due_before
    mail = page.locator("[class*='st-key-follow_up_mail_'] a[href^='mailto:']")
    assert "subject=" in mail.get_attribute("href")
    screenshot(page, "follow_up_mail_and_calendar")
    page.locator(".st-key-follow_up_log_note textarea").fill("Kurz angerufen")
    page.locator(".st-key-follow_up_log button").click()
    wait_for_app(page)
    page.get_by_text("Schritt eingetragen").wait_for()
    assert_no_exception(page)

    due_after = follow_up_uids(fetch(address)[2])
    new = due_after - due_before
    assert len(new) == 1 and len(due_before - due_after) == 1
    (logged,) = due_before - due_after
    (next_step,) = new
    assert next_step.split("-")[2] == logged.split("-")[2]  # the same lead, its next step

    page.goto(f"{base}/profil")
    wait_for_app(page)
    page.locator(".st-key-feed_revoke button").click()
    wait_for_app(page)
    page.get_by_text("Sie haben noch kein Kalender-Abo").wait_for()
    assert fetch(address)[0] == 404


def test_the_unsubscribe_link_asks_first_and_a_post_turns_the_digest_off(app_with_store, smtp_env):
    base, engine = app_with_store
    inbox = smtp_env()
    (sent,) = digest.send_digests(engine, base)  # Claudia opted in in the demo
    assert sent.status == "sent"
    link = inbox.messages[0]["List-Unsubscribe"].strip("<>")
    status, kind, body = fetch(link)
    assert status == 200 and "abbestellen?" in body.decode() and "<form" in body.decode()
    assert digest.digest_enabled(engine, digest_user(engine)) is True
    status, _, body = fetch(link, data=b"List-Unsubscribe=One-Click")
    assert status == 200 and "ist abbestellt" in body.decode()
    assert digest.digest_enabled(engine, digest_user(engine)) is False
    assert fetch(f"{base}/digest/unsubscribe/made-up")[0] == 404


def digest_user(engine) -> int:
    with read(engine) as conn:
        return user_by_email(conn, "claudia@demo.funkstille.de").id
