import threading

import pytest
from sqlalchemy import select, text

from coaching.store import StoreError, make_engine, migrate, open_store, read, versions, write
from coaching.store import accounts as repo
from coaching.store.drafts import discard_draft, load_draft, save_draft
from coaching.store.schema import teams


def test_sqlite_runs_with_wal_full_sync_and_foreign_keys(sqlite_url):
    engine = make_engine(sqlite_url)
    with read(engine) as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_a_failed_write_leaves_nothing_behind(engine):
    with pytest.raises(RuntimeError), write(engine) as conn:
        repo.create_team(conn, "Halb")
        raise RuntimeError("mitten drin")
    with read(engine) as conn:
        assert conn.execute(select(teams)).all() == []


def test_concurrent_writers_on_sqlite_never_see_database_is_locked(sqlite_url):
    engine = make_engine(sqlite_url)
    errors = []

    def add_teams(worker: int) -> None:
        try:
            for n in range(20):
                with write(engine) as conn:
                    count = conn.execute(text("SELECT COUNT(*) FROM teams")).scalar()
                    repo.create_team(conn, f"w{worker}-{n}-{count}")
        except Exception as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=add_teams, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with read(engine) as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM teams")).scalar() == 160


def test_deleting_a_team_deletes_its_people_and_drafts(engine):
    with write(engine) as conn:
        team = repo.create_team(conn, "T")
        user = repo.add_user(
            conn, team_id=team, email="a@b.de", name="A", role="member", password_hash="x"
        )
        save_draft(conn, user, "review", "1", {"step": 2})
        repo.delete_team(conn, team)
    with read(engine) as conn:
        assert repo.user_by_id(conn, user) is None
        assert load_draft(conn, user, "review", "1") is None


def test_a_draft_is_replaced_not_duplicated_and_can_be_discarded(engine):
    with write(engine) as conn:
        team = repo.create_team(conn, "T")
        user = repo.add_user(
            conn, team_id=team, email="a@b.de", name="A", role="member", password_hash="x"
        )
        save_draft(conn, user, "review", "new", {"note": "erst"})
        save_draft(conn, user, "review", "new", {"note": "dann <b>fett</b>"})
    with read(engine) as conn:
        assert load_draft(conn, user, "review", "new") == {"note": "dann <b>fett</b>"}
    with write(engine) as conn:
        discard_draft(conn, user, "review", "new")
    with read(engine) as conn:
        assert load_draft(conn, user, "review", "new") is None


def test_migrations_are_applied_once_and_then_nothing_is_pending(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate.upgrade(engine) is True
    assert migrate.upgrade(engine) is False


def test_an_unreachable_database_gives_a_clear_message():
    with pytest.raises(StoreError, match="nicht erreichbar"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_a_nonsense_database_url_gives_a_clear_message():
    with pytest.raises(StoreError, match="Ungültige Datenbank-URL"):
        open_store("kein-url")


def test_a_data_folder_that_cannot_be_written_gives_a_clear_message():
    # /proc refuses new folders even to root, so this holds wherever the tests run
    with pytest.raises(StoreError, match="Datenordner nicht anlegbar"):
        open_store("sqlite:////proc/funkstille/data/x.db")


def test_a_new_team_never_starts_at_a_data_version_a_deleted_team_had(engine):
    with write(engine) as conn:
        old = repo.create_team(conn, "Alt")
        for _ in range(50):
            versions.bump(conn, old)
        before = versions.current(conn, old)
        repo.delete_team(conn, old)
        new = repo.create_team(conn, "Neu")
        assert versions.current(conn, new) > before
