"""Shared fixtures: a migrated store per test, on SQLite and (when configured) PostgreSQL, and a
real local SMTP server (aiosmtpd) with or without TLS."""

import shutil
import socket
import ssl
import subprocess
import uuid
from contextlib import contextmanager
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
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


class Inbox:
    """What a real local SMTP server (aiosmtpd) received; `refuse` makes it reject recipients."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse = False
        self.logins: list[tuple[str, str]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"geheim", handled=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_env(monkeypatch):
    """Point the mailer at a local server; returns a function that starts one (plain or TLS)."""
    started = []

    def start(security: str = "none", cert: Path | None = None, **smtp) -> Inbox:
        inbox = Inbox()
        port = free_port()
        context = None
        if cert is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, cert.with_suffix(".key"))
            monkeypatch.setenv("FUNKSTILLE_SMTP_CA_FILE", str(cert))
        kwargs = {"ssl_context": context} if security == "ssl" else {"tls_context": context}
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=port,
            authenticator=inbox.authenticate,
            server_hostname="127.0.0.1",
            **kwargs,
            **smtp,
        )
        controller.start()
        started.append(controller)
        monkeypatch.setenv("FUNKSTILLE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("FUNKSTILLE_SMTP_PORT", str(port))
        monkeypatch.setenv("FUNKSTILLE_SMTP_SECURITY", security)
        monkeypatch.setenv("FUNKSTILLE_SMTP_SENDER", "Funkstille <funkstille@firma.example>")
        monkeypatch.setenv("FUNKSTILLE_SMTP_TIMEOUT", "10")
        return inbox

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture(scope="session")
def smtp_cert(tmp_path_factory) -> Path:
    """A self-signed certificate for 127.0.0.1 (openssl), trusted by the mailer via its CA file."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "smtp.pem", folder / "smtp.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert
