"""Fixtures for domain tests: a small team whose leads have one due date of each kind, and a
real local SMTP server (aiosmtpd) with or without TLS."""

import socket
import ssl
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from coaching.store import accounts, write
from coaching.store import leads as repo
from coaching.store import workshop as workshop_repo
from coaching.store.accounts import User
from tests.conftest import FIXED_TODAY


def ago(days: int) -> date:
    return FIXED_TODAY - timedelta(days=days)


@dataclass
class ReminderTeam:
    engine: object
    anna: User  # German, owns one lead of each kind
    ben: User  # English, same team, owns one silent lead
    stranger: User  # another team
    leads: dict[str, int]
    agreement: int


@pytest.fixture
def reminder_team(engine) -> ReminderTeam:
    with write(engine) as conn:
        team = accounts.create_team(conn, "Team")
        other = accounts.create_team(conn, "Andere")
        people = {}
        for key, team_id, language in (
            ("anna", team, "de"),
            ("ben", team, "en"),
            ("x", other, "de"),
        ):
            people[key] = accounts.add_user(
                conn,
                team_id=team_id,
                email=f"{key}@firma.example",
                name=key.title(),
                role="member",
                password_hash="x",
                language=language,
            )
        base = {"contact_name": "Sabine Brandt", "offer_date": ago(14), "stage": "offer_sent"}
        rows = {
            "silent": (people["anna"], {"company": "Brandt Logistik", "next_step_date": ago(10)}),
            "agreed": (people["anna"], {"company": "Stadtwerke", "next_step_date": ago(-3),
                                        "next_step": "Feedback-Telefonat"}),
            "handshake": (people["anna"], {"company": "Kaiser", "stage": "handshake"}),
            "parked": (people["anna"], {"company": "Weingut", "status": "parked"}),
            "bens": (people["ben"], {"company": "Nordlicht", "next_step_date": ago(10)}),
            "strangers": (people["x"], {"company": "Fremd GmbH", "next_step_date": ago(10)}),
        }  # fmt: skip
        leads = {}
        for key, (owner, values) in rows.items():
            team_id = other if key == "strangers" else team
            leads[key] = repo.add_lead(conn, team_id, owner_id=owner, **{**base, **values})
        repo.add_event(
            conn,
            team,
            leads["handshake"],
            "created",
            author_id=people["anna"],
            payload={"stage": "handshake"},
            at=datetime.combine(ago(10), time(9)),
        )
        repo.add_event(
            conn,
            team,
            leads["parked"],
            "parked",
            author_id=people["anna"],
            payload={"reason": "Budget erst im Januar", "resume_on": ago(-20).isoformat()},
            at=datetime.combine(ago(2), time(9)),
        )
        agreement = workshop_repo.add_agreement(
            conn, team, "Rückruf statt dritter Mail", "Team", ago(1)
        )
        users = {key: accounts.user_by_id(conn, user_id) for key, user_id in people.items()}
    return ReminderTeam(engine, users["anna"], users["ben"], users["x"], leads, agreement)


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
