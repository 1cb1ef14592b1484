"""Sign-in, sessions and passwords: who may see what starts here."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from coaching import settings
from coaching.content import LANGUAGES
from coaching.errors import InputError
from coaching.store import accounts, read, tokens, utcnow, write
from coaching.store.accounts import User

ROLES = ("member", "manager")
SESSION = "session"
HANDOFF = "handoff"
HANDOFF_LIFETIME = timedelta(minutes=2)
FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 300
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_COMMON = {"passwort123", "password123", "1234567890", "qwertzuiop", "funkstille", "sommer2026"}


class AccountError(InputError):
    """Carries a message key (for the user's language) and the values it needs."""


@dataclass(frozen=True)
class SignIn:
    user: User
    handoff: str  # one-time secret the browser trades for the session cookie


def password_problem(password: str, email: str = "") -> str | None:
    """The message key of why a password is too weak, or None when it is fine."""
    if len(password) < 10:
        return "auth.weak.too_short"
    if password.lower() in _COMMON or len(set(password)) < 5:
        return "auth.weak.too_common"
    local = email.split("@")[0].lower()
    if len(local) >= 3 and local in password.lower():
        return "auth.weak.contains_email"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    engine: Engine, *, team_id: int, email: str, name: str, role: str, password: str, **prefs: str
) -> int:
    """Add a person after checking address, name, role and password strength."""
    email = email.strip().lower()
    if "@" not in email or "." not in email.split("@")[-1]:
        raise AccountError("auth.invalid_email")
    if not name.strip():
        raise AccountError("auth.name_required")
    if role not in ROLES:
        raise AccountError("auth.invalid_role")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    with write(engine) as conn:
        if accounts.user_by_email(conn, email):
            raise AccountError("auth.email_taken")
        return accounts.add_user(
            conn,
            team_id=team_id,
            email=email,
            name=name,
            role=role,
            password_hash=hash_password(password),
            **prefs,
        )


def create_first_team(engine: Engine, *, team_name: str, email: str, name: str, password: str):
    """First run: the team and its first manager, only while no real account exists."""
    if not team_name.strip():
        raise AccountError("auth.team_required")
    with read(engine) as conn:
        if accounts.count_real_users(conn):
            raise AccountError("auth.setup_done")
    with write(engine) as conn:
        team_id = accounts.create_team(conn, team_name.strip())
    try:
        return create_user(
            engine, team_id=team_id, email=email, name=name, role="manager", password=password
        )
    except AccountError:
        with write(engine) as conn:
            accounts.delete_team(conn, team_id)
        raise


def sign_in(engine: Engine, email: str, password: str) -> SignIn:
    """Check the password; repeated failures make the next try wait longer (up to 5 minutes)."""
    email = email.strip().lower()
    if not email or not password:
        raise AccountError("auth.missing_credentials")
    wait = seconds_to_wait(engine, email)
    if wait:
        raise AccountError("auth.throttled", seconds=wait)
    with read(engine) as conn:
        user = accounts.user_by_email(conn, email)
        stored = accounts.password_hash(conn, user.id) if user else None
    if user is None or not _verify(stored, password):
        with write(engine) as conn:
            tokens.record_failure(conn, email)
        raise AccountError("auth.wrong_credentials")
    with write(engine) as conn:
        tokens.clear_failures(conn, email)
        if _hasher.check_needs_rehash(stored):
            accounts.update_user(conn, user.id, password_hash=hash_password(password))
    return SignIn(user=user, handoff=issue_handoff(engine, user.id))


def seconds_to_wait(engine: Engine, email: str) -> int:
    with read(engine) as conn:
        count, last = tokens.recent_failures(conn, email, utcnow() - timedelta(hours=1))
    if count < FREE_ATTEMPTS or last is None:
        return 0
    delay = min(2 ** (count - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)
    remaining = delay - (utcnow() - last).total_seconds()
    return max(0, int(remaining + 0.999))


def issue_handoff(engine: Engine, user_id: int) -> str:
    """A short-lived one-time secret; the sign-in route exchanges it for the session cookie."""
    secret = secrets.token_urlsafe(32)
    with write(engine) as conn:
        tokens.add_token(conn, user_id, HANDOFF, _digest(secret), HANDOFF_LIFETIME)
    return secret


def redeem_handoff(engine: Engine, secret: str) -> str | None:
    """Trade a handoff secret (once) for a new session token; None when it is unknown or spent."""
    with write(engine) as conn:
        user_id = tokens.live_token_user(conn, HANDOFF, _digest(secret))
        if user_id is None:
            return None
        tokens.revoke_token(conn, _digest(secret))
        session = secrets.token_urlsafe(32)
        lifetime = timedelta(days=settings.session_days())
        tokens.add_token(conn, user_id, SESSION, _digest(session), lifetime)
        tokens.purge_expired(conn)
    return session


def user_for_session(engine: Engine, session: str | None) -> User | None:
    if not session:
        return None
    with read(engine) as conn:
        user_id = tokens.live_token_user(conn, SESSION, _digest(session))
        return accounts.user_by_id(conn, user_id) if user_id else None


def end_session(engine: Engine, session: str | None) -> None:
    if session:
        with write(engine) as conn:
            tokens.revoke_token(conn, _digest(session))


def change_password(engine: Engine, user: User, old: str, new: str) -> None:
    with read(engine) as conn:
        stored = accounts.password_hash(conn, user.id)
    if not _verify(stored, old):
        raise AccountError("auth.wrong_password")
    set_password(engine, user.email, new)


def set_password(engine: Engine, email: str, new: str) -> None:
    """Admin or self-service: a new password ends every open session of that person."""
    problem = password_problem(new, email)
    if problem:
        raise AccountError(problem)
    with write(engine) as conn:
        user = accounts.user_by_email(conn, email)
        if user is None:
            raise AccountError("auth.unknown_user", email=email)
        accounts.update_user(conn, user.id, password_hash=hash_password(new))
        tokens.revoke_all(conn, user.id)


def update_preferences(engine: Engine, user_id: int, **prefs: str) -> None:
    allowed = {"language": LANGUAGES, "address": ("sie", "du")}
    for key, value in prefs.items():
        if value not in allowed.get(key, ()):
            raise AccountError("auth.invalid_preference", name=key)
    with write(engine) as conn:
        accounts.update_user(conn, user_id, **prefs)


def _verify(stored: str | None, password: str) -> bool:
    if stored is None:
        _hasher.hash(password)  # same cost for unknown accounts, so timing tells nothing
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def user_by_id(engine: Engine, user_id: int) -> User | None:
    """The person as stored now (role, language and team may have changed since sign-in)."""
    with read(engine) as conn:
        return accounts.user_by_id(conn, user_id)


def team_size(engine: Engine, team_id: int) -> int:
    with read(engine) as conn:
        return len(accounts.team_members(conn, team_id))


@dataclass(frozen=True)
class Door:
    """What the sign-in page offers: first-run setup on an empty store, the demo's logins."""

    first_run: bool
    demo_people: list[User]


def door(engine: Engine) -> Door:
    with read(engine) as conn:
        first_run = accounts.count_real_users(conn) == 0
        people = [
            person
            for team in accounts.demo_team_ids(conn)
            for person in accounts.team_members(conn, team)
        ]
    return Door(first_run, people)
