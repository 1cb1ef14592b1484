"""Bring any database to the newest schema through Alembic, so an upgrade never loses data."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from coaching.store.engine import write

MIGRATIONS = Path(__file__).parent / "migrations"


def upgrade(engine: Engine) -> bool:
    """Apply pending migrations in one transaction; returns whether anything was applied."""
    config = _config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as conn:
        if set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return False
    with write(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
    return True


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
