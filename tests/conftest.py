"""Shared fixtures: a migrated store per test, on SQLite and (when configured) PostgreSQL."""

import shutil
import uuid
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from coaching import settings
from coaching.store import make_engine, migrate
from coaching.store.schema import metadata

FIXED_TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url():
    with empty_postgres_database() as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture
def empty_postgres_url():
    """A new PostgreSQL database without any table, dropped after the test."""
    with empty_postgres_database() as url:
        yield url


@contextmanager
def empty_postgres_database():
    admin_url = settings.TEST_POSTGRES_URL.value()
    if not admin_url:
        pytest.skip("PostgreSQL tests skipped: FUNKSTILLE_TEST_POSTGRES_URL is not set")
    name = f"funkstille_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path, sqlite_template) -> str:
    """A database URL with the current schema and no rows, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "funkstille.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    with engine.begin() as conn:
        names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def engine(store_url) -> Engine:
    engine = make_engine(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template) -> str:
    """A fresh SQLite store, for tests that exercise the app rather than the backend."""
    path = tmp_path / "funkstille.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"
