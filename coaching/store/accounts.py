"""Teams and their people."""

import time
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, update

from coaching import settings
from coaching.store.engine import utcnow
from coaching.store.schema import (
    agreements,
    auth_tokens,
    conversations,
    customer_logs,
    data_versions,
    deals,
    lead_answers,
    lead_events,
    leads,
    roleplay_debriefs,
    teams,
    users,
)

# team-shared text that may carry a person's name: CRM owners, signed messages, notes
NAMED_TEXT = [
    deals.c.owner_name,
    agreements.c.owner,
    agreements.c.text,
    agreements.c.review_note,
    lead_events.c.note,
    lead_events.c.payload,
    leads.c.notes,
    leads.c.next_step,
    leads.c.contact_name,
    conversations.c.notes,
    customer_logs.c.note,
    lead_answers.c.note,
    roleplay_debriefs.c.answers,
]


@dataclass(frozen=True)
class User:
    id: int
    team_id: int
    email: str
    name: str
    role: str
    language: str
    address: str
    is_demo: bool
    team_name: str
    active: bool = True

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


_USER_COLUMNS = (
    users.c.id,
    users.c.team_id,
    users.c.email,
    users.c.name,
    users.c.role,
    users.c.language,
    users.c.address,
    teams.c.is_demo,
    teams.c.name.label("team_name"),
    users.c.active,
)


def create_team(conn: Connection, name: str, *, is_demo: bool = False) -> int:
    """A new team; its smallest group for aggregates starts at the operator's default."""
    values = {"name": name, "is_demo": is_demo, "created_at": utcnow()}
    values["min_group_size"] = settings.min_group_size()
    team_id = conn.execute(insert(teams).values(**values)).inserted_primary_key[0]
    # versions start at the clock, so a team that reuses a deleted team's id never meets its caches
    conn.execute(insert(data_versions).values(team_id=team_id, version=time.time_ns()))
    return team_id


def delete_team(conn: Connection, team_id: int) -> None:
    conn.execute(delete(teams).where(teams.c.id == team_id))


def demo_team_ids(conn: Connection) -> list[int]:
    return list(conn.scalars(select(teams.c.id).where(teams.c.is_demo)))


def first_real_team(conn: Connection) -> int | None:
    return conn.scalar(select(teams.c.id).where(~teams.c.is_demo).order_by(teams.c.id).limit(1))


def count_real_users(conn: Connection) -> int:
    query = select(func.count()).select_from(users.join(teams)).where(~teams.c.is_demo)
    return conn.scalar(query)


def add_user(
    conn: Connection,
    *,
    team_id: int,
    email: str,
    name: str,
    role: str,
    password_hash: str,
    language: str = "de",
    address: str = "sie",
) -> int:
    return conn.execute(
        insert(users).values(
            team_id=team_id,
            email=email.strip().lower(),
            name=name.strip(),
            role=role,
            password_hash=password_hash,
            language=language,
            address=address,
            created_at=utcnow(),
        )
    ).inserted_primary_key[0]


def user_by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(*_USER_COLUMNS).join_from(users, teams).where(users.c.id == user_id))
    return _user(row.first())


def user_of_live_token(conn: Connection, token_id: int, kinds: tuple[str, ...]) -> User | None:
    """The person of a token that is live (not revoked, not expired): one indexed query."""
    query = (
        select(*_USER_COLUMNS)
        .join_from(users, teams)
        .join(auth_tokens, auth_tokens.c.user_id == users.c.id)
        .where(
            auth_tokens.c.id == token_id,
            users.c.active.is_(True),  # a deactivated person's tabs end at their next rerun
            auth_tokens.c.kind.in_(kinds),
            auth_tokens.c.revoked_at.is_(None),
            auth_tokens.c.expires_at > utcnow(),
        )
    )
    return _user(conn.execute(query).first())


def user_by_email(conn: Connection, email: str) -> User | None:
    query = select(*_USER_COLUMNS).join_from(users, teams)
    return _user(conn.execute(query.where(users.c.email == email.strip().lower())).first())


def password_hash(conn: Connection, user_id: int) -> str | None:
    return conn.scalar(select(users.c.password_hash).where(users.c.id == user_id))


def team_members(conn: Connection, team_id: int) -> list[User]:
    query = select(*_USER_COLUMNS).join_from(users, teams).where(users.c.team_id == team_id)
    return [_user(row) for row in conn.execute(query.order_by(users.c.name))]


def all_users(conn: Connection) -> list[User]:
    query = select(*_USER_COLUMNS).join_from(users, teams).order_by(teams.c.id, users.c.email)
    return [_user(row) for row in conn.execute(query)]


def update_user(conn: Connection, user_id: int, **values: str) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(**values))


def remove_user(conn: Connection, user_id: int) -> None:
    conn.execute(delete(users).where(users.c.id == user_id))


def replace_name_in_team_data(conn: Connection, team_id: int, name: str, placeholder: str) -> int:
    """Write `placeholder` wherever the team's shared text shows `name`; returns rows changed."""
    name = name.strip()
    if len(name) < 3:  # too short to find as a name without changing other words
        return 0
    changed = 0
    for column in NAMED_TEXT:
        table = column.table
        result = conn.execute(
            update(table)
            .where(table.c.team_id == team_id, column.contains(name, autoescape=True))
            .values({column.name: func.replace(column, name, placeholder)})
        )
        changed += result.rowcount
    return changed


def _user(row) -> User | None:
    return None if row is None else User(**row._mapping)
