"""Team-Stimmung: the weekly pulse in aggregate only, and the team figures shown beside it.

Pure functions, no database. The disclosure rule for pulse values (tested in test_morale.py):

k = max(3, the team's minimum group size). Per question, the periods (calendar weeks; or months,
where a week belongs to the month of its Monday) are judged oldest first, empty periods included:

1. Too few: a period is hidden unless at least k distinct people answered the question in it.
2. Neighbour: a period is also hidden when the period right before it is shown and the two sets
   of respondents differ by at least one but fewer than k people (who left plus who joined).
   Otherwise comparing the two averages would tell the answers of those few people. A period
   after a hidden one is judged on its own, since a hidden value can be compared with nothing:
   so when a person leaves or joins, one period is hidden and then the series carries on.
3. Frozen: once a period has ended, its decision, count and mean are stored and never recomputed,
   so a person's account being deleted or old answers being purged cannot change a value that was
   already shown. A frozen period is shown only if it was shown when frozen and its count still
   reaches the current k. People counted in a frozen period whose answers are gone count as
   changed when the next period is compared with it.

A period's value is the mean of each person's mean, so in a month every person weighs once.
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


def series(
    answers: list[Answer],
    min_group: int,
    granularity: str = "week",
    frozen: list[Frozen] = (),
) -> list[Point]:
    """Every period from the first to the last with data, per question, with the rule applied."""
    k = effective_min_group(min_group)
    questions = sorted({a.question for a in answers} | {f.question for f in frozen})
    return [p for q in questions for p in _question_series(answers, frozen, q, k, granularity)]


def trend(points: list[Point], question: str) -> tuple[float, float | None] | None:
    """The latest shown value of a question and its change since the previous shown one."""
    shown = [p.mean for p in points if p.question == question and p.shown]
    if not shown:
        return None
    return shown[-1], (shown[-1] - shown[-2] if len(shown) > 1 else None)


def _question_series(answers, frozen, question, k, granularity) -> list[Point]:
    people: dict[date, dict[int, list[int]]] = {}
    for a in answers:
        if a.question == question:
            bucket = people.setdefault(period_of(a.week, granularity), {})
            bucket.setdefault(a.person, []).append(a.value)
    stored = {f.period: f for f in frozen if f.question == question}
    periods = set(people) | set(stored)
    if not periods:
        return []
    points, before, before_shown, before_missing = [], set(), False, 0
    for period in _calendar(min(periods), max(periods), granularity):
        by_person = people.get(period, {})
        current = set(by_person)
        if period in stored:
            kept = stored[period]
            shown = kept.mean is not None and kept.respondents >= k
            hidden = None if shown else (TOO_FEW if kept.respondents < k else NEIGHBOUR)
            mean = kept.mean if shown else None
            points.append(Point(period, question, mean, hidden, kept.respondents))
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


def _calendar(first: date, last: date, granularity: str) -> list[date]:
    periods, current = [], first
    while current <= last:
        periods.append(current)
        if granularity == "month":
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
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
