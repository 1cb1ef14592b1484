"""A person deletes their account and every piece of personal data with it.

What they shared anonymously stays for the team, with no link back to them; a review shared under
their name becomes anonymous; leads they owned stay as team data without an owner. On SQLite the
freed pages are overwritten (PRAGMA secure_delete=ON is set on every connection).
"""

from sqlalchemy import Engine, delete, func, select, update

from coaching.errors import InputError
from coaching.store import read, versions, write
from coaching.store.schema import auth_tokens, drafts, leads, login_failures, reviews, users


class ErasureRefused(InputError):
    """The account cannot be deleted like this; `key` names the message saying why."""


def erase_account(engine: Engine, user_id: int, typed_email: str) -> None:
    """Delete the person after they typed their own e-mail address; all in one transaction."""
    with write(engine) as conn:
        person = conn.execute(
            select(users.c.email, users.c.team_id, users.c.role).where(users.c.id == user_id)
        ).first()
        if person is None:
            raise ErasureRefused("data.erase.unknown")
        if typed_email.strip().casefold() != person.email.casefold():
            raise ErasureRefused("data.erase.email_mismatch")
        if person.role == "manager" and _last_manager_with_team(conn, person.team_id):
            raise ErasureRefused("data.erase.last_manager")
        mine = reviews.c.author_id == user_id
        conn.execute(delete(reviews).where(mine, reviews.c.share_mode == "private"))
        conn.execute(
            update(reviews).where(mine).values(author_id=None, share_mode="anonymous", feeling=None)
        )
        conn.execute(update(leads).where(leads.c.owner_id == user_id).values(owner_id=None))
        conn.execute(delete(drafts).where(drafts.c.user_id == user_id))
        conn.execute(delete(auth_tokens).where(auth_tokens.c.user_id == user_id))
        conn.execute(
            delete(login_failures).where(func.lower(login_failures.c.email) == person.email.lower())
        )
        conn.execute(delete(users).where(users.c.id == user_id))
        versions.bump(conn, person.team_id)


def erase_by_email(engine: Engine, email: str) -> None:
    """An admin removes an account (command line): the same rules and the same erasure as when
    the person deletes it, the last-manager check included."""
    with read(engine) as conn:
        user_id = conn.scalar(select(users.c.id).where(func.lower(users.c.email) == email.lower()))
    if user_id is None:
        raise ErasureRefused("data.erase.unknown")
    erase_account(engine, user_id, email)


def _last_manager_with_team(conn, team_id: int) -> bool:
    """A team must keep a lead while it has members: the last manager hands over first."""
    roles = list(conn.scalars(select(users.c.role).where(users.c.team_id == team_id)))
    return roles.count("manager") == 1 and len(roles) > 1
