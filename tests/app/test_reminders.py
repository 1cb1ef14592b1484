"""Mein Profil's calendar subscription and digest opt-in; templates' mail buttons (AppTest)."""

from urllib.parse import parse_qs, urlsplit

from icalendar import Calendar

from coaching import calendar_feed, digest
from coaching.store import read
from coaching.store.accounts import user_by_email
from coaching.ui.follow_up import MANNERS_OPEN
from tests.app.conftest import texts

PROFILE = "pages/profile.py"


def open_page(signed_in, person: str, page: str = PROFILE):
    at = signed_in(person)
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def person(store, key: str):
    with read(store) as conn:
        return user_by_email(conn, f"{key}@demo.funkstille.de")


def shown_feed_address(at) -> str:
    (address,) = [c.value for c in at.code if "/calendar/" in c.value]
    return address


def test_a_person_creates_a_feed_and_sees_its_address_once(signed_in, store):
    at = open_page(signed_in, "jonas")
    assert "noch kein Kalender-Abo" in texts(at)
    at.button(key="feed_create").click().run()
    assert not at.exception
    address = shown_feed_address(at)
    assert address.startswith("http") and address.endswith(".ics")
    assert "nur dieses eine Mal" in texts(at)
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    body = calendar_feed.feed_for_token(store, token, "http://localhost:8501")
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")]
    assert any("Brandt Logistik GmbH" in summary for summary in summaries)


def test_renewing_shows_a_new_address_and_the_old_one_stops_working(signed_in, store):
    at = open_page(signed_in, "jonas")
    at.button(key="feed_create").click().run()
    first = shown_feed_address(at)
    at.button(key="feed_renew").click().run()
    second = shown_feed_address(at)
    assert first != second
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    assert calendar_feed.feed_for_token(store, token, "http://x") is None


def test_revoking_ends_the_subscription(signed_in, store):
    at = open_page(signed_in, "claudia")  # the demo manager has a feed
    assert "Kalender-Abo aktiv seit" in texts(at)
    at.button(key="feed_revoke").click().run()
    assert not at.exception
    assert "noch kein Kalender-Abo" in texts(at)
    assert calendar_feed.feed_created_at(store, person(store, "claudia").id) is None


def test_the_digest_opt_in_is_saved_and_says_mail_is_not_set_up_yet(signed_in, store, monkeypatch):
    monkeypatch.delenv("FUNKSTILLE_SMTP_HOST", raising=False)
    at = open_page(signed_in, "jonas")
    assert at.toggle(key="digest_opt_in").value is False
    at.toggle(key="digest_opt_in").set_value(True)
    at.button(key="digest_save").click().run()
    assert not at.exception
    assert digest.digest_enabled(store, person(store, "jonas").id) is True
    shown = texts(at)
    assert "Eingeschaltet: Die Übersicht geht an jonas@demo\\.funkstille\\.de" in shown
    assert "noch nicht eingerichtet" in shown
    at.toggle(key="digest_opt_in").set_value(False)
    at.button(key="digest_save").click().run()
    assert digest.digest_enabled(store, person(store, "jonas").id) is False


def test_every_manners_template_opens_in_the_mail_program_and_can_be_copied(signed_in):
    at = open_page(signed_in, "jonas", "pages/follow_up.py")
    assert not [b for b in at.get("link_button") if "manners_mail_" in (b.proto.id or "")]
    at.session_state[MANNERS_OPEN] = True  # the templates are drawn when opened
    at.run()
    buttons = [b for b in at.get("link_button") if b.proto.id and "manners_mail_" in b.proto.id]
    assert [b.proto.id.split("manners_mail_")[1] for b in buttons] == [
        "decline_inquiry",
        "ending_relationship",
        "exit_follow_up",
        "out_of_office",
    ]
    for button in buttons:
        parts = urlsplit(button.proto.url)
        query = parse_qs(parts.query)
        assert parts.scheme == "mailto" and parts.path == ""
        assert query["subject"][0] and query["body"][0]
        assert button.proto.label == "In E-Mail-Programm öffnen"
        assert any(query["subject"][0] in code.value for code in at.code)


def test_the_due_step_can_be_downloaded_as_a_calendar_entry(signed_in):
    at = open_page(signed_in, "jonas", "pages/follow_up.py")
    (download,) = [d for d in at.get("download_button") if "step_ics_" in d.proto.id]
    assert download.proto.label == "Als Kalendereintrag (.ics)"
