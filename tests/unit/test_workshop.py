from datetime import date, datetime, timedelta

import pytest

from coaching import workshop
from coaching.handout import to_markdown
from coaching.store import accounts as repo
from coaching.store import write
from coaching.workshop import Plan, PlanItem, WorkshopError

TODAY = date(2026, 11, 23)


def _people(engine):
    """A team with its lead and a member."""
    with write(engine) as conn:
        team = repo.create_team(conn, "T")
        ids = [
            repo.add_user(
                conn, team_id=team, email=f"{role}@t.de", name=role, role=role, password_hash="x"
            )
            for role in ("manager", "member")
        ]
        return team, *(repo.user_by_id(conn, i) for i in ids)


def _plan() -> Plan:
    return Plan([PlanItem("a", 15), PlanItem("b", 30), PlanItem("c", 30)])


def test_the_default_agenda_fits_sixty_to_ninety_minutes():
    default = Plan([PlanItem(s.key, s.minutes) for s in workshop.agenda("de").sections])
    assert default.length_is_right()
    assert {s.kind for s in workshop.agenda("de").sections} >= {"reasons", "research", "agreements"}


def test_sections_can_be_moved_skipped_and_timed():
    plan = workshop.move(_plan(), "c", -1)
    assert [i.key for i in plan.items] == ["a", "c", "b"]
    plan = workshop.set_section(plan, "a", minutes=20, skipped=True)
    assert [i.key for i in plan.active()] == ["c", "b"] and plan.total_minutes() == 60


def test_moving_past_the_ends_stays_inside_the_agenda():
    assert [i.key for i in workshop.move(_plan(), "a", -1).items] == ["a", "b", "c"]
    assert [i.key for i in workshop.move(_plan(), "c", 5).items] == ["a", "b", "c"]


def test_at_least_one_section_stays_and_minutes_are_bounded():
    plan = workshop.set_section(_plan(), "a", minutes=15, skipped=True)
    plan = workshop.set_section(plan, "b", minutes=30, skipped=True)
    with pytest.raises(WorkshopError, match="nothing_left"):
        workshop.set_section(plan, "c", minutes=30, skipped=True)
    with pytest.raises(WorkshopError, match="minutes_range"):
        workshop.set_section(_plan(), "a", minutes=0, skipped=False)


def test_the_timer_counts_down_and_then_over_time():
    start = datetime(2026, 11, 23, 10, 0, 0)
    plan = workshop.go_to(_plan(), 1, now=start)
    assert workshop.seconds_left(plan, start + timedelta(minutes=10)) == 20 * 60
    assert workshop.seconds_left(plan, start + timedelta(minutes=31)) == -60
    assert workshop.seconds_left(_plan()) is None


def test_go_to_stays_within_the_active_sections():
    assert workshop.go_to(_plan(), 9).current == 2 and workshop.go_to(_plan(), -1).current == 0


def test_the_plan_is_saved_for_the_team_and_new_content_sections_appear(engine):
    team, lead, _ = _people(engine)
    plan = workshop.load_plan(engine, team, "de")
    changed = workshop.set_section(
        workshop.move(plan, "agreements", -6), "research", minutes=5, skipped=True
    )
    workshop.save_plan(engine, lead, changed)
    again = workshop.load_plan(engine, team, "de")
    assert again.items[0].key == "agreements" and "research" not in [i.key for i in again.active()]


def test_agreements_need_text_owner_and_a_future_review_date(engine):
    team, lead, _ = _people(engine)
    with pytest.raises(WorkshopError, match="text_missing"):
        workshop.add_agreement(engine, lead, " ", "Team", TODAY, TODAY)
    with pytest.raises(WorkshopError, match="owner_missing"):
        workshop.add_agreement(engine, lead, "Rückmeldetermin", "", TODAY, TODAY)
    with pytest.raises(WorkshopError, match="date_past"):
        workshop.add_agreement(engine, lead, "Rückmeldetermin", "Team", TODAY - timedelta(1), TODAY)
    workshop.add_agreement(engine, lead, "Rückmeldetermin", "Team", TODAY, TODAY)
    (agreement,) = workshop.open_agreements(engine, team)
    workshop.review_agreement(engine, lead, agreement.id, "kept", "klappt gut")
    assert workshop.open_agreements(engine, team) == []


def test_the_handout_lists_agenda_research_and_agreements_literally(engine):
    team, lead, _ = _people(engine)
    workshop.add_agreement(engine, lead, "<b>Immer</b> [anrufen](x)", "Team", TODAY, TODAY)
    plan = workshop.load_plan(engine, team, "de")
    outline = workshop.handout(
        "de",
        plan,
        workshop.open_agreements(engine, team),
        {"why_silent": ["Häufigster Grund: Preis (34 %)"]},
    )
    text = to_markdown(outline)
    assert "Warum Kunden verstummen" in text and "Häufigster Grund: Preis" in text
    assert "Dixon" in text and "\\<b\\>Immer" in text


def test_a_member_can_neither_start_advance_nor_change_the_workshop(engine):
    team, lead, member = _people(engine)
    plan = workshop.load_plan(engine, team, "de")
    attempts = {
        "start": workshop.go_to(plan, 0),
        "advance": workshop.go_to(plan, plan.current + 1),
        "reorder": workshop.move(plan, "agreements", -1),
        "retime": workshop.set_section(plan, "research", minutes=5, skipped=True),
    }
    for action, changed in attempts.items():
        with pytest.raises(WorkshopError, match="workshop.lead_only"):
            workshop.save_plan(engine, member, changed)
        assert workshop.load_plan(engine, team, "de") == plan, action
    workshop.save_plan(engine, lead, attempts["advance"])
    assert workshop.load_plan(engine, team, "de").current == 1


def test_a_member_can_neither_add_nor_review_team_agreements(engine):
    team, lead, member = _people(engine)
    with pytest.raises(WorkshopError, match="workshop.lead_only"):
        workshop.add_agreement(engine, member, "Rückmeldetermin", "Team", TODAY, TODAY)
    assert workshop.open_agreements(engine, team) == []
    workshop.add_agreement(engine, lead, "Rückmeldetermin", "Team", TODAY, TODAY)
    (agreement,) = workshop.open_agreements(engine, team)
    with pytest.raises(WorkshopError, match="workshop.lead_only"):
        workshop.review_agreement(engine, member, agreement.id, "dropped", "")
    assert workshop.open_agreements(engine, team) == [agreement]
