"""Several app servers starting at once against one PostgreSQL database migrate it exactly once."""

import json
import multiprocessing
import threading
import time

from sqlalchemy import text

from coaching.cli import main
from coaching.store import make_engine, migrate, open_store
from coaching.store.schema import metadata

SERVERS = 2


def test_two_servers_upgrading_a_fresh_database_at_once_both_succeed(empty_postgres_url):
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(SERVERS), context.Queue()
    servers = [
        context.Process(target=_upgrade_at_once, args=(empty_postgres_url, start, results))
        for _ in range(SERVERS)
    ]
    for server in servers:
        server.start()
    applied = [results.get(timeout=120) for _ in servers]
    for server in servers:
        server.join(timeout=30)
    assert applied.count(True) == 1, applied  # one server migrated, the others found it done
    assert applied.count(False) == SERVERS - 1, applied
    engine = make_engine(empty_postgres_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        tables = set(
            conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        )
    engine.dispose()
    assert len(versions) == 1
    assert {table.name for table in metadata.sorted_tables} <= tables


def test_an_upgrade_waits_while_another_server_holds_the_migration_lock(empty_postgres_url):
    engine = make_engine(empty_postgres_url)
    result = {}
    with engine.connect() as holder, holder.begin():
        holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": migrate.LOCK_KEY})
        upgrading = threading.Thread(target=lambda: result.update(applied=_upgrade(engine)))
        upgrading.start()
        _until_someone_waits_for_the_lock(holder)
        assert upgrading.is_alive()
    upgrading.join(timeout=60)
    assert result == {"applied": True}
    engine.dispose()


def _upgrade_at_once(url: str, start, results) -> None:
    """One server process: wait for the other, then upgrade; report True/False or the error."""
    engine = make_engine(url)
    start.wait(timeout=60)
    try:
        results.put(migrate.upgrade(engine))
    except Exception as exc:
        results.put(repr(exc))
    finally:
        engine.dispose()


def _upgrade(engine) -> bool:
    return migrate.upgrade(engine)


def _until_someone_waits_for_the_lock(conn, timeout: float = 30) -> None:
    waiting = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    deadline = time.monotonic() + timeout
    while not conn.scalar(waiting):
        assert time.monotonic() < deadline, "the upgrade never asked for the migration lock"
        time.sleep(0.05)


def test_open_store_on_a_migrated_database_applies_nothing(empty_postgres_url):
    open_store(empty_postgres_url).dispose()
    engine = make_engine(empty_postgres_url)
    assert migrate.upgrade(engine) is False
    engine.dispose()


def test_the_migrate_command_upgrades_once_then_says_the_schema_is_current(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    runs = []
    for _ in range(2):
        assert main(["migrate", "--json"]) == 0
        runs.append(json.loads(capsys.readouterr().out)["applied"])
    assert runs == [True, False]


def test_the_migrate_command_names_an_unreachable_database(monkeypatch, capsys):
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", "postgresql+psycopg://x@127.0.0.1:1/none")
    assert main(["migrate"]) == 1
    assert (
        "database unreachable (postgresql+psycopg://x@127.0.0.1:1/none)" in capsys.readouterr().err
    )
