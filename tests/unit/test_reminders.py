from datetime import UTC, datetime, timedelta

from coaching.content import catalog
from coaching.reminders import URL_PATHS, berlin_today, due_items
from coaching.ui.pages import PAGES
from tests.conftest import FIXED_TODAY
from tests.unit.conftest import ago


def by_uid(team, user):
    return {item.uid: item for item in due_items(team.engine, user.id, FIXED_TODAY)}


def test_a_person_sees_each_kind_of_due_date_of_their_own_leads(reminder_team):
    items = by_uid(reminder_team, reminder_team.anna)
    leads = reminder_team.leads
    assert {item.kind for item in items.values()} == {
        "follow_up",
        "next_step",
        "handshake",
        "resume",
        "agreement",
    }
    assert items[f"next-step-{leads['agreed']}"].on == ago(-3)
    assert items[f"next-step-{leads['agreed']}"].detail == "Feedback-Telefonat"
    assert items[f"resume-{leads['parked']}"].on == ago(-20)
    assert "Budget erst im Januar" in items[f"resume-{leads['parked']}"].detail
    days = catalog("de").doc("lead_check").handshake_days
    assert items[f"handshake-{leads['handshake']}"].on == ago(10) + timedelta(days=days)
    assert items[f"agreement-{reminder_team.agreement}"].on == ago(1)


def test_the_due_follow_up_step_is_named_with_its_step_and_company(reminder_team):
    items = by_uid(reminder_team, reminder_team.anna)
    silent = f"follow-up-{reminder_team.leads['silent']}-"
    step = next(item for uid, item in items.items() if uid.startswith(silent))
    assert step.title.startswith("Nachfassen: ") and "Brandt Logistik" in step.title
    assert step.on <= FIXED_TODAY


def test_colleagues_and_other_teams_leads_never_appear(reminder_team):
    titles = " ".join(item.title for item in by_uid(reminder_team, reminder_team.anna).values())
    assert "Nordlicht" not in titles and "Fremd GmbH" not in titles
    stranger = by_uid(reminder_team, reminder_team.stranger)
    assert all("Rückruf statt dritter Mail" not in item.title for item in stranger.values())


def test_items_speak_the_persons_language(reminder_team):
    items = by_uid(reminder_team, reminder_team.ben)
    step = next(item for item in items.values() if item.kind == "follow_up")
    assert step.title.startswith("Follow up: ") and "Nordlicht" in step.title
    assert items[f"agreement-{reminder_team.agreement}"].title.startswith("Review workshop")


def test_uids_stay_the_same_from_day_to_day(reminder_team):
    today = set(by_uid(reminder_team, reminder_team.anna))
    later = FIXED_TODAY + timedelta(days=1)
    tomorrow = {item.uid for item in due_items(reminder_team.engine, reminder_team.anna.id, later)}
    assert today == tomorrow


def test_every_item_links_to_a_page_of_the_app():
    known = {page.url_path for page in PAGES}
    assert set(URL_PATHS.values()) <= known


def test_the_day_is_berlins_day():
    late_in_utc = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 00:30 in Berlin
    assert berlin_today(late_in_utc).isoformat() == "2026-11-24"


def test_an_unknown_person_has_nothing_due(engine):
    assert due_items(engine, 999, FIXED_TODAY) == []
