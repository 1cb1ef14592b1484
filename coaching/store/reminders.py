"""Reminder settings per person (calendar feed token hash, digest opt-in) and the digest log."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite

from coaching.store.engine import upsert, utcnow
from coaching.store.schema import digest_log, reminder_settings


@dataclass(frozen=True)
class ReminderSettings:
    feed_created_at: datetime | None
    digest: bool


@dataclass(frozen=True)
class DigestEntry:
    status: str  # sending · sent · failed
    attempts: int
    error: str | None


def settings_of(conn: Connection, user_id: int) -> ReminderSettings:
    row = conn.execute(
        select(reminder_settings.c.feed_created_at, reminder_settings.c.digest).where(
            reminder_settings.c.user_id == user_id
        )
    ).first()
    return (
        ReminderSettings(row.feed_created_at, row.digest) if row else ReminderSettings(None, False)
    )


def set_feed(conn: Connection, user_id: int, token_hash: str | None) -> None:
    """A new token hash replaces the old one (the old URL stops working); None revokes it."""
    created = utcnow() if token_hash else None
    _save(conn, user_id, feed_token_hash=token_hash, feed_created_at=created)


def set_digest(conn: Connection, user_id: int, on: bool) -> None:
    _save(conn, user_id, digest=on)


def feed_owner(conn: Connection, token_hash: str) -> int | None:
    query = select(reminder_settings.c.user_id)
    return conn.scalar(query.where(reminder_settings.c.feed_token_hash == token_hash))


def digest_user_ids(conn: Connection) -> list[int]:
    query = select(reminder_settings.c.user_id).where(reminder_settings.c.digest.is_(True))
    return list(conn.scalars(query.order_by(reminder_settings.c.user_id)))


def digest_entry(conn: Connection, user_id: int, day: date) -> DigestEntry | None:
    row = conn.execute(
        select(digest_log.c.status, digest_log.c.attempts, digest_log.c.error).where(
            digest_log.c.user_id == user_id, digest_log.c.day == day
        )
    ).first()
    return DigestEntry(row.status, row.attempts, row.error) if row else None


def claim_digest(conn: Connection, user_id: int, day: date, unsubscribe_hash: str) -> bool:
    """Mark the day's mail as being sent, before it goes out; False when it was sent (or is being
    sent) already. One statement, so two runs at once never both claim the same person's day."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(digest_log).values(
        user_id=user_id,
        day=day,
        status="sending",
        attempts=1,
        error=None,
        unsubscribe_hash=unsubscribe_hash,
        updated_at=utcnow(),
    )
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "day"],
        set_={
            "status": "sending",
            "attempts": digest_log.c.attempts + 1,
            "error": None,
            "unsubscribe_hash": unsubscribe_hash,
            "updated_at": statement.excluded.updated_at,
        },
        where=digest_log.c.status == "failed",
    )
    return conn.execute(statement.returning(digest_log.c.id)).first() is not None


def finish_digest(conn: Connection, user_id: int, day: date, error: str | None) -> None:
    conn.execute(
        update(digest_log)
        .where(digest_log.c.user_id == user_id, digest_log.c.day == day)
        .values(status="failed" if error else "sent", error=error, updated_at=utcnow())
    )


def unsubscribe_owner(conn: Connection, unsubscribe_hash: str) -> int | None:
    query = select(digest_log.c.user_id)
    return conn.scalar(query.where(digest_log.c.unsubscribe_hash == unsubscribe_hash))


def _save(conn: Connection, user_id: int, **values: object) -> None:
    current = settings_of(conn, user_id)
    row = {
        "user_id": user_id,
        "digest": current.digest,
        "updated_at": utcnow(),
        **values,
    }
    columns = [name for name in row if name != "user_id"]
    conn.execute(upsert(conn, reminder_settings, ["user_id"], columns).values(**row))
