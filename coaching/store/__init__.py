"""The one way into the database: engine, transactions, migrations and repository functions."""

from sqlalchemy import Engine

from coaching.store import migrate
from coaching.store.engine import StoreError, check_reachable, make_engine, read, utcnow, write

__all__ = [
    "StoreError",
    "make_engine",
    "migrate",
    "open_store",
    "read",
    "upgrade_schema",
    "utcnow",
    "write",
]


def open_store(url: str) -> Engine:
    """An engine on url whose schema is current; StoreError says plainly what is wrong."""
    engine = make_engine(url)
    upgrade_schema(engine)
    return engine


def upgrade_schema(engine: Engine) -> bool:
    """Check the database is reachable and apply pending migrations; whether any were applied."""
    check_reachable(engine)
    try:
        return migrate.upgrade(engine)
    except Exception as exc:
        raise StoreError(
            f"Datenbank nicht beschreibbar / cannot update the database: {exc}"
        ) from exc
