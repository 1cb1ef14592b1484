"""Team-Stimmung: the weekly pulse in aggregate only, and the team figures shown beside it.

Pure functions, no database. The disclosure rule for pulse values (tested in test_morale.py and,
against every pair and triple of published figures, in test_morale_differencing.py):

k = max(3, the team's minimum group size).

1. Closed and frozen: a week's figure is published only after the week has ended, computed once
   from the answers of that week and stored; it is never recomputed, so no later state (one more
   answer, a deleted account, purged answers) can be compared with it. There is no live week.
2. Too few: a week is hidden unless at least k distinct people answered the question in it.
3. Neighbour: a week is also hidden when the week right before it is shown and the two sets of
   respondents differ by at least one but fewer than k people, so a trend line does not invite
   guessing about the few who joined or left. A week after a hidden one is judged on its own.
4. Months add nothing: a month's figure is the mean of all answers of its shown weeks (each
   week weighs with its respondents), published once the month has ended. It is thereby a
   combination of published weekly figures and cannot be set against them to isolate anyone;
   hidden weeks are left out of it.
Every answer belongs to exactly one week, and each shown week covers at least k people, so no
combination of published figures singles out one person's answer.
"""

from datetime import date, timedelta

import pandas as pd

from coaching import settings
from coaching.errors import InputError
from coaching.store.pulse import Answer, Frozen, Point

ABSOLUTE_MIN_GROUP = 3
MAX_GROUP_SETTING = 20
RETENTION_RANGE = (1, 60)
TOO_FEW = "too_few"
NEIGHBOUR = "neighbour"


class MoraleError(InputError):
    """A setting the privacy rules do not allow; key is a UI string in team.yaml."""


def effective_min_group(setting: int | None) -> int:
    """The group size the rules use: the team's setting (else the operator's default), never
    below three people. The one place of the minimum-group rule."""
    return max(ABSOLUTE_MIN_GROUP, setting or settings.min_group_size())


def check_min_group(value: int) -> int:
    if not ABSOLUTE_MIN_GROUP <= value <= MAX_GROUP_SETTING:
        raise MoraleError(
            "team.min_group_out_of_range", low=ABSOLUTE_MIN_GROUP, high=MAX_GROUP_SETTING
        )
    return value


def check_retention(months: int) -> int:
    low, high = RETENTION_RANGE
    if not low <= months <= high:
        raise MoraleError("team.retention_out_of_range", low=low, high=high)
    return months


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period_of(week: date, granularity: str) -> date:
    return week.replace(day=1) if granularity == "month" else monday(week)


def has_ended(period: date, granularity: str, today: date) -> bool:
    """A period can be frozen once no more answers can arrive for it (answers are for this week)."""
    current = period_of(monday(today), granularity)
    return period < current


def retention_cutoff(today: date, months: int) -> date:
    """Raw answers for weeks before this Monday are deleted: `months` counted back from today."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return monday(date(year, month + 1, min(today.day, 28)))


def close_periods(
    answers: list[Answer],
    min_group: int,
    frozen_weeks: list[Frozen],
    frozen_months: list[Frozen],
    today: date,
) -> tuple[list[Point], list[Point]]:
    """The figures to freeze today: weeks that have ended, and months that have ended.

    Months are built from the frozen weeks (old and new), never from raw answers.
    """
    weeks = [
        p
        for p in series(answers, min_group, frozen_weeks)
        if p.period not in _stored(frozen_weeks, p.question) and has_ended(p.period, "week", today)
    ]
    all_weeks = [
        *frozen_weeks,
        *(Frozen(p.period, p.question, p.respondents, p.mean) for p in weeks),
    ]
    k = effective_min_group(min_group)
    months = [
        p
        for p in _months(all_weeks, k)
        if p.period not in _stored(frozen_months, p.question)
        and has_ended(p.period, "month", today)
    ]
    return weeks, months


def published(frozen: list[Frozen], min_group: int) -> list[Point]:
    """What a manager sees: frozen figures only, and only those that still reach today's k."""
    k = effective_min_group(min_group)
    return [_as_shown(kept, k) for kept in sorted(frozen, key=lambda f: (f.question, f.period))]


def series(answers: list[Answer], min_group: int, frozen: list[Frozen] = ()) -> list[Point]:
    """Every week from the first to the last with data, per question, with the rule applied."""
    k = effective_min_group(min_group)
    questions = sorted({a.question for a in answers} | {f.question for f in frozen})
    return [p for q in questions for p in _question_series(answers, frozen, q, k)]


def trend(points: list[Point], question: str) -> tuple[float, float | None] | None:
    """The latest shown value of a question and its change since the previous shown one."""
    shown = [p.mean for p in points if p.question == question and p.shown]
    if not shown:
        return None
    return shown[-1], (shown[-1] - shown[-2] if len(shown) > 1 else None)


def _stored(frozen: list[Frozen], question: str) -> set[date]:
    return {f.period for f in frozen if f.question == question}


def _months(weeks: list[Frozen], k: int) -> list[Point]:
    """Per month and question: the mean of all answers of the shown weeks of that month."""
    sums: dict[tuple[date, str], tuple[float, int]] = {}
    for w in weeks:
        key = (period_of(w.period, "month"), w.question)
        total, count = sums.get(key, (0.0, 0))
        if w.mean is not None and w.respondents >= k:
            total, count = total + w.mean * w.respondents, count + w.respondents
        sums[key] = (total, count)
    return [
        Point(month, question, total / count, None, count)
        if count
        else Point(month, question, None, TOO_FEW, 0)
        for (month, question), (total, count) in sorted(sums.items())
    ]


def _as_shown(kept: Frozen, k: int) -> Point:
    """A frozen figure is shown if it was shown when frozen and still reaches the current k."""
    shown = kept.mean is not None and kept.respondents >= k
    hidden = None if shown else (TOO_FEW if kept.respondents < k else NEIGHBOUR)
    return Point(kept.period, kept.question, kept.mean if shown else None, hidden, kept.respondents)


def _question_series(answers, frozen, question, k) -> list[Point]:
    people: dict[date, dict[int, list[int]]] = {}
    for a in answers:
        if a.question == question:
            bucket = people.setdefault(monday(a.week), {})
            bucket.setdefault(a.person, []).append(a.value)
    stored = {f.period: f for f in frozen if f.question == question}
    periods = set(people) | set(stored)
    if not periods:
        return []
    points, before, before_shown, before_missing = [], set(), False, 0
    for period in _calendar(min(periods), max(periods)):
        by_person = people.get(period, {})
        current = set(by_person)
        if period in stored:
            kept = stored[period]
            points.append(_as_shown(kept, k))
            before, before_shown = current, kept.mean is not None
            before_missing = max(0, kept.respondents - len(current))
            continue
        changed = len(current ^ before) + before_missing
        if len(current) < k:
            point = Point(period, question, None, TOO_FEW, len(current))
        elif before_shown and 0 < changed < k:
            point = Point(period, question, None, NEIGHBOUR, len(current))
        else:
            means = [sum(v) / len(v) for v in by_person.values()]
            point = Point(period, question, sum(means) / len(means), None, len(current))
        points.append(point)
        before, before_shown, before_missing = current, point.shown, 0
    return points


def _calendar(first: date, last: date) -> list[date]:
    periods, current = [], first
    while current <= last:
        periods.append(current)
        current += timedelta(days=7)
    return periods


def frame(points: list[Point]):
    """The series as a table for charts: hidden periods keep neither a value nor a count."""
    rows = [
        {
            "period": p.period,
            "question": p.question,
            "mean": p.mean if p.shown else None,
            "respondents": p.respondents if p.shown else None,
            "hidden": p.hidden or "",
        }
        for p in points
    ]
    return pd.DataFrame(rows, columns=["period", "question", "mean", "respondents", "hidden"])
