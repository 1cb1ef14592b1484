"""A counter per team that every write bumps; caches of derived frames are keyed by it."""

import time

from sqlalchemy import Connection, select, update

from coaching.store.schema import data_versions


def bump(conn: Connection, team_id: int) -> None:
    conn.execute(
        update(data_versions)
        .where(data_versions.c.team_id == team_id)
        .values(version=data_versions.c.version + 1)
    )


def current(conn: Connection, team_id: int) -> int:
    return (
        conn.scalar(select(data_versions.c.version).where(data_versions.c.team_id == team_id)) or 0
    )


def renew_all(conn: Connection) -> None:
    """Give every team a data version no cache has seen: after a restore, the rows behind a
    version number are not the ones any app server cached under it."""
    conn.execute(update(data_versions).values(version=time.time_ns()))
