from datetime import date

import pytest
from sqlalchemy import func, select

from coaching import roleplay
from coaching.roleplay import RoleplayError
from coaching.store import accounts as repo
from coaching.store import read, write
from coaching.store.conversations import list_debriefs
from coaching.store.schema import roleplay_debriefs


def test_the_same_seed_draws_the_same_cards():
    doc = roleplay.cards("de")
    assert roleplay.draw(doc, 4711) == roleplay.draw(doc, 4711)


def test_a_draw_is_the_same_in_both_languages():
    assert roleplay.draw(roleplay.cards("de"), 1234) == roleplay.draw(roleplay.cards("en"), 1234)


def test_different_seeds_draw_varied_cards_from_the_content():
    doc = roleplay.cards("en")
    draws = [roleplay.draw(doc, seed) for seed in range(1000, 1040)]
    assert len({d.persona for d in draws}) > 1 and len({d.crisis for d in draws}) > 1
    for drawn in draws:
        assert drawn.persona in doc.personas and drawn.crisis in doc.crises
        assert len(set(drawn.objections)) == roleplay.OBJECTIONS_PER_DRAW
        assert set(drawn.objections) <= set(doc.objections)


def test_the_observer_score_counts_steps_in_checklist_order_and_ignores_unknown_keys():
    doc = roleplay.cards("de")
    result = roleplay.score(doc, ["agree", "acknowledge", "made_up"])
    assert result.done == ["acknowledge", "agree"]
    assert result.total == len(doc.checklist)
    assert "interrupt" in result.missed


def test_the_timer_shows_the_full_time_before_start_and_stops_at_zero():
    assert roleplay.remaining_seconds(None, 8, now=100.0) == 480
    assert roleplay.remaining_seconds(100.0, 8, now=161.0) == 419
    assert roleplay.remaining_seconds(100.0, 8, now=10_000.0) == 0
    assert roleplay.clock(419) == "06:59"


def _user(engine):
    with write(engine) as conn:
        team = repo.create_team(conn, "Werkstatt")
        user_id = repo.add_user(
            conn, team_id=team, email="w@t.de", name="W", role="member", password_hash="x"
        )
        return repo.user_by_id(conn, user_id)


def test_a_saved_debrief_keeps_cards_checklist_and_answers(engine):
    user = _user(engine)
    drawn = roleplay.draw(roleplay.cards("de"), 99)
    roleplay.save_debrief(
        engine,
        user,
        drawn,
        ["explore", "acknowledge"],
        {"try_next": " Früher nach dem Bedarf fragen ", "best_sentence": ""},
        date(2026, 11, 23),
    )
    with read(engine) as conn:
        (saved,) = list_debriefs(conn, user.team_id)
    assert (saved.seed, saved.persona, saved.crisis) == (99, drawn.persona, drawn.crisis)
    assert saved.checked == ["acknowledge", "explore"]
    assert saved.answers == {"try_next": "Früher nach dem Bedarf fragen"}


def test_an_empty_debrief_is_refused_and_nothing_is_stored(engine):
    user = _user(engine)
    drawn = roleplay.draw(roleplay.cards("de"), 5)
    with pytest.raises(RoleplayError):
        roleplay.save_debrief(engine, user, drawn, [], {"try_next": "  "}, date(2026, 11, 23))
    with read(engine) as conn:
        assert conn.scalar(select(func.count()).select_from(roleplay_debriefs)) == 0
