"""Take your data with you: a member exports their own data, a manager the team's; backups.

The tables exported are listed here on purpose (a whitelist): a new table with private data is
never exported by accident. A manager's export holds no one else's private reviews, drafts or
private check-ins. Other people's shared reviews leave only as the team's view of them
(coaching.review.shared_view): no lead, deal, label, value, answers or timestamps, the quarter
at most, and a name only when shared by name, so nothing leads back to an anonymous author.
"""

import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import asdict, fields
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, select

from coaching.exporting import to_csv, to_xlsx
from coaching.review import SharedLesson, lessons_from
from coaching.store import read
from coaching.store.accounts import User
from coaching.store.reviews import shared_reviews
from coaching.store.schema import (
    agreements,
    conversations,
    customer_logs,
    customers,
    deals,
    digest_log,
    drafts,
    invoices,
    lead_answers,
    lead_events,
    leads,
    pulse_answers,
    pulse_notes,
    reminder_settings,
    reviews,
    roleplay_debriefs,
    users,
)

FORMATS = ("csv", "xlsx", "json")


class BackupFailed(Exception):
    """The backup could not be made or did not pass the integrity check; `key` says which."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def export_tables(engine: Engine, user: User) -> dict[str, pd.DataFrame]:
    """The data this person may take: their own as a member, the team's as a manager."""
    with read(engine) as conn:
        shared = _team_tables(conn, user) if user.is_manager else _own_tables(conn, user)
        return shared | _private_tables(conn, user)


def export_bytes(frames: dict[str, pd.DataFrame], fmt: str, lang: str) -> tuple[bytes, str, str]:
    """(content, file suffix, mime type): CSV files in a ZIP, one XLSX workbook, or JSON."""
    if fmt == "xlsx":
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return to_xlsx(frames), "xlsx", mime
    if fmt == "json":
        tables = {
            name: frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
            for name, frame in frames.items()
        }
        text = json.dumps(tables, ensure_ascii=False, indent=1, default=_json_value)
        return text.encode("utf-8"), "json", "application/json"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", to_csv(frame, lang))
    return buffer.getvalue(), "zip", "application/zip"


def sqlite_backup(engine: Engine) -> bytes:
    """A consistent copy of the SQLite database (online backup API), checked for integrity."""
    if engine.dialect.name != "sqlite":
        raise BackupFailed("data.backup.not_sqlite")
    raw = engine.raw_connection()
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "backup.db"
            target = sqlite3.connect(path)
            try:
                raw.driver_connection.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
                verdict = target.execute("PRAGMA integrity_check").fetchall()
            finally:
                target.close()
            if verdict != [("ok",)]:
                raise BackupFailed("data.backup.damaged")
            return path.read_bytes()
    finally:
        raw.close()


def _own_tables(conn: Connection, user: User) -> dict[str, pd.DataFrame]:
    mine = leads.c.owner_id == user.id
    return {
        "profile": _frame(
            conn,
            select(
                users.c.name, users.c.email, users.c.role, users.c.language, users.c.address
            ).where(users.c.id == user.id),
        ),
        "leads": _frame(conn, _leads_query().where(mine)),
        "lead_events": _frame(
            conn,
            select(*_event_columns()).where(
                lead_events.c.lead_id.in_(select(leads.c.id).where(mine))
            ),
        ),
        "reviews": _own_reviews(conn, user),
        "conversations": _frame(
            conn, select(*_conversation_columns()).where(conversations.c.author_id == user.id)
        ),
        "customer_logs": _frame(
            conn, select(*_columns(customer_logs)).where(customer_logs.c.author_id == user.id)
        ),
    }


def _private_tables(conn: Connection, user: User) -> dict[str, pd.DataFrame]:
    """What belongs to this person alone, for managers and members alike."""
    return {
        "drafts": _frame(
            conn,
            select(drafts.c.kind, drafts.c.draft_key, drafts.c.payload, drafts.c.updated_at).where(
                drafts.c.user_id == user.id
            ),
        ),
        "my_pulse": _frame(
            conn,
            select(pulse_answers.c.week, pulse_answers.c.question, pulse_answers.c.value).where(
                pulse_answers.c.user_id == user.id
            ),
        ),
        "my_pulse_notes": _frame(
            conn,
            select(pulse_notes.c.week, pulse_notes.c.note).where(pulse_notes.c.user_id == user.id),
        ),
        "my_reminders": _frame(  # the feed's creation date, never its token hash
            conn,
            select(reminder_settings.c.feed_created_at, reminder_settings.c.digest).where(
                reminder_settings.c.user_id == user.id
            ),
        ),
        "my_digest_log": _frame(
            conn,
            select(
                digest_log.c.day, digest_log.c.status, digest_log.c.attempts, digest_log.c.error
            ).where(digest_log.c.user_id == user.id),
        ),
    }


def _columns(table) -> list:
    return [c for c in table.c if c.name != "team_id"]


def _team_tables(conn: Connection, user: User) -> dict[str, pd.DataFrame]:
    team = user.team_id
    return {
        "team": _frame(
            conn,
            select(users.c.name, users.c.email, users.c.role).where(users.c.team_id == team),
        ),
        "leads": _frame(conn, _leads_query().where(leads.c.team_id == team)),
        "lead_events": _frame(conn, select(*_event_columns()).where(lead_events.c.team_id == team)),
        "reviews": _own_reviews(conn, user),
        "shared_lessons": _frame_of(
            [asdict(lesson) for lesson in lessons_from(shared_reviews(conn, team, user.id))]
        ),
        "conversations": _frame(
            conn, select(*_conversation_columns()).where(conversations.c.team_id == team)
        ),
        "customers": _frame(
            conn,
            select(customers.c.id, customers.c.name, customers.c.number).where(
                customers.c.team_id == team
            ),
        ),
        "deals": _frame(
            conn,
            select(*[c for c in deals.c if c.name not in ("team_id", "row_hash")]).where(
                deals.c.team_id == team
            ),
        ),
        "agreements": _frame(
            conn, select(*_columns(agreements)).where(agreements.c.team_id == team)
        ),
        "customer_logs": _frame(
            conn, select(*_columns(customer_logs)).where(customer_logs.c.team_id == team)
        ),
        "lead_answers": _frame(
            conn, select(*_columns(lead_answers)).where(lead_answers.c.team_id == team)
        ),
        "roleplay_debriefs": _frame(
            conn, select(*_columns(roleplay_debriefs)).where(roleplay_debriefs.c.team_id == team)
        ),
        "invoices": _frame(
            conn,
            select(
                invoices.c.id,
                customers.c.name.label("customer"),
                *[
                    c
                    for c in invoices.c
                    if c.name not in ("id", "team_id", "row_hash", "customer_id")
                ],
            )
            .join_from(invoices, customers)
            .where(invoices.c.team_id == team),
        ),
    }


def _own_reviews(conn: Connection, user: User) -> pd.DataFrame:
    return _frame(
        conn,
        select(*_review_columns(True))
        .join_from(reviews, users, reviews.c.author_id == users.c.id)
        .where(reviews.c.author_id == user.id),
    )


def _leads_query():
    columns = [c for c in leads.c if c.name not in ("team_id", "owner_id", "customer_id")]
    return select(*columns, users.c.name.label("owner")).join_from(
        leads, users, leads.c.owner_id == users.c.id, isouter=True
    )


def _event_columns():
    return [c for c in lead_events.c if c.name not in ("team_id", "author_id")]


def _review_columns(with_author: bool):
    columns = [c for c in reviews.c if c.name not in ("team_id", "author_id")]
    return [*columns, users.c.name.label("author")] if with_author else columns


def _conversation_columns():
    return [c for c in conversations.c if c.name not in ("team_id", "author_id")]


def _frame(conn: Connection, query) -> pd.DataFrame:
    result = conn.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _frame_of(rows: list[dict]) -> pd.DataFrame:
    """Shared lessons as a table, with its columns even when there are none."""
    columns = [f.name for f in fields(SharedLesson)]
    return pd.DataFrame(rows, columns=columns)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)
