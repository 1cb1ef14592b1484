"""The pulse in the store: one answer per week, private notes, frozen aggregates, retention."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError

from coaching import pulse
from coaching.morale import NEIGHBOUR, MoraleError
from coaching.store import accounts as repo
from coaching.store import pulse as store
from coaching.store import read, write
from coaching.store.accounts import User
from coaching.store.leads import add_lead
from coaching.store.schema import deals, pulse_aggregates, reviews, teams

TODAY = date(2026, 11, 23)
ALL_FIVE = {"energy": 3, "weight": 3, "support": 3}


def _team(engine, size=6) -> tuple[int, list[User]]:
    with write(engine) as conn:
        team = repo.create_team(conn, "T")
        ids = [
            repo.add_user(
                conn,
                team_id=team,
                email=f"p{i}@t.de",
                name=f"Person {i}",
                role="manager" if i == 0 else "member",
                password_hash="x",
            )
            for i in range(size)
        ]
        people = [repo.user_by_id(conn, i) for i in ids]
    return team, people


def test_a_second_answer_in_the_same_week_replaces_the_first(engine):
    _, people = _team(engine, 1)
    pulse.answer(engine, people[0], ALL_FIVE, "", TODAY)
    pulse.answer(engine, people[0], {**ALL_FIVE, "energy": 5}, "", TODAY + timedelta(days=2))
    with read(engine) as conn:
        answers = store.own_answers(conn, people[0].id)
    assert len(answers) == 3 and {a.value for a in answers if a.question == "energy"} == {5}


def test_an_answer_outside_one_to_five_or_missing_a_question_saves_nothing(engine):
    _, people = _team(engine, 1)
    for values in ({**ALL_FIVE, "energy": 6}, {"energy": 3}, {**ALL_FIVE, "mood": 2}):
        with pytest.raises(MoraleError):
            pulse.answer(engine, people[0], values, "Notiz", TODAY)
    with read(engine) as conn:
        assert store.own_answers(conn, people[0].id) == []
        assert store.own_notes(conn, people[0].id) == {}


def test_the_database_refuses_a_value_outside_the_scale(engine):
    team, people = _team(engine, 1)
    with pytest.raises(DBAPIError), write(engine) as conn:
        store.save_answers(conn, team, people[0].id, TODAY, {"energy": 9})


def test_notes_and_history_belong_to_their_author_only(engine):
    _, people = _team(engine, 2)
    pulse.answer(engine, people[0], ALL_FIVE, "Nur ich", TODAY)
    pulse.answer(engine, people[1], ALL_FIVE, "", TODAY)
    assert pulse.this_week(engine, people[1], TODAY) == (ALL_FIVE, "")
    assert pulse.own_history(engine, people[1])["note"].tolist() == [""]
    assert pulse.own_history(engine, people[0])["note"].tolist() == ["Nur ich"]


def test_deleting_a_person_deletes_their_answers_and_notes(engine):
    team, people = _team(engine, 2)
    pulse.answer(engine, people[1], ALL_FIVE, "weg damit", TODAY)
    with write(engine) as conn:
        repo.remove_user(conn, people[1].id)
    with read(engine) as conn:
        assert store.team_answers(conn, team) == []
        assert store.own_notes(conn, people[1].id) == {}


def test_the_database_refuses_a_group_size_below_three(engine):
    team, _ = _team(engine, 1)
    with pytest.raises(DBAPIError), write(engine) as conn:
        conn.execute(update(teams).where(teams.c.id == team).values(min_group_size=2))
    with read(engine) as conn:
        assert store.privacy_settings(conn, team) == (5, 12)


def test_only_a_manager_changes_the_privacy_settings_and_only_within_bounds(engine):
    team, people = _team(engine, 2)
    with pytest.raises(MoraleError):
        pulse.set_privacy_settings(engine, people[1], 3, 12)
    with pytest.raises(MoraleError):
        pulse.set_privacy_settings(engine, people[0], 2, 12)
    with pytest.raises(MoraleError):
        pulse.set_privacy_settings(engine, people[0], 5, 0)
    pulse.set_privacy_settings(engine, people[0], 3, 6)
    assert pulse.privacy_settings(engine, team) == (3, 6)


def _answer_weeks(engine, people, weeks: int, last_monday: date) -> None:
    for n in range(weeks):
        day = last_monday - timedelta(weeks=n)
        for person in people:
            pulse.answer(engine, person, {**ALL_FIVE, "energy": 2 + n % 3}, "alt", day)


def test_ended_weeks_are_frozen_and_a_later_deletion_does_not_change_them(engine):
    team, people = _team(engine, 6)
    _answer_weeks(engine, people, 2, date(2026, 11, 16))
    assert pulse.team_pulse(engine, team, "week") == []  # nothing frozen, nothing shown
    frozen, _ = pulse.maintain(engine, team, TODAY)
    assert frozen == 2 * 3  # two ended weeks, three questions each; November has not ended
    before = pulse.team_pulse(engine, team, "week")
    with write(engine) as conn:
        repo.remove_user(conn, people[5].id)
    after = pulse.team_pulse(engine, team, "week")
    assert [p.mean for p in after] == [p.mean for p in before]
    assert pulse.maintain(engine, team, TODAY)[0] == 0  # nothing frozen twice


def test_a_week_after_a_deleted_persons_last_week_is_still_compared_fairly(engine):
    team, people = _team(engine, 6)
    _answer_weeks(engine, people, 1, date(2026, 11, 9))
    pulse.maintain(engine, team, TODAY)
    with write(engine) as conn:
        repo.remove_user(conn, people[5].id)
    _answer_weeks(engine, people[:5], 1, date(2026, 11, 16))
    pulse.maintain(engine, team, TODAY)
    points = [p for p in pulse.team_pulse(engine, team, "week") if p.question == "energy"]
    assert [p.hidden for p in points] == [None, NEIGHBOUR]


def test_raw_answers_past_retention_are_deleted_and_their_averages_kept(engine):
    team, people = _team(engine, 5)
    _answer_weeks(engine, people, 3, date(2025, 10, 20))  # older than 12 months
    _answer_weeks(engine, people, 1, date(2026, 11, 16))
    frozen, deleted = pulse.maintain(engine, team, TODAY)
    assert deleted == 3 * 5 * 3
    with read(engine) as conn:
        remaining = store.team_answers(conn, team)
        notes = store.own_notes(conn, people[0].id)
        kept = conn.scalar(select(pulse_aggregates.c.id).limit(1))
    assert {a.week for a in remaining} == {date(2026, 11, 16)}
    assert list(notes) == [date(2026, 11, 16)]
    assert kept is not None
    points = [p for p in pulse.team_pulse(engine, team, "week") if p.question == "energy"]
    assert points[0].period == date(2025, 10, 6) and points[0].mean == 4
    assert points[-1].period == date(2026, 11, 16) and points[-1].shown


def _review(conn, team, author, mode, lesson="Früher nachfragen.", hours=5):
    conn.execute(
        insert(reviews).values(
            team_id=team,
            author_id=author,
            deal_label="Stand",
            root_category="our_side",
            main_reason="price",
            reasons="[]",
            missed_signals="[]",
            hours_invested=hours,
            lesson=lesson,
            answers="{}",
            share_mode=mode,
            created_at=datetime(2026, 11, 1),
        )
    )


def test_the_overview_counts_team_figures_and_hides_what_few_people_shared(engine):
    team, people = _team(engine, 6)
    with write(engine) as conn:
        for n, status in enumerate(["lost", "ghosted", "ghosted", "won", "open"]):
            add_lead(
                conn,
                team,
                owner_id=people[n].id,
                company=f"Firma {n}",
                stage="offer_sent",
                status=status,
                value_eur=1000,
                offer_date=date(2026, 10, 1 + n),
                next_step_date=date(2026, 10, 20) if n < 2 else None,
                closed_at=datetime(2026, 11, 2) if status != "open" else None,
            )
        conn.execute(
            insert(deals).values(
                team_id=team,
                source="generic",
                record_id="d1",
                status="lost",
                amount=500,
                created_date=date(2026, 9, 1),
                close_date=date(2026, 10, 15),
                imported_at=datetime(2026, 11, 1),
                row_hash="h",
            )
        )
        for person in people[:4]:
            _review(conn, team, person.id, "anonymous")
        _review(conn, team, people[0].id, "private", lesson="geheim", hours=99)
    view = pulse.overview(engine, team, TODAY)
    assert view.losses["count"].sum() == 4
    assert view.recent_offers == 5 and view.recent_share == pytest.approx(0.4)
    assert view.hours is None  # four authors, group size five
    assert view.lessons.comments is None and view.lessons.by_root == {"our_side": 4}
    october = view.planning.set_index("month").loc[date(2026, 10, 1)]
    assert (october["expected"], october["won"], october["open"]) == (5000, 1000, 1000)
    assert october["reliability"] == pytest.approx(0.25)
    assert "offers_without_next_step" in view.actions

    with write(engine) as conn:
        _review(conn, team, people[4].id, "named", lesson="Termin gleich festmachen.")
    view = pulse.overview(engine, team, TODAY)
    assert view.hours.total == 25 and view.hours.deals == 5
    assert ("Termin gleich festmachen.", "Person 4") in view.lessons.comments
    others = [name for text, name in view.lessons.comments if text != "Termin gleich festmachen."]
    assert others and all(name is None for name in others)
    assert not any(text == "geheim" for text, _ in view.lessons.comments)


def test_the_demo_pulse_has_twelve_weeks_and_weeks_too_small_to_show(engine):
    from coaching.demo import reset_demo

    report = reset_demo(engine, TODAY)
    pulse.maintain(engine, report.team_id, TODAY)
    points = pulse.team_pulse(engine, report.team_id, "week")
    energy = [p for p in points if p.question == "energy"]
    assert len(energy) == 12
    assert {p.hidden for p in energy} == {None, "too_few", NEIGHBOUR}
    shown = [p.mean for p in energy if p.shown]
    assert shown[0] - shown[-1] >= 1  # energy sinks over the quarter


def test_a_pulse_file_without_the_support_question_is_refused_by_name(tmp_path):
    import shutil

    from coaching import settings
    from coaching.content import ContentError, load_catalog

    content = tmp_path / "content"
    shutil.copytree(settings.content_dir(), content)
    path = content / "de" / "pulse.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  support:")] + text[text.index("actions:") :])
    with pytest.raises(ContentError) as error:
        load_catalog(content, "de")
    assert "pulse.yaml" in str(error.value) and "questions" in str(error.value)


def test_the_start_page_reminds_of_the_pulse_until_it_is_answered(engine):
    _, people = _team(engine, 3)
    assert [a.page for a in pulse.pulse_due(engine, people[1])] == ["pages/pulse.py"]
    pulse.answer(engine, people[1], ALL_FIVE, "", date.today())
    assert pulse.pulse_due(engine, people[1]) == []


def test_a_team_too_small_to_aggregate_is_not_asked_for_a_pulse(engine):
    _, people = _team(engine, 2)
    assert pulse.pulse_due(engine, people[0]) == []


def test_the_running_month_is_left_out_until_it_has_ended(engine):
    team, people = _team(engine, 5)
    _answer_weeks(engine, people, 4, date(2026, 11, 16))  # 26 October to 16 November
    pulse.maintain(engine, team, TODAY)
    months = {p.period for p in pulse.team_pulse(engine, team, "month")}
    assert months == {date(2026, 10, 1)}


def test_the_purge_command_maintains_every_team(engine, monkeypatch, capsys):
    import json

    from coaching.cli import main

    team, people = _team(engine, 5)
    _answer_weeks(engine, people, 1, date(2024, 1, 8))
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    assert main(["pulse", "purge", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["deleted"] == 15 and result["frozen"] >= 3
    with read(engine) as conn:
        assert store.team_answers(conn, team) == []


def test_the_running_week_shows_nothing_so_a_sixth_answer_cannot_be_worked_out(engine):
    """The finding: five answers, then a sixth, in the running week of a seven-person team."""
    team, people = _team(engine, 7)
    week = pulse.morale.monday(TODAY)
    for n, person in enumerate(people[:5]):
        pulse.answer(engine, person, {"energy": 3 + n % 2, "weight": 2, "support": 4}, "", TODAY)
    pulse.maintain(engine, team, TODAY)
    before = pulse.team_pulse(engine, team, "week")
    pulse.answer(engine, people[5], {"energy": 1, "weight": 5, "support": 2}, "", TODAY)
    pulse.maintain(engine, team, TODAY)
    after = pulse.team_pulse(engine, team, "week")
    assert week not in {p.period for p in before + after}
    pulse.maintain(engine, team, TODAY + timedelta(days=7))
    closed = [p for p in pulse.team_pulse(engine, team, "week") if p.period == week]
    assert {p.respondents for p in closed} == {6}  # one figure, with all six, once closed


def test_a_month_cannot_be_set_against_its_weeks_to_find_one_person(engine):
    """The finding: 9 people, week 1 = {1..5}, week 2 = {1, 6..9}; 5·w1 + 5·w2 − 9·M."""
    team, people = _team(engine, 9)
    first, second = date(2026, 10, 5), date(2026, 10, 12)
    for n, person in enumerate(people[:5]):
        pulse.answer(engine, person, {**ALL_FIVE, "energy": 1 + n}, "", first)
    for value, person in zip([1, 5, 4, 3, 2], [people[0], *people[5:]], strict=True):
        pulse.answer(engine, person, {**ALL_FIVE, "energy": value}, "", second)
    pulse.maintain(engine, team, TODAY)
    weeks = {
        p.period: p.mean for p in pulse.team_pulse(engine, team, "week") if p.question == "energy"
    }
    month = next(p.mean for p in pulse.team_pulse(engine, team, "month") if p.question == "energy")
    person_one_mean = (1 + 1) / 2
    assert 5 * weeks[first] + 5 * weeks[second] - 9 * month != pytest.approx(person_one_mean)
    assert month == pytest.approx((5 * weeks[first] + 5 * weeks[second]) / 10)
