"""Imported deals and invoices: bulk upserts keyed by source and record id, remembered mappings."""

import json
from collections.abc import Callable

from sqlalchemy import Connection, Table, select

from coaching.store import versions
from coaching.store.engine import upsert as upsert_statement
from coaching.store.engine import utcnow
from coaching.store.schema import customers, deals, import_mappings, invoices

CHUNK = 5000
DEAL_COLUMNS = (
    "record_id",
    "name",
    "organisation",
    "owner_name",
    "status",
    "amount",
    "created_date",
    "close_date",
    "stage",
    "lost_reason",
    "row_hash",
)
INVOICE_COLUMNS = (
    "customer_id",
    "invoice_number",
    "invoice_date",
    "due_date",
    "paid_date",
    "amount",
    "row_hash",
)


def known_hashes(conn: Connection, team_id: int, kind: str, source: str) -> dict[str, str]:
    """record id (or invoice number) -> row hash of what this source imported before."""
    table, key = _table_and_key(kind)
    query = select(table.c[key], table.c.row_hash).where(
        table.c.team_id == team_id, table.c.source == source
    )
    return {key: row_hash for key, row_hash in conn.execute(query)}


def upsert(
    conn: Connection,
    team_id: int,
    kind: str,
    source: str,
    records: list[dict],
    progress: Callable[[float], None] | None = None,
) -> None:
    """Insert new rows and overwrite changed ones, in batches of multi-row statements."""
    table, key = _table_and_key(kind)
    columns = DEAL_COLUMNS if kind == "deals" else INVOICE_COLUMNS
    updates = [c for c in (*columns, "imported_at") if c != key]
    statement = upsert_statement(conn, table, ["team_id", "source", key], updates)
    now = utcnow()
    for start in range(0, len(records), CHUNK):
        batch = [
            {"team_id": team_id, "source": source, "imported_at": now} | {c: r[c] for c in columns}
            for r in records[start : start + CHUNK]
        ]
        conn.execute(statement, batch)
        if progress:
            progress(min(1.0, (start + CHUNK) / len(records)))
    if records:
        versions.bump(conn, team_id)


def customer_ids(conn: Connection, team_id: int, named: dict[str, tuple[str, str | None]]) -> dict:
    """name key -> customer id for every (name, number) given; missing customers are created."""
    found = _customers_by_key(conn, team_id, list(named))
    now = utcnow()
    missing = [
        {"team_id": team_id, "name": name, "name_key": key, "number": number, "created_at": now}
        for key, (name, number) in named.items()
        if key not in found
    ]
    if missing:
        conn.execute(customers.insert(), missing)
        found |= _customers_by_key(conn, team_id, [m["name_key"] for m in missing])
    return found


def remembered_mapping(conn: Connection, team_id: int, kind: str, source: str) -> dict[str, str]:
    query = select(import_mappings.c.mapping).where(
        import_mappings.c.team_id == team_id,
        import_mappings.c.kind == kind,
        import_mappings.c.source == source,
    )
    stored = conn.scalar(query)
    return json.loads(stored) if stored else {}


def remember_mapping(
    conn: Connection, team_id: int, kind: str, source: str, mapping: dict[str, str]
) -> None:
    values = {
        "team_id": team_id,
        "kind": kind,
        "source": source,
        "mapping": json.dumps(mapping, ensure_ascii=False, sort_keys=True),
        "updated_at": utcnow(),
    }
    keys = ["team_id", "kind", "source"]
    conn.execute(upsert_statement(conn, import_mappings, keys, ["mapping", "updated_at"]), values)


def _customers_by_key(conn: Connection, team_id: int, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        query = select(customers.c.name_key, customers.c.id).where(
            customers.c.team_id == team_id, customers.c.name_key.in_(keys[start : start + 500])
        )
        found |= {name_key: id_ for name_key, id_ in conn.execute(query)}
    return found


def _table_and_key(kind: str) -> tuple[Table, str]:
    return (deals, "record_id") if kind == "deals" else (invoices, "invoice_number")
