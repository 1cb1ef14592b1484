"""The disclosure rule of the team pulse: who may see which average, and when it stays hidden."""

from datetime import date, timedelta

import pytest

from coaching.morale import (
    NEIGHBOUR,
    TOO_FEW,
    Answer,
    Frozen,
    MoraleError,
    check_min_group,
    close_periods,
    effective_min_group,
    has_ended,
    monday,
    published,
    retention_cutoff,
    series,
    trend,
)

W1 = date(2026, 10, 5)  # a Monday


def week(n: int) -> date:
    return W1 + timedelta(weeks=n)


def answers(week_people: dict[int, list[int]], value=lambda p, w: 3) -> list[Answer]:
    return [
        Answer(person=p, week=week(w), question="energy", value=value(p, w))
        for w, people in week_people.items()
        for p in people
    ]


def hidden(points) -> dict[date, str | None]:
    return {p.period: p.hidden for p in points}


def test_a_week_below_the_group_size_is_hidden_and_has_no_value():
    points = series(answers({0: [1, 2, 3, 4]}), min_group=5)
    assert points[0].hidden == TOO_FEW and points[0].mean is None


def test_a_week_at_the_group_size_shows_the_mean_of_the_people():
    points = series(answers({0: [1, 2, 3, 4, 5]}, lambda p, w: p), min_group=5)
    assert points[0].shown and points[0].mean == 3


def test_the_group_size_is_never_below_three_whatever_the_setting():
    assert effective_min_group(1) == 3 and effective_min_group(2) == 3
    points = series(answers({0: [1, 2]}), min_group=1)
    assert points[0].hidden == TOO_FEW
    assert series(answers({0: [1, 2, 3]}), min_group=1)[0].shown


def test_a_manager_may_choose_three_or_four_but_not_fewer():
    assert check_min_group(3) == 3 and check_min_group(4) == 4
    with pytest.raises(MoraleError) as error:
        check_min_group(2)
    assert error.value.key == "team.min_group_out_of_range"


def test_a_week_missing_one_person_after_a_full_week_is_hidden_as_a_neighbour():
    six, five = [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5]
    points = series(answers({0: six, 1: five}), min_group=5)
    assert hidden(points) == {week(0): None, week(1): NEIGHBOUR}
    assert points[1].mean is None


def test_a_person_leaving_hides_one_week_and_then_the_series_carries_on():
    six, five = [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5]
    points = series(answers({0: six, 1: six, 2: five, 3: five, 4: five}), min_group=5)
    assert [p.hidden for p in points] == [None, None, NEIGHBOUR, None, None]


def test_a_person_joining_hides_the_first_week_with_them():
    five, six = [1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6]
    points = series(answers({0: five, 1: six, 2: six}), min_group=5)
    assert [p.hidden for p in points] == [None, NEIGHBOUR, None]


def test_one_leaving_and_one_joining_still_counts_as_a_change_of_two():
    points = series(answers({0: [1, 2, 3, 4, 5], 1: [1, 2, 3, 4, 6]}), min_group=3)
    assert points[1].hidden == NEIGHBOUR  # 2 changed, fewer than 3
    points = series(answers({0: [1, 2, 3, 4, 5], 1: [1, 2, 6, 7, 8]}), min_group=3)
    assert points[1].shown  # 6 changed: no single person can be told apart


def test_no_two_neighbouring_shown_weeks_differ_by_fewer_than_the_group_size():
    import random

    rng = random.Random(7)
    weeks = {w: sorted(rng.sample(range(1, 10), rng.randint(3, 9))) for w in range(30)}
    sets = {week(w): set(p) for w, p in weeks.items()}
    points = series(answers(weeks), min_group=4)
    for before, after in zip(points, points[1:], strict=False):
        if before.shown and after.shown:
            changed = len(sets[before.period] ^ sets[after.period])
            assert changed == 0 or changed >= 4


def test_a_week_after_a_hidden_week_is_judged_on_its_own():
    six = [1, 2, 3, 4, 5, 6]
    points = series(answers({0: six, 1: [1, 2, 3], 2: [1, 2, 3, 4, 5]}), min_group=5)
    assert [p.hidden for p in points] == [None, TOO_FEW, None]


def test_empty_weeks_between_answers_are_listed_as_too_few():
    points = series(answers({0: [1, 2, 3], 2: [1, 2, 3]}), min_group=3)
    assert [p.hidden for p in points] == [None, TOO_FEW, None]


def test_a_running_week_is_not_closed_and_an_ended_one_is_closed_once():
    five = answers({0: [1, 2, 3, 4, 5], 1: [1, 2, 3, 4, 5]})
    weeks, _ = close_periods(five, 5, [], [], week(1) + timedelta(days=2))
    assert [p.period for p in weeks] == [week(0)]
    kept = [Frozen(p.period, p.question, p.respondents, p.mean) for p in weeks]
    again, _ = close_periods(five, 5, kept, [], week(1) + timedelta(days=3))
    assert again == []


def test_a_month_is_the_mean_of_all_answers_of_its_shown_weeks():
    # October: week 0 with 1-3 (values 5, 3, 4), week 1 with 1-3 (1, 3, 4); week 2 too few
    values = {(1, 0): 5, (1, 1): 1, (2, 0): 3, (2, 1): 3, (3, 0): 4, (3, 1): 4}
    rows = answers({0: [1, 2, 3], 1: [1, 2, 3], 2: [1, 2]}, lambda p, w: values.get((p, w), 1))
    weeks, months = close_periods(rows, 3, [], [], date(2026, 11, 2))
    assert [p.hidden for p in weeks] == [None, None, TOO_FEW]
    assert months[0].period == date(2026, 10, 1)
    assert months[0].mean == pytest.approx(20 / 6) and months[0].respondents == 6


def test_a_running_month_is_not_closed():
    rows = answers({0: [1, 2, 3]})
    _, months = close_periods(rows, 3, [], [], date(2026, 10, 20))
    assert months == []


def test_only_frozen_figures_are_published():
    kept = [Frozen(week(0), "energy", 5, 3.4), Frozen(week(1), "energy", 4, None)]
    points = published(kept, 5)
    assert [(p.mean, p.hidden) for p in points] == [(3.4, None), (None, TOO_FEW)]


def test_a_frozen_period_keeps_its_value_when_a_person_is_deleted_later():
    frozen = [Frozen(week(0), "energy", 6, 3.5)]
    after_deletion = answers({0: [1, 2, 3, 4, 5], 1: [1, 2, 3, 4, 5]})
    points = series(after_deletion, 5, frozen)
    assert points[0].mean == 3.5
    assert points[1].hidden == NEIGHBOUR  # the deleted person still counts as changed


def test_a_frozen_period_obeys_a_raised_group_size():
    points = series([], 6, [Frozen(week(0), "energy", 5, 3.0)])
    assert points[0].hidden == TOO_FEW and points[0].mean is None


def test_a_week_can_be_frozen_only_after_it_ended():
    assert not has_ended(monday(date(2026, 11, 25)), "week", date(2026, 11, 25))
    assert has_ended(date(2026, 11, 16), "week", date(2026, 11, 23))
    assert not has_ended(date(2026, 11, 1), "month", date(2026, 11, 23))


def test_retention_counts_whole_months_back_to_a_monday():
    cutoff = retention_cutoff(date(2026, 11, 23), 12)
    assert cutoff.weekday() == 0 and date(2025, 11, 17) <= cutoff <= date(2025, 11, 23)


def test_trend_compares_the_latest_two_shown_values():
    weeks = {0: [1, 2, 3], 1: [1, 2], 2: [1, 2, 3]}
    points = series(answers(weeks, lambda p, w: 4 if w == 0 else 2), 3)
    latest, change = trend(points, "energy")
    assert latest == 2 and change == -2
