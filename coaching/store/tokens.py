"""Server-side sign-in tokens and failed sign-ins; only hashes of tokens are ever stored."""

from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, update

from coaching.store.engine import utcnow
from coaching.store.schema import auth_tokens, login_failures


def add_token(conn: Connection, user_id: int, kind: str, token_hash: str, lifetime: timedelta):
    now = utcnow()
    conn.execute(
        insert(auth_tokens).values(
            user_id=user_id,
            kind=kind,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + lifetime,
        )
    )


def live_token_user(conn: Connection, kind: str, token_hash: str) -> int | None:
    """The user of a token that is of this kind, not expired and not revoked."""
    query = select(auth_tokens.c.user_id).where(
        auth_tokens.c.kind == kind,
        auth_tokens.c.token_hash == token_hash,
        auth_tokens.c.revoked_at.is_(None),
        auth_tokens.c.expires_at > utcnow(),
    )
    return conn.scalar(query)


def revoke_token(conn: Connection, token_hash: str) -> None:
    conn.execute(
        update(auth_tokens)
        .where(auth_tokens.c.token_hash == token_hash, auth_tokens.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all(conn: Connection, user_id: int) -> None:
    conn.execute(
        update(auth_tokens)
        .where(auth_tokens.c.user_id == user_id, auth_tokens.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def purge_expired(conn: Connection) -> None:
    conn.execute(delete(auth_tokens).where(auth_tokens.c.expires_at < utcnow()))


def record_failure(conn: Connection, email: str) -> None:
    conn.execute(insert(login_failures).values(email=email, at=utcnow()))


def recent_failures(conn: Connection, email: str, since: datetime) -> tuple[int, datetime | None]:
    """How many failed sign-ins for email since a moment, and when the last one was."""
    query = select(func.count(), func.max(login_failures.c.at)).where(
        login_failures.c.email == email, login_failures.c.at >= since
    )
    count, last = conn.execute(query).one()
    return count, last


def clear_failures(conn: Connection, email: str) -> None:
    conn.execute(delete(login_failures).where(login_failures.c.email == email))
