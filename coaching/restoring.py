"""Restore a SQLite backup into an empty store: how a team moves from SQLite to PostgreSQL.

The backup file is never changed: a copy of it is brought to the current schema first, so a
backup from an older version restores too. Everything is copied in one transaction and counted
again before it commits; a store that already holds data is refused.
"""

import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from coaching.store import StoreError, copying, open_store, read, versions, write

SQLITE_HEADER = b"SQLite format 3\x00"


class RestoreFailed(Exception):
    """Nothing was restored; `key` names the message, `values` what it needs."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def restore_backup(engine: Engine, backup: Path) -> dict[str, int]:
    """Copy every table of the backup into engine's empty store; returns rows per table."""
    _check_is_backup(backup)
    with tempfile.TemporaryDirectory(prefix="funkstille-restore-") as folder:
        copy = Path(folder) / "backup.db"
        shutil.copyfile(backup, copy)
        try:
            source = open_store(f"sqlite:///{copy}")
        except StoreError as exc:
            raise RestoreFailed("data.restore.unreadable", file=backup, detail=exc) from exc
        try:
            return _copy_into_empty(source, engine)
        finally:
            source.dispose()


def _copy_into_empty(source: Engine, target: Engine) -> dict[str, int]:
    with read(source) as old, write(target) as new:
        occupied = [name for name, count in copying.row_counts(new).items() if count]
        if occupied:
            raise RestoreFailed("data.restore.not_empty", tables=", ".join(occupied))
        copied = copying.copy_all(old, new)
        versions.renew_all(new)
        if copying.row_counts(new) != copying.row_counts(old):
            raise RestoreFailed("data.restore.incomplete")
    return copied


def _check_is_backup(backup: Path) -> None:
    try:
        with backup.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise RestoreFailed("data.restore.unreadable", file=backup, detail=exc.strerror) from exc
    if header != SQLITE_HEADER:
        raise RestoreFailed("data.restore.not_sqlite", file=backup)
    with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as conn:
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise RestoreFailed("data.restore.damaged", file=backup)
