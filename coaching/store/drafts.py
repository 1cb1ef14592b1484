"""Server-side drafts: half-filled forms survive a refresh, a sign-out and a restart."""

import json

from sqlalchemy import Connection, delete, select

from coaching.store.engine import upsert, utcnow
from coaching.store.schema import drafts


def save_draft(conn: Connection, user_id: int, kind: str, key: str, payload: dict) -> None:
    """Insert or replace the draft in one statement, so two tabs never create two drafts."""
    values = {
        "user_id": user_id,
        "kind": kind,
        "draft_key": key,
        "payload": json.dumps(payload, ensure_ascii=False, default=str),
        "updated_at": utcnow(),
    }
    keys = ["user_id", "kind", "draft_key"]
    conn.execute(upsert(conn, drafts, keys, ["payload", "updated_at"]), values)


def load_draft(conn: Connection, user_id: int, kind: str, key: str) -> dict | None:
    payload = conn.scalar(
        select(drafts.c.payload).where(
            drafts.c.user_id == user_id, drafts.c.kind == kind, drafts.c.draft_key == key
        )
    )
    return None if payload is None else json.loads(payload)


def list_drafts(conn: Connection, user_id: int, kind: str) -> list[str]:
    query = select(drafts.c.draft_key).where(drafts.c.user_id == user_id, drafts.c.kind == kind)
    return list(conn.scalars(query.order_by(drafts.c.updated_at.desc())))


def discard_draft(conn: Connection, user_id: int, kind: str, key: str) -> None:
    conn.execute(
        delete(drafts).where(
            drafts.c.user_id == user_id, drafts.c.kind == kind, drafts.c.draft_key == key
        )
    )
