"""Invitations, account status, the audit log and a team's company sign-in settings."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select, update

from coaching.store.engine import utcnow
from coaching.store.schema import audit_log, invitations, teams, users


@dataclass(frozen=True)
class Person:
    """One row of the team list, with what an admin needs beside the profile."""

    id: int
    email: str
    name: str
    role: str
    active: bool
    last_sign_in_at: datetime | None
    row_version: int


@dataclass(frozen=True)
class Invitation:
    id: int
    team_id: int
    email: str
    name: str
    role: str
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    target: str
    detail: str


_PERSON = (
    users.c.id,
    users.c.email,
    users.c.name,
    users.c.role,
    users.c.active,
    users.c.last_sign_in_at,
    users.c.row_version,
)
_INVITATION = (
    invitations.c.id,
    invitations.c.team_id,
    invitations.c.email,
    invitations.c.name,
    invitations.c.role,
    invitations.c.expires_at,
    invitations.c.accepted_at,
    invitations.c.revoked_at,
)


def people(conn: Connection, team_id: int) -> list[Person]:
    query = select(*_PERSON).where(users.c.team_id == team_id).order_by(users.c.name)
    return [Person(**row._mapping) for row in conn.execute(query)]


def person(conn: Connection, team_id: int, user_id: int) -> Person | None:
    query = select(*_PERSON).where(users.c.team_id == team_id, users.c.id == user_id)
    row = conn.execute(query).first()
    return None if row is None else Person(**row._mapping)


def active_managers(conn: Connection, team_id: int) -> int:
    query = select(func.count()).where(
        users.c.team_id == team_id, users.c.role == "manager", users.c.active
    )
    return conn.scalar(query)


def claim(conn: Connection, user_id: int, seen_version: int | None, **values) -> bool:
    """Change a person only if nobody changed them since seen_version (None: no check)."""
    query = update(users).where(users.c.id == user_id)
    if seen_version is not None:
        query = query.where(users.c.row_version == seen_version)
    result = conn.execute(query.values(row_version=users.c.row_version + 1, **values))
    return result.rowcount == 1


def record_sign_in(conn: Connection, user_id: int) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(last_sign_in_at=utcnow()))


def add_invitation(
    conn: Connection,
    *,
    team_id: int,
    email: str,
    name: str,
    role: str,
    token_hash: str,
    invited_by: int | None,
    lifetime: timedelta,
) -> int:
    now = utcnow()
    return conn.execute(
        insert(invitations).values(
            team_id=team_id,
            email=email,
            name=name,
            role=role,
            token_hash=token_hash,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + lifetime,
        )
    ).inserted_primary_key[0]


def invitation_by_hash(conn: Connection, token_hash: str) -> Invitation | None:
    row = conn.execute(select(*_INVITATION).where(invitations.c.token_hash == token_hash)).first()
    return None if row is None else Invitation(**row._mapping)


def pending_invitations(conn: Connection, team_id: int) -> list[Invitation]:
    query = select(*_INVITATION).where(
        invitations.c.team_id == team_id,
        invitations.c.accepted_at.is_(None),
        invitations.c.revoked_at.is_(None),
        invitations.c.expires_at > utcnow(),
    )
    return [Invitation(**row._mapping) for row in conn.execute(query.order_by(invitations.c.id))]


def mark_accepted(conn: Connection, invitation_id: int) -> bool:
    """Spend an invitation once; False when another request spent or revoked it first."""
    result = conn.execute(
        update(invitations)
        .where(
            invitations.c.id == invitation_id,
            invitations.c.accepted_at.is_(None),
            invitations.c.revoked_at.is_(None),
        )
        .values(accepted_at=utcnow())
    )
    return result.rowcount == 1


def revoke_invitations(conn: Connection, team_id: int, email: str) -> int:
    result = conn.execute(
        update(invitations)
        .where(
            invitations.c.team_id == team_id,
            invitations.c.email == email,
            invitations.c.accepted_at.is_(None),
            invitations.c.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def log(
    conn: Connection,
    *,
    team_id: int,
    actor_id: int | None,
    actor: str,
    action: str,
    target: str,
    detail: str = "",
) -> None:
    conn.execute(
        insert(audit_log).values(
            team_id=team_id,
            actor_id=actor_id,
            actor=actor,
            action=action,
            target=target,
            detail=detail,
            at=utcnow(),
        )
    )


def audit_entries(conn: Connection, team_id: int) -> list[AuditEntry]:
    columns = (audit_log.c.at, audit_log.c.actor, audit_log.c.action)
    query = select(*columns, audit_log.c.target, audit_log.c.detail)
    query = query.where(audit_log.c.team_id == team_id).order_by(audit_log.c.id.desc())
    return [AuditEntry(**row._mapping) for row in conn.execute(query)]


def sign_in_settings(conn: Connection, team_id: int) -> tuple[str, str]:
    """(sign_in_mode, sso_domains) of a team."""
    row = conn.execute(
        select(teams.c.sign_in_mode, teams.c.sso_domains).where(teams.c.id == team_id)
    ).one()
    return row.sign_in_mode, row.sso_domains


def set_sign_in_settings(conn: Connection, team_id: int, mode: str, domains: str) -> None:
    conn.execute(
        update(teams).where(teams.c.id == team_id).values(sign_in_mode=mode, sso_domains=domains)
    )


def teams_admitting(conn: Connection, domain: str) -> list[int]:
    """Real teams whose allow-list names this e-mail domain (matched whole, case-blind)."""
    query = select(teams.c.id, teams.c.sso_domains).where(
        ~teams.c.is_demo, teams.c.sso_domains != ""
    )
    return [
        row.id
        for row in conn.execute(query.order_by(teams.c.id))
        if domain in split_domains(row.sso_domains)
    ]


def split_domains(text: str) -> list[str]:
    return [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]
