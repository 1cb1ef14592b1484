"""Server-side sign-in tokens and the sign-in throttle; only hashes of tokens are ever stored."""

from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, delete, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from coaching.store.engine import utcnow
from coaching.store.schema import auth_tokens, sign_in_throttle


def add_token(
    conn: Connection, user_id: int, kind: str, token_hash: str, lifetime: timedelta
) -> int:
    """Store a token's hash; returns the token's id (what a signed-in browser session holds)."""
    now = utcnow()
    return conn.execute(
        insert(auth_tokens).values(
            user_id=user_id,
            kind=kind,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + lifetime,
        )
    ).inserted_primary_key[0]


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


def live_token(conn: Connection, kind: str, token_hash: str) -> tuple[int, int] | None:
    """(token id, user id) of a live token of this kind, found by its hash."""
    query = select(auth_tokens.c.id, auth_tokens.c.user_id).where(
        auth_tokens.c.kind == kind,
        auth_tokens.c.token_hash == token_hash,
        auth_tokens.c.revoked_at.is_(None),
        auth_tokens.c.expires_at > utcnow(),
    )
    row = conn.execute(query).first()
    return None if row is None else (row.id, row.user_id)


def promote_handoff(
    conn: Connection, handoff_hash: str, session_hash: str, kinds: tuple[str, str], since: datetime
) -> bool:
    """Turn an unspent token of kinds[0] issued after `since` into one of kinds[1], in one
    statement, so a handoff is redeemed once even when two requests race."""
    result = conn.execute(
        update(auth_tokens)
        .where(
            auth_tokens.c.token_hash == handoff_hash,
            auth_tokens.c.kind == kinds[0],
            auth_tokens.c.revoked_at.is_(None),
            auth_tokens.c.created_at > since,
        )
        .values(kind=kinds[1], token_hash=session_hash)
    )
    return result.rowcount == 1


def revoke_token_id(conn: Connection, token_id: int) -> None:
    conn.execute(
        update(auth_tokens)
        .where(auth_tokens.c.id == token_id, auth_tokens.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def claim_attempt(conn: Connection, keys: list[tuple[str, str]], hold: timedelta) -> bool:
    """Reserve one password check for every (email, client) counter at once, or for none.

    One UPDATE takes all counters whose wait is over and holds them while the check runs;
    concurrent attempts find them held. The caller rolls back when this returns False.
    """
    now = utcnow()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(
        dialect.insert(sign_in_throttle)
        .values([dict(email=e, client=c, failures=0, blocked_until=now) for e, c in keys])
        .on_conflict_do_nothing()
    )
    claimed = conn.execute(
        update(sign_in_throttle)
        .where(_any_of(keys), sign_in_throttle.c.blocked_until <= now)
        .values(blocked_until=now + hold)
    )
    return claimed.rowcount == len(keys)


def blocked_until(conn: Connection, keys: list[tuple[str, str]]) -> datetime | None:
    """The latest moment any of these counters is held or waiting until."""
    query = select(sign_in_throttle.c.blocked_until).where(_any_of(keys))
    return max(conn.scalars(query), default=None)


def throttle_rows(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    """(failures, last failure) per counter, for the attempt that holds them."""
    query = select(sign_in_throttle).where(_any_of(keys))
    return {(r.email, r.client): (r.failures, r.last_failure_at) for r in conn.execute(query)}


def set_throttle(
    conn: Connection, key: tuple[str, str], failures: int, until: datetime, failed_at
) -> None:
    email, client = key
    conn.execute(
        update(sign_in_throttle)
        .where(sign_in_throttle.c.email == email, sign_in_throttle.c.client == client)
        .values(failures=failures, blocked_until=until, last_failure_at=failed_at)
    )


def release(conn: Connection, keys: list[tuple[str, str]]) -> None:
    """End the hold of a finished check; the counts stay."""
    if keys:
        conn.execute(update(sign_in_throttle).where(_any_of(keys)).values(blocked_until=utcnow()))


def clear_throttle(conn: Connection, keys: list[tuple[str, str]]) -> None:
    conn.execute(delete(sign_in_throttle).where(_any_of(keys)))


def forget_email(conn: Connection, email: str) -> None:
    """Erasure: the counters that carry this address."""
    conn.execute(delete(sign_in_throttle).where(sign_in_throttle.c.email == email.lower()))


def _any_of(keys: list[tuple[str, str]]):
    return or_(
        *(and_(sign_in_throttle.c.email == e, sign_in_throttle.c.client == c) for e, c in keys)
    )
