"""Imported deals and invoices: bulk upserts keyed by source and record id, remembered mappings."""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing

from sqlalchemy import Connection, Table, column, select, text

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
    records: Mapping[str, Sequence],
    progress: Callable[[float], None] | None = None,
) -> None:
    """Insert new rows and overwrite changed ones; `records` holds them column by column (field ->
    one value per row). The values go to the driver column by column and batch by batch
    (SQLAlchemy's per-row parameter handling took longer than the database for 100 000 rows):
    one executemany per batch on SQLite, COPY into a temporary table and one INSERT … SELECT on
    PostgreSQL."""
    table, key = _table_and_key(kind)
    count = len(records[key])
    if not count:
        return
    stored = DEAL_COLUMNS if kind == "deals" else INVOICE_COLUMNS
    columns = ("team_id", "source", *stored, "imported_at")
    fixed = {"team_id": team_id, "source": source, "imported_at": utcnow()}
    keys = ["team_id", "source", key]
    updates = [c for c in columns if c not in keys]
    batches = (
        {name: values[start : start + CHUNK] for name, values in records.items()}
        for start in range(0, count, CHUNK)
    )
    if conn.dialect.name == "postgresql":
        _copy(conn, table, columns, (_driver_rows(conn, table, columns, b, fixed) for b in batches))
        upserted = select(*(column(c) for c in columns)).select_from(text("import_rows"))
        conn.execute(upsert_statement(conn, table, keys, updates, (list(columns), upserted)))
    else:
        statement = upsert_statement(conn, table, keys, updates)
        compiled = statement.compile(dialect=conn.dialect, column_keys=list(columns))
        with closing(conn.connection.driver_connection.cursor()) as cursor:
            for done, batch in enumerate(batches, start=1):
                rows = _driver_rows(conn, table, compiled.positiontup, batch, fixed)
                cursor.executemany(compiled.string, rows)
                if progress:
                    progress(min(1.0, done * CHUNK / count))
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


def _driver_rows(conn, table: Table, columns, batch: Mapping[str, Sequence], fixed: dict) -> list:
    """The batch as tuples of driver values, each column converted by its SQLAlchemy type."""
    rows = len(next(iter(batch.values())))
    converted = []
    for name in columns:
        convert = table.c[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        if name in fixed:
            converted.append([convert(fixed[name]) if convert else fixed[name]] * rows)
        else:
            converted.append(list(map(convert, batch[name])) if convert else list(batch[name]))
    return list(zip(*converted, strict=True))


def _copy(conn: Connection, table: Table, columns, batches: Iterable[list[tuple]]) -> None:
    """Stage the rows in a temporary table by COPY (dropped at commit)."""
    names = ", ".join(columns)  # the table's own column names, never input
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE import_rows ON COMMIT DROP AS "  # noqa: S608
        f"SELECT {names} FROM {table.name} WITH NO DATA"
    )
    cursor = conn.connection.driver_connection.cursor()
    with cursor, cursor.copy(f"COPY import_rows ({names}) FROM STDIN") as copy:
        for rows in batches:
            for row in rows:
                copy.write_row(row)


def _table_and_key(kind: str) -> tuple[Table, str]:
    return (deals, "record_id") if kind == "deals" else (invoices, "invoice_number")
