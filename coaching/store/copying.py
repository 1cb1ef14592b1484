"""Copy every table from one store into another with the same schema, ids kept as they are.

Used to move a team from SQLite to PostgreSQL. Rows go parent tables first (foreign keys hold at
every step); afterwards PostgreSQL's id sequences continue after the highest copied id.
"""

from sqlalchemy import Connection, func, insert, select, text

from coaching.store.schema import metadata

BATCH = 2_000


def row_counts(conn: Connection) -> dict[str, int]:
    return {
        t.name: conn.scalar(select(func.count()).select_from(t)) for t in metadata.sorted_tables
    }


def copy_all(source: Connection, target: Connection) -> dict[str, int]:
    """Insert every row of source into target (which should be empty); rows copied per table."""
    copied = {}
    for table in metadata.sorted_tables:
        copied[table.name] = 0
        rows = source.execution_options(yield_per=BATCH).execute(select(table)).mappings()
        for batch in rows.partitions(BATCH):
            target.execute(insert(table), [dict(row) for row in batch])
            copied[table.name] += len(batch)
    if target.dialect.name == "postgresql":
        _continue_sequences(target)
    return copied


def _continue_sequences(conn: Connection) -> None:
    """setval each serial id to the highest id copied, so the next insert takes the one after."""
    for table in metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1:
            continue
        sequence = conn.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": key[0].name},
        )
        if sequence is None:
            continue  # not a serial id (e.g. data_versions.team_id)
        highest = conn.scalar(select(func.max(key[0])))
        conn.execute(
            text("SELECT setval(:sequence, :value, :called)"),
            {"sequence": sequence, "value": highest or 1, "called": highest is not None},
        )
