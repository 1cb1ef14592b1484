"""One engine per database URL, tuned so that many sessions can write to SQLite at once."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, Select, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError


class StoreError(Exception):
    """The database cannot be used; the message says which and what to check."""


def make_engine(url: str) -> Engine:
    """An engine for url; SQLite gets WAL, FULL sync, foreign keys, BEGIN IMMEDIATE for writes."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"Ungültige Datenbank-URL / invalid database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A write transaction: all or nothing; on SQLite it takes the write lock up front."""
    with engine.connect() as conn:
        conn.execution_options(funkstille_write=True)
        with conn.begin():
            yield conn


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def upsert(
    conn: Connection,
    table: Table,
    keys: list[str],
    updates: list[str],
    rows: tuple[list[str], Select] | None = None,
):
    """INSERT that overwrites `updates` where a row with the same `keys` exists, in one statement
    (so two sessions never create two rows); the same on SQLite and PostgreSQL. `rows` (columns,
    query) inserts what a query selects instead of the values given at execution."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    if rows is not None:
        statement = statement.from_select(*rows)
    return statement.on_conflict_do_update(
        index_elements=keys, set_={column: statement.excluded[column] for column in updates}
    )


def utcnow() -> datetime:
    """Timestamps are stored as naive UTC, the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def check_reachable(engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        raise StoreError(
            f"Datenbank nicht erreichbar / database unreachable ({engine.url.render_as_string()}): "
            f"{exc.orig}"
        ) from exc


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        folder = Path(database).resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Datenordner nicht anlegbar / cannot create folder {folder}") from exc
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    event.listen(engine, "connect", _tune_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _tune_sqlite(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "busy_timeout=30000",
        "secure_delete=ON",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    writing = conn.get_execution_options().get("funkstille_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
