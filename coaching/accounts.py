"""Sign-in, sessions and passwords: who may see what starts here.

Sessions: a browser tab holds the id of its session token and checks it against the store on
every rerun (`session_user`), so signing out, a new password, deactivation or removal end every
open tab at its next interaction. Throttling: three counters per attempt (the account, the
client address, the pair), claimed in one statement; each failure past the free ones doubles
the wait up to a short cap, so nobody is locked out for long. Passwords: zxcvbn score >= 3.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine
from zxcvbn import zxcvbn

from coaching import settings
from coaching.content import LANGUAGES
from coaching.errors import InputError
from coaching.store import accounts, read, tokens, utcnow, write
from coaching.store import team_admin as admin_store
from coaching.store.accounts import User

ROLES = ("member", "manager")
SESSION = "session"
HANDOFF = "handoff"
HANDOFF_LIFETIME = timedelta(minutes=2)
FREE_ATTEMPTS = 3
# (free failures, longest wait in seconds): the pair of account and client address, the client
# over all accounts (one password tried on many), the account over all clients (short, so the
# owner is never kept out for long by someone else's attempts)
LIMITS = {"pair": (FREE_ATTEMPTS, 60), "client": (10, 60), "account": (FREE_ATTEMPTS, 15)}
CHECK_HOLD = timedelta(seconds=15)  # a password check in flight holds its counters this long
FAILURE_MEMORY = timedelta(hours=1)
MIN_PASSWORD_SCORE = 3  # zxcvbn 0-4; 3 = "safely unguessable" (about 10^8 guesses)
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_GUESSABLE_WORDS = ["funkstille", "passwort", "vertrieb", "kunde", "angebot", "sommer", "winter"]


class AccountError(InputError):
    """Carries a message key (for the user's language) and the values it needs."""


@dataclass(frozen=True)
class SignIn:
    user: User
    handoff: str  # one-time secret the browser trades for the session cookie
    session_id: int  # what the signed-in browser session keeps and checks on every rerun


def password_problem(password: str, email: str = "") -> str | None:
    """The message key of why a password is too weak, or None when it is fine."""
    if len(password) < 10:
        return "auth.weak.too_short"
    local = email.split("@")[0].lower()
    if len(local) >= 3 and local in password.lower():
        return "auth.weak.contains_email"
    words = [*_GUESSABLE_WORDS, *email.lower().replace("@", ".").split(".")]
    if zxcvbn(password[:100], user_inputs=words)["score"] < MIN_PASSWORD_SCORE:
        return "auth.weak.too_common"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def checked_email(email: str) -> str:
    """The address in its stored form (trimmed, lower case); AccountError when it is malformed."""
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not local or not at or "." not in domain or " " in email or domain.endswith("."):
        raise AccountError("auth.invalid_email")
    return email


def create_user(
    engine: Engine, *, team_id: int, email: str, name: str, role: str, password: str, **prefs: str
) -> int:
    """Add a person after checking address, name, role and password strength."""
    email = checked_email(email)
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


def sign_in(engine: Engine, email: str, password: str, client: str | None = None) -> SignIn:
    """Check the password; repeated failures make the next try wait longer (up to a minute).

    `client` is the browser's address; counters per account, per client and per pair are
    claimed together before the check, so parallel attempts cannot check more than allowed.
    """
    email = email.strip().lower()
    if not email or not password:
        raise AccountError("auth.missing_credentials")
    counters = _counters(email, client)
    with write(engine) as conn:
        if not tokens.claim_attempt(conn, list(counters), CHECK_HOLD):
            until = tokens.blocked_until(conn, list(counters))
            raise AccountError("auth.throttled", seconds=_wait(until))
    with read(engine) as conn:
        user = accounts.user_by_email(conn, email)
        stored = accounts.password_hash(conn, user.id) if user else None
    if user is None or not _verify(stored, password):
        with write(engine) as conn:
            _record_failure(conn, counters)
        raise AccountError("auth.wrong_credentials")
    with write(engine) as conn:
        tokens.clear_throttle(conn, [k for k, scope in counters.items() if scope != "client"])
        tokens.release(conn, [k for k, scope in counters.items() if scope == "client"])
        if _hasher.check_needs_rehash(stored):
            accounts.update_user(conn, user.id, password_hash=hash_password(password))
    if not user.active:  # the right password, but the team lead has paused the account
        raise AccountError("auth.deactivated")
    return start_session(engine, user)


def start_session(engine: Engine, user: User) -> SignIn:
    """Every way of signing in (password, link, company sign-in) ends here: one new session."""
    handoff, session_id = issue_handoff(engine, user.id)
    return SignIn(user=user, handoff=handoff, session_id=session_id)


def issue_handoff(engine: Engine, user_id: int) -> tuple[str, int]:
    """A one-time secret (redeemable for two minutes) for the session cookie, and the session id.

    The token lives as long as a session: the tab that signed in is signed in by it even before
    (or without) the browser redeeming the cookie.
    """
    secret = secrets.token_urlsafe(32)
    lifetime = timedelta(days=settings.session_days())
    with write(engine) as conn:
        session_id = tokens.add_token(conn, user_id, HANDOFF, digest(secret), lifetime)
        admin_store.record_sign_in(conn, user_id)
    return secret, session_id


def redeem_handoff(engine: Engine, secret: str) -> str | None:
    """Trade a handoff secret (once) for the session token; None when it is unknown or spent."""
    session = secrets.token_urlsafe(32)
    since = utcnow() - HANDOFF_LIFETIME
    with write(engine) as conn:
        promoted = tokens.promote_handoff(
            conn, digest(secret), digest(session), (HANDOFF, SESSION), since
        )
        tokens.purge_expired(conn)
    return session if promoted else None


def resume_session(engine: Engine, session: str | None) -> tuple[int, User] | None:
    """A new tab with the session cookie: the session's id and its person, if still live."""
    if not session:
        return None
    with read(engine) as conn:
        found = tokens.live_token(conn, SESSION, digest(session))
        user = accounts.user_by_id(conn, found[1]) if found else None
    return None if user is None or not user.active else (found[0], user)


def session_user(engine: Engine, session_id: int) -> User | None:
    """Checked on every rerun: the person of a session that was not ended, else None."""
    with read(engine) as conn:
        return accounts.user_of_live_token(conn, session_id, (HANDOFF, SESSION))


def user_for_session(engine: Engine, session: str | None) -> User | None:
    found = resume_session(engine, session)
    return None if found is None else found[1]


def end_session(engine: Engine, session: str | None) -> None:
    """Sign-out by cookie (the /auth/signout route)."""
    if session:
        with write(engine) as conn:
            tokens.revoke_token(conn, digest(session))


def sign_out(engine: Engine, session_id: int | None) -> None:
    """Sign-out from the tab: ends its session, and with it every tab that shares the cookie."""
    if session_id is not None:
        with write(engine) as conn:
            tokens.revoke_token_id(conn, session_id)


def end_all_sessions(engine: Engine, user_id: int) -> None:
    """Every open tab of this person ends at its next interaction (deactivation, reset)."""
    with write(engine) as conn:
        tokens.revoke_all(conn, user_id)


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


def _counters(email: str, client: str | None) -> dict[tuple[str, str], str]:
    """The throttle counters of one attempt: (email, client) keys and their scope."""
    if not client:
        return {(email, ""): "account"}
    client = client[:64]
    return {(email, ""): "account", ("", client): "client", (email, client): "pair"}


def _record_failure(conn, counters: dict[tuple[str, str], str]) -> None:
    now = utcnow()
    rows = tokens.throttle_rows(conn, list(counters))
    for key, scope in counters.items():
        failures, last = rows.get(key, (0, None))
        failures = 1 if last is None or last < now - FAILURE_MEMORY else failures + 1
        free, cap = LIMITS[scope]
        delay = 0 if failures < free else min(2 ** (failures - free + 1), cap)
        tokens.set_throttle(conn, key, failures, now + timedelta(seconds=delay), now)


def _wait(until: datetime | None) -> int:
    remaining = (until - utcnow()).total_seconds() if until else 0
    return max(1, int(remaining + 0.999))


def digest(secret: str) -> str:
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
