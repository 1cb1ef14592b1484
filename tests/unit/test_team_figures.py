"""The team figures beside the pulse, and the team actions they point to."""

from datetime import date, timedelta

from coaching.morale import Answer, series
from coaching.team_figures import (
    losses_by_month,
    shared_lessons,
    silent_hours,
    suggested_actions,
)

TODAY = date(2026, 11, 23)


def _falling_energy(weeks: int = 8) -> list:
    first = date(2026, 9, 28)
    answers = [
        Answer(
            person=p, week=first + timedelta(weeks=w), question="energy", value=4 if w < 4 else 2
        )
        for w in range(weeks)
        for p in range(5)
    ]
    return series(answers, 5)


def test_falling_morale_while_losses_rise_suggests_looking_at_the_losses_together():
    losses = [(TODAY - timedelta(days=d), "ghosted") for d in (3, 10, 20, 30)]
    losses += [(TODAY - timedelta(days=70), "lost")]
    assert suggested_actions(_falling_energy(), losses, [], TODAY) == ["morale_and_losses"]


def test_falling_morale_without_more_losses_suggests_nothing_about_losses():
    losses = [(TODAY - timedelta(days=70), "lost"), (TODAY - timedelta(days=80), "lost")]
    assert "morale_and_losses" not in suggested_actions(_falling_energy(), losses, [], TODAY)


def test_many_offers_without_a_next_step_suggest_practising_the_commitment_question():
    offers = [(TODAY - timedelta(days=d), d % 3 == 0) for d in range(1, 11)]
    assert suggested_actions([], [], offers, TODAY) == ["offers_without_next_step"]
    assert suggested_actions([], [], offers[:2], TODAY) == []  # too few offers to judge


def test_losses_are_counted_per_month_without_any_person():
    frame = losses_by_month([(date(2026, 10, 3), "lost"), (date(2026, 10, 9), "lost")])
    assert frame.to_dict("records") == [{"month": date(2026, 10, 1), "status": "lost", "count": 2}]
    assert list(frame.columns) == ["month", "status", "count"]


def test_hours_appear_only_from_the_group_size_of_distinct_authors():
    assert silent_hours([(1, 5.0), (1, 7.0), (2, 3.0)], 3) is None
    shown = silent_hours([(1, 5.0), (2, 7.0), (3, 3.0)], 3)
    assert shown.total == 15 and shown.deals == 3


def test_written_lessons_need_five_authors_and_anonymous_ones_never_carry_a_name():
    four = [(n, "our_side", "Lesson", "anonymous", None) for n in range(4)]
    assert shared_lessons(four, 3).comments is None
    five = [*four, (9, "competitor", "Named lesson", "named", "Aylin Demir")]
    lessons = shared_lessons(five, 3)
    assert lessons.by_root == {"our_side": 4, "competitor": 1}
    assert ("Named lesson", "Aylin Demir") in lessons.comments
    assert [name for text, name in lessons.comments if text == "Lesson"] == [None] * 4
