"""The one way into the database: engine, transactions, migrations and repository functions."""

from sqlalchemy import Engine

from coaching.store import migrate
from coaching.store.engine import StoreError, check_reachable, make_engine, read, utcnow, write

__all__ = ["StoreError", "make_engine", "migrate", "open_store", "read", "utcnow", "write"]


def open_store(url: str) -> Engine:
    """An engine on url whose schema is current; StoreError says plainly what is wrong."""
    engine = make_engine(url)
    check_reachable(engine)
    try:
        migrate.upgrade(engine)
    except Exception as exc:
        raise StoreError(
            f"Datenbank nicht beschreibbar / cannot update the database: {exc}"
        ) from exc
    return engine
