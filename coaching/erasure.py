"""A person deletes their account and every piece of personal data with it.

What they shared anonymously stays for the team, with no link back to them; a review shared under
their name becomes anonymous; leads they owned stay as team data without an owner, and wherever
the team's shared data shows their name (CRM owner, signed follow-ups, notes, agreements) it reads
"ehemaliges Teammitglied" instead. On SQLite the freed pages are overwritten (PRAGMA
secure_delete=ON is set on every connection). The person is told what was deleted.
"""

from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select, update

from coaching.errors import InputError
from coaching.store import accounts, tokens, versions, write
from coaching.store.schema import auth_tokens, drafts, leads, pulse_answers, reviews, users

FORMER_MEMBER = {"de": "ehemaliges Teammitglied", "en": "former team member"}


@dataclass(frozen=True)
class Erased:
    """What an erasure removed or changed, for the confirmation shown to the person."""

    private_reviews: int
    shared_reviews_anonymised: int
    leads_released: int
    drafts: int
    pulse_answers: int
    names_replaced: int


class ErasureRefused(InputError):
    """The account cannot be deleted like this; `key` names the message saying why."""


def erase_account(engine: Engine, user_id: int, typed_email: str, lang: str = "de") -> Erased:
    """Delete the person after they typed their own e-mail address; all in one transaction."""
    with write(engine) as conn:
        person = conn.execute(
            select(users.c.email, users.c.name, users.c.team_id, users.c.role).where(
                users.c.id == user_id
            )
        ).first()
        if person is None:
            raise ErasureRefused("data.erase.unknown")
        if typed_email.strip().casefold() != person.email.casefold():
            raise ErasureRefused("data.erase.email_mismatch")
        if person.role == "manager" and _last_manager_with_team(conn, person.team_id):
            raise ErasureRefused("data.erase.last_manager")
        mine = reviews.c.author_id == user_id
        own_answers = pulse_answers.c.user_id == user_id
        answers = conn.scalar(select(func.count()).select_from(pulse_answers).where(own_answers))
        private = conn.execute(delete(reviews).where(mine, reviews.c.share_mode == "private"))
        shared = conn.execute(
            update(reviews).where(mine).values(author_id=None, share_mode="anonymous", feeling=None)
        )
        released = conn.execute(
            update(leads).where(leads.c.owner_id == user_id).values(owner_id=None)
        )
        own_drafts = conn.execute(delete(drafts).where(drafts.c.user_id == user_id))
        conn.execute(delete(auth_tokens).where(auth_tokens.c.user_id == user_id))
        tokens.forget_email(conn, person.email)
        renamed = accounts.replace_name_in_team_data(
            conn, person.team_id, person.name, FORMER_MEMBER.get(lang, FORMER_MEMBER["de"])
        )
        conn.execute(delete(users).where(users.c.id == user_id))
        versions.bump(conn, person.team_id)
    return Erased(
        private_reviews=private.rowcount,
        shared_reviews_anonymised=shared.rowcount,
        leads_released=released.rowcount,
        drafts=own_drafts.rowcount,
        pulse_answers=answers,
        names_replaced=renamed,
    )


def _last_manager_with_team(conn, team_id: int) -> bool:
    """A team must keep a lead while it has members: the last manager hands over first."""
    roles = list(conn.scalars(select(users.c.role).where(users.c.team_id == team_id)))
    return roles.count("manager") == 1 and len(roles) > 1
