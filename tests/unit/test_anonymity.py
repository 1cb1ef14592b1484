"""Anonymous means anonymous: no output the team can see leads back to the author of a review.

Anonymous reviews carry a lead, a deal label and value, exact timestamps and an author; the test
searches every output for each of them: the manager's export in every format, a colleague's
export, each chart's CSV, the workshop's lessons and handout, and the team overview.
"""

import io
import json
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from coaching import handout, insights, pulse, workshop
from coaching.charts import reasons as charts
from coaching.data_export import FORMATS, export_bytes, export_tables
from coaching.exporting import to_csv
from coaching.review import lessons_from
from coaching.store import accounts as repo
from coaching.store import insights as insight_sources
from coaching.store import read, write
from coaching.store.leads import add_lead
from coaching.store.reviews import shared_reviews
from coaching.store.schema import reviews

TODAY = date(2026, 11, 23)
AUTHOR = "Friederike Quast"
LESSON = "Beim zweiten Schweigen sofort anrufen."
# what would lead back to her: her name and address, the lead she owns, its value, the moments
TRACES = ["Friederike", "quast@t.de", "Zeppelin", "98765", "2026-03-14", "09:26", "03-13"]


@pytest.fixture
def team(engine):
    with write(engine) as conn:
        team_id = repo.create_team(conn, "T")
        boss = repo.add_user(
            conn, team_id=team_id, email="b@t.de", name="Chefin", role="manager", password_hash="x"
        )
        author = repo.add_user(
            conn, team_id=team_id, email="quast@t.de", name=AUTHOR, role="member", password_hash="x"
        )
        colleague = repo.add_user(
            conn, team_id=team_id, email="c@t.de", name="Kollege", role="member", password_hash="x"
        )
        lead = add_lead(
            conn, team_id, owner_id=author, company="Zeppelin Maschinenbau", stage="offer_sent"
        )
        for n in range(3):
            conn.execute(
                insert(reviews).values(
                    team_id=team_id,
                    author_id=author,
                    lead_id=lead,
                    deal_label=f"Zeppelin Maschinenbau Angebot {n}",
                    deal_value=98765.43,
                    root_category="customer",
                    main_reason="no_courage_to_decline",
                    reasons=json.dumps(["no_courage_to_decline"]),
                    missed_signals="[]",
                    hours_invested=6,
                    lesson=f"{LESSON} ({n})",
                    answers=json.dumps({"notes": "Zeppelin wollte nicht"}),
                    feeling=2,
                    share_mode="anonymous",
                    shared_at=datetime(2026, 3, 14, 9, 26, 53),
                    lost_on=date(2026, 3, 13),
                    created_at=datetime(2026, 3, 14, 9, 26, 53),
                )
            )
    with read(engine) as conn:
        return {
            "team": team_id,
            "boss": repo.user_by_id(conn, boss),
            "colleague": repo.user_by_id(conn, colleague),
        }


def _rows_with_the_lesson(text: str) -> list[str]:
    return [line for line in text.splitlines() if LESSON in line]


def _assert_untraceable(rows: list[str]) -> None:
    assert rows, "the anonymous lessons are exported"
    for row in rows:
        for trace in TRACES:
            assert trace not in row, f"{trace!r} next to an anonymous lesson: {row}"


def test_the_managers_export_in_every_format_holds_no_trace_to_an_anonymous_author(engine, team):
    frames = export_tables(engine, team["boss"])
    sheets_with_reviews = [
        name
        for name, frame in frames.items()
        if frame.astype(str)
        .apply(lambda column: column.str.contains(LESSON, regex=False))
        .any()
        .any()
    ]
    assert sheets_with_reviews == ["shared_lessons"]
    assert not {
        "lead_id",
        "deal_id",
        "deal_label",
        "deal_value",
        "created_at",
        "shared_at",
        "lost_on",
        "answers",
        "author",
    } & set(frames["shared_lessons"].columns)
    for fmt in FORMATS:
        content, _, _ = export_bytes(frames, fmt, "de")
        _assert_untraceable(_rows_with_the_lesson(_as_text(content, fmt)))


def test_a_colleagues_export_holds_no_anonymous_review_at_all(engine, team):
    frames = export_tables(engine, team["colleague"])
    content, _, _ = export_bytes(frames, "json", "de")
    assert LESSON not in content.decode()
    assert "Zeppelin" not in content.decode()


def test_no_chart_csv_carries_a_trace_of_the_author(engine, team):
    with read(engine) as conn:
        data = insights.build(insight_sources.load_sources(conn, team["team"]))
    view = insights.select(data, insights.Filters(period="all"), TODAY, 1)
    panels = [p for p in insights.panels(view, "de") if not p.empty]
    assert panels
    for panel in panels:
        text = to_csv(charts.export_frame(panel.chart, panel.frame, "de"), "de").decode("utf-8-sig")
        for trace in TRACES:
            assert trace not in text, f"{trace!r} in the CSV of {panel.chart}"


def test_the_workshop_screen_handout_and_team_overview_show_the_lesson_without_a_trace(
    engine, team
):
    with read(engine) as conn:
        lessons = lessons_from(shared_reviews(conn, team["team"]))
    assert all(item.author_name is None for item in lessons)
    screen = "\n".join(str(vars(item)) for item in lessons)
    _assert_untraceable(_rows_with_the_lesson(screen))
    plan = workshop.load_plan(engine, team["team"], "de")
    outline = workshop.handout("de", plan, [], {"lessons": [item.lesson for item in lessons]})
    _assert_untraceable(_rows_with_the_lesson(handout.to_markdown(outline).replace("\\", "")))
    overview = pulse.overview(engine, team["team"], TODAY)
    for text, name in overview.lessons.comments or []:
        assert name is None and not any(trace in text for trace in TRACES)


def _as_text(content: bytes, fmt: str) -> str:
    if fmt == "json":
        return "\n".join(
            json.dumps(row, ensure_ascii=False)
            for rows in json.loads(content).values()
            for row in rows
        )
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            " | ".join(str(cell) for cell in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    archive = zipfile.ZipFile(io.BytesIO(content))
    return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
