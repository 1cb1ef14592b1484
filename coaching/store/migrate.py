"""Bring any database to the newest schema through Alembic, so an upgrade never loses data.

Several app servers may start at once against one PostgreSQL database. The upgrade runs under a
PostgreSQL advisory lock held for its transaction: the first server migrates, the others wait and
then find nothing pending. SQLite needs no lock: the write transaction (BEGIN IMMEDIATE) already
admits one writer at a time.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from coaching.store.engine import write

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_xact_lock key: the first eight bytes of "funkstil", so other apps on the same
# database server do not collide with it by accident
LOCK_KEY = int.from_bytes(b"funkstil", "big") >> 1


def upgrade(engine: Engine) -> bool:
    """Apply pending migrations in one transaction; returns whether anything was applied."""
    config = _config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as conn:
        if _current(conn) == heads:
            return False
    with write(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        if _current(conn) == heads:
            return False  # another server migrated while this one waited for the lock
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
    return True


def _current(conn: Connection) -> set[str]:
    return set(MigrationContext.configure(conn).get_current_heads())


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
