"""A determined colleague against the published pulse: no pair or triple of figures names anyone.

A random team answers over a few weeks (across a month's end); every day the overview is opened
(figures frozen, then read). Each figure ever shown is a linear function of the answers; its
coefficients are found by raising one answer at a time and watching the figure move. A set of
figures gives away one person when some combination of them depends on that person's answers
only: then rank(all columns) > rank(columns of everybody else).
"""

from datetime import date, timedelta
from itertools import combinations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching.morale import Answer, Frozen, close_periods, published

FIRST_MONDAY = date(2026, 9, 21)  # five weeks from here span September and October
QUESTION = "energy"


@st.composite
def teams(draw):
    people = draw(st.integers(min_value=3, max_value=8))
    weeks = draw(st.integers(min_value=2, max_value=5))
    min_group = draw(st.integers(min_value=3, max_value=5))
    rows = []
    for week in range(weeks):
        for person in range(people):
            if draw(st.booleans()) or draw(st.booleans()):
                day = draw(st.integers(min_value=0, max_value=6))
                value = draw(st.integers(min_value=1, max_value=4))
                rows.append((person, week, day, value))
    return min_group, weeks, rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teams())
def test_no_pair_or_triple_of_published_figures_solves_for_one_persons_answer(team):
    min_group, weeks, rows = team
    base = _shown_figures(rows, min_group, weeks)
    unknowns = [(person, week) for person, week, _, _ in rows]
    coefficients = {figure: np.zeros(len(unknowns)) for figure in base}
    for column, _ in enumerate(unknowns):
        raised = [(p, w, d, v + (1 if i == column else 0)) for i, (p, w, d, v) in enumerate(rows)]
        moved = _shown_figures(raised, min_group, weeks)
        assert moved.keys() == base.keys()  # what is shown never depends on the values
        for figure, value in moved.items():
            coefficients[figure][column] = value - base[figure]
    people = {person for person, _ in unknowns}
    figures = list({tuple(np.round(c, 9)): c for c in coefficients.values()}.values())
    for size in (1, 2, 3):
        for chosen in combinations(figures, size):
            matrix = np.array(chosen)
            for person in people:
                others = [i for i, (p, _) in enumerate(unknowns) if p != person]
                assert _rank(matrix) == _rank(matrix[:, others]), f"person {person} given away"


def _shown_figures(rows, min_group: int, weeks: int) -> dict[tuple, float]:
    """Every figure shown on any day it could change: each day an answer arrives, each Monday."""
    frozen_weeks: list[Frozen] = []
    frozen_months: list[Frozen] = []
    shown: dict[tuple, float] = {}
    arrivals = {7 * week + day for _, week, day, _ in rows}
    mondays = set(range(0, 7 * weeks + 49, 7))
    for offset in sorted(arrivals | mondays):
        today = FIRST_MONDAY + timedelta(days=offset)
        arrived = [
            Answer(person, FIRST_MONDAY + timedelta(weeks=week), QUESTION, value)
            for person, week, day, value in rows
            if 7 * week + day <= offset
        ]
        new_weeks, new_months = close_periods(
            arrived, min_group, frozen_weeks, frozen_months, today
        )
        frozen_weeks += [_frozen(p) for p in new_weeks]
        frozen_months += [_frozen(p) for p in new_months]
        for granularity, kept in (("week", frozen_weeks), ("month", frozen_months)):
            for point in published(kept, min_group):
                if point.shown:
                    shown[(granularity, point.period, offset)] = point.mean
    return shown


def _frozen(point) -> Frozen:
    return Frozen(point.period, point.question, point.respondents, point.mean)


def _rank(matrix) -> int:
    return int(np.linalg.matrix_rank(matrix, tol=1e-9)) if matrix.size else 0
