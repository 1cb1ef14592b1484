"""Company sign-in (OIDC through st.login): a verified e-mail address finds or admits the person.

Streamlit's identity only proves who someone is at their company; the app's own session (a handoff
traded for the session cookie, as after a password) is what keeps them signed in.
"""

from sqlalchemy import Engine

from coaching import accounts, team_admin
from coaching.accounts import AccountError, SignIn, checked_email
from coaching.store import accounts as account_store
from coaching.store import read, write
from coaching.store import team_admin as store

_TRUE = (True, "true", "True", 1, "1")


def sign_in_by_sso(engine: Engine, claims: dict, invitation: str | None = None) -> SignIn:
    """Match the provider's verified e-mail to an account, an open invitation or the allow-list."""
    email = verified_email(claims)
    if invitation:
        try:
            user_id = team_admin.accept_invitation_by_sso(engine, invitation, email)
        except AccountError as exc:
            if exc.key != "admin.link_used":
                raise
            user_id = None  # accepted a moment ago (a reload): sign the person in as usual
        if user_id is not None:
            return _signed_in(engine, user_id)
    with read(engine) as conn:
        user = account_store.user_by_email(conn, email)
    if user is None:
        user = _admit(engine, email, claims)
    if not user.active:
        raise AccountError("auth.deactivated")
    return _signed_in(engine, user.id)


def passwords_allowed(engine: Engine) -> bool:
    """False once the team lead chose company sign-in only (the real team's setting)."""
    with read(engine) as conn:
        team = account_store.first_real_team(conn)
        return team is None or store.sign_in_settings(conn, team)[0] != "sso_only"


def verified_email(claims: dict) -> str:
    """The address only when the provider vouches for it (OIDC email_verified; Entra: xms_edov)."""
    email = str(claims.get("email") or "")
    if not email or not (claims.get("email_verified") in _TRUE or claims.get("xms_edov") in _TRUE):
        raise AccountError("admin.sso_unverified")
    return checked_email(email)


def _admit(engine: Engine, email: str, claims: dict):
    """First sign-in of a colleague whose domain a team lead admitted: a member of that team."""
    with write(engine) as conn:
        admitting = store.teams_admitting(conn, email.rsplit("@", 1)[1])
        if not admitting:
            raise AccountError("admin.sso_unknown", email=email)
        name = str(claims.get("name") or email.split("@")[0]).strip()[:200]
        user_id = account_store.add_user(
            conn,
            team_id=admitting[0],
            email=email,
            name=name,
            role="member",
            password_hash=team_admin.NO_PASSWORD,
        )
        store.log(
            conn,
            team_id=admitting[0],
            actor_id=user_id,
            actor=email,
            action="join",
            target=email,
            detail="member",
        )
        return account_store.user_by_id(conn, user_id)


def _signed_in(engine: Engine, user_id: int) -> SignIn:
    with read(engine) as conn:
        user = account_store.user_by_id(conn, user_id)
    return accounts.start_session(engine, user)
