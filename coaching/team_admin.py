"""A team lead runs the team in the browser: invite, change roles, reset, deactivate, remove.

The command line calls the same functions with actor=None (an admin on the server). Every action
is checked against the person as the acting manager saw them (row_version), so a second manager
working from a stale page is refused instead of overwriting, and each one is written to the audit
log in the same transaction.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
from sqlalchemy import Connection, Engine

from coaching import accounts, mail
from coaching.accounts import ROLES, AccountError, SignIn, checked_email, digest, password_problem
from coaching.content import catalog
from coaching.erasure import ErasureRefused, erase_account
from coaching.store import accounts as account_store
from coaching.store import read, tokens, utcnow, write
from coaching.store import team_admin as store
from coaching.store.accounts import User
from coaching.store.team_admin import Invitation, Person

LINK_LIFETIME = timedelta(days=7)
RESET = "reset"
INVITE_PARAM = "einladung"  # the links: <app>/?einladung=<token>, <app>/?passwort=<token>
RESET_PARAM = "passwort"
NO_PASSWORD = "!sso"  # noqa: S105 - not an argon2 hash, so no password ever matches it
ACTIONS = (
    "invite",
    "accept",
    "join",
    "role",
    "reset",
    "deactivate",
    "reactivate",
    "remove",
    "settings",
)
SIGN_IN_MODES = ("password_and_sso", "sso_only")
CLI_ACTOR = "cli"


@dataclass(frozen=True)
class TeamView:
    people: list[Person]
    invitations: list[Invitation]


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


@dataclass(frozen=True)
class IssuedLink:
    """A one-time link to show the manager, the e-mail text that carries it, and whether the mail
    went out: "sent", "off" (no SMTP configured) or the reason it failed."""

    url: str
    message: Message
    delivery: str = "off"


def team_view(engine: Engine, actor: User) -> TeamView:
    """The people of the actor's team and the invitations still open."""
    with read(engine) as conn:
        _require_manager(conn, actor)
        return TeamView(
            store.people(conn, actor.team_id), store.pending_invitations(conn, actor.team_id)
        )


def invite(
    engine: Engine,
    actor: User | None,
    *,
    email: str,
    name: str,
    role: str,
    base_url: str,
    team_id: int | None = None,
    lang: str = "de",
) -> IssuedLink:
    """A 7-day, single-use invitation; a newer one for the same address replaces an open one."""
    email = checked_email(email)
    if not name.strip():
        raise AccountError("auth.name_required")
    if role not in ROLES:
        raise AccountError("auth.invalid_role")
    token = secrets.token_urlsafe(32)
    with write(engine) as conn:
        team = _acting_team(conn, actor, team_id)
        if account_store.user_by_email(conn, email):
            raise AccountError("admin.email_taken", email=email)
        store.revoke_invitations(conn, team, email)
        store.add_invitation(
            conn,
            team_id=team,
            email=email,
            name=name.strip(),
            role=role,
            token_hash=digest(token),
            invited_by=actor.id if actor else None,
            lifetime=LINK_LIFETIME,
        )
        _log(conn, team, actor, "invite", email, role)
    url = _link(base_url, INVITE_PARAM, token)
    return _deliver(email, url, link_message("invitation", url, name.strip(), lang))


def open_invitation(engine: Engine, token: str) -> Invitation:
    """The invitation behind a link; AccountError saying whether it is unknown, used or expired."""
    with read(engine) as conn:
        return _live_invitation(conn, token)


def accept_invitation(engine: Engine, token: str, password: str, repeat: str) -> SignIn:
    """The invited person sets their password (the usual policy) and is signed in."""
    invitation = open_invitation(engine, token)
    _check_new_password(password, repeat, invitation.email)
    user_id = _join(engine, token, accounts.hash_password(password))
    return accounts.start_session(engine, _user(engine, user_id))


def accept_invitation_by_sso(engine: Engine, token: str, verified_email: str) -> int:
    """Company sign-in instead of a password: the verified address must be the invited one."""
    invitation = open_invitation(engine, token)
    if verified_email.strip().lower() != invitation.email:
        raise AccountError("admin.sso_wrong_account", email=invitation.email)
    return _join(engine, token, NO_PASSWORD)


def change_role(engine: Engine, actor: User | None, user_id: int, role: str, seen: int | None):
    """member ⇄ manager; a team never loses its last active manager."""
    if role not in ROLES:
        raise AccountError("auth.invalid_role")
    with write(engine) as conn:
        person = _target(conn, actor, user_id)
        if person.role == "manager" and role != "manager":
            _keep_a_manager(conn, person)
        _apply(conn, person, seen, role=role)
        _log(conn, _team(conn, person), actor, "role", person.email, role)


def issue_password_reset(
    engine: Engine, actor: User | None, user_id: int, seen: int | None, base_url: str, lang="de"
) -> IssuedLink:
    """A new one-time link to set a password; every open session of the person ends now."""
    token = secrets.token_urlsafe(32)
    with write(engine) as conn:
        person = _target(conn, actor, user_id)
        _apply(conn, person, seen)
        tokens.revoke_all(conn, person.id)
        tokens.add_token(conn, person.id, RESET, digest(token), LINK_LIFETIME)
        _log(conn, _team(conn, person), actor, "reset", person.email)
    url = _link(base_url, RESET_PARAM, token)
    return _deliver(person.email, url, link_message("reset", url, person.name, lang))


def open_password_reset(engine: Engine, token: str) -> User:
    with read(engine) as conn:
        found = tokens.live_token(conn, RESET, digest(token))
        if found is None:
            raise AccountError("admin.link_invalid")
        return account_store.user_by_id(conn, found[1])


def complete_password_reset(engine: Engine, token: str, password: str, repeat: str) -> SignIn:
    """The person chooses the new password through the link (once) and is signed in."""
    user = open_password_reset(engine, token)
    _check_new_password(password, repeat, user.email)
    with write(engine) as conn:
        found = tokens.live_token(conn, RESET, digest(token))
        if found is None or found[1] != user.id:
            raise AccountError("admin.link_invalid")
        account_store.update_user(conn, user.id, password_hash=accounts.hash_password(password))
        tokens.revoke_all(conn, user.id)
    return accounts.start_session(engine, user)


def set_active(engine: Engine, actor: User | None, user_id: int, active: bool, seen: int | None):
    """Deactivated people cannot sign in and are signed out; their data stays."""
    with write(engine) as conn:
        person = _target(conn, actor, user_id)
        if not active:
            if actor and actor.id == person.id:
                raise AccountError("admin.not_yourself")
            if person.role == "manager":
                _keep_a_manager(conn, person)
        _apply(conn, person, seen, active=active)
        if not active:
            tokens.revoke_all(conn, person.id)
        action = "reactivate" if active else "deactivate"
        _log(conn, _team(conn, person), actor, action, person.email)


def remove_person(engine: Engine, actor: User | None, user_id: int, seen: int | None) -> None:
    """The existing erasure (coaching.erasure), after the same checks as every admin action."""
    with write(engine) as conn:
        person = _target(conn, actor, user_id)
        if actor and actor.id == person.id:
            raise AccountError("admin.not_yourself")
        _apply(conn, person, seen)  # claims the person: a concurrent action now sees a new version
        team = _team(conn, person)
    try:
        erase_account(engine, person.id, person.email)
    except ErasureRefused as exc:
        raise AccountError(exc.key) from exc
    with write(engine) as conn:
        _log(conn, team, actor, "remove", person.email)


def audit_table(engine: Engine, actor: User) -> pd.DataFrame:
    """Who did what to whom and when, newest first (columns are stable keys)."""
    with read(engine) as conn:
        _require_manager(conn, actor)
        entries = store.audit_entries(conn, actor.team_id)
    columns = ["at", "actor", "action", "target", "detail"]
    return pd.DataFrame([vars(e) for e in entries], columns=columns)


def sign_in_settings(engine: Engine, team_id: int) -> tuple[str, list[str]]:
    """(mode, allowed e-mail domains) for company sign-in."""
    with read(engine) as conn:
        mode, domains = store.sign_in_settings(conn, team_id)
    return mode, store.split_domains(domains)


def save_sign_in_settings(engine: Engine, actor: User, mode: str, domains: str) -> None:
    """SSO beside or instead of passwords, and which e-mail domains may join as members."""
    if mode not in SIGN_IN_MODES:
        raise AccountError("admin.invalid_mode")
    cleaned = store.split_domains(domains)
    for domain in cleaned:
        if "@" in domain or "." not in domain or " " in domain:
            raise AccountError("admin.invalid_domain", domain=domain)
    with write(engine) as conn:
        _require_manager(conn, actor)
        store.set_sign_in_settings(conn, actor.team_id, mode, ", ".join(cleaned))
        _log(conn, actor.team_id, actor, "settings", actor.email, mode)


def link_message(kind: str, url: str, name: str, lang: str) -> Message:
    """Subject and plain-text body of an invitation or reset e-mail, for the mailer to send."""
    words = catalog(lang)
    values = {"name": name, "url": url, "days": LINK_LIFETIME.days}
    return Message(
        words.text(f"admin.mail.{kind}_subject", **values),
        words.text(f"admin.mail.{kind}_body", **values),
    )


def _deliver(to: str, url: str, message: Message) -> IssuedLink:
    """Mail the link when SMTP is configured; the manager sees the link either way, so a failed
    mail never loses the invitation."""
    if not mail.configured():
        return IssuedLink(url, message)
    try:
        mail.send(mail.message(to, message.subject, message.body))
    except mail.MailError as exc:
        return IssuedLink(url, message, delivery=str(exc.values.get("reason") or exc.key))
    return IssuedLink(url, message, delivery="sent")


def _check_new_password(password: str, repeat: str, email: str) -> None:
    if password != repeat:
        raise AccountError("auth.passwords_differ")
    if problem := password_problem(password, email):
        raise AccountError(problem)


def _join(engine: Engine, token: str, password_hash: str) -> int:
    """Spend the invitation and create the account in one transaction."""
    with write(engine) as conn:
        invitation = _live_invitation(conn, token)
        if account_store.user_by_email(conn, invitation.email):
            raise AccountError("admin.email_taken", email=invitation.email)
        if not store.mark_accepted(conn, invitation.id):
            raise AccountError("admin.link_used")
        user_id = account_store.add_user(
            conn,
            team_id=invitation.team_id,
            email=invitation.email,
            name=invitation.name,
            role=invitation.role,
            password_hash=password_hash,
        )
        store.log(
            conn,
            team_id=invitation.team_id,
            actor_id=user_id,
            actor=invitation.email,
            action="accept",
            target=invitation.email,
            detail=invitation.role,
        )
    return user_id


def _live_invitation(conn: Connection, token: str) -> Invitation:
    invitation = store.invitation_by_hash(conn, digest(token.strip())) if token else None
    if invitation is None or invitation.revoked_at is not None:
        raise AccountError("admin.link_invalid")
    if invitation.accepted_at is not None:
        raise AccountError("admin.link_used")
    if invitation.expires_at <= utcnow():
        raise AccountError("admin.link_expired")
    return invitation


def _require_manager(conn: Connection, actor: User | None) -> None:
    """The actor as stored now, not as their page remembers them: demoted means refused."""
    if actor is None:
        return
    current = store.person(conn, actor.team_id, actor.id)
    if current is None or not current.active or current.role != "manager":
        raise AccountError("admin.managers_only")


def _acting_team(conn: Connection, actor: User | None, team_id: int | None) -> int:
    _require_manager(conn, actor)
    if actor is not None:
        return actor.team_id
    team = team_id or account_store.first_real_team(conn)
    if team is None:
        raise AccountError("admin.no_team")
    return team


def _target(conn: Connection, actor: User | None, user_id: int) -> Person:
    """The person acted on, only within the actor's own team."""
    _require_manager(conn, actor)
    user = account_store.user_by_id(conn, user_id)
    if user is None or (actor is not None and user.team_id != actor.team_id):
        raise AccountError("admin.unknown_person")
    return store.person(conn, user.team_id, user_id)


def _team(conn: Connection, person: Person) -> int:
    return account_store.user_by_id(conn, person.id).team_id


def _keep_a_manager(conn: Connection, person: Person) -> None:
    if person.active and store.active_managers(conn, _team(conn, person)) <= 1:
        raise AccountError("admin.last_manager")


def _apply(conn: Connection, person: Person, seen: int | None, **values) -> None:
    if not store.claim(conn, person.id, seen, **values):
        raise AccountError("admin.changed_meanwhile", name=person.name)


def _log(conn: Connection, team_id: int, actor: User | None, action: str, target: str, detail=""):
    store.log(
        conn,
        team_id=team_id,
        actor_id=actor.id if actor else None,
        actor=actor.email if actor else CLI_ACTOR,
        action=action,
        target=target,
        detail=detail,
    )


def _user(engine: Engine, user_id: int) -> User:
    with read(engine) as conn:
        return account_store.user_by_id(conn, user_id)


def _link(base_url: str, kind: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/?{kind}={token}"
