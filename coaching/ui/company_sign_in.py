"""Company sign-in buttons and the step that turns Streamlit's identity into the app's session.

Providers come from `[auth]` / `[auth.<name>]` in .streamlit/secrets.toml (see README). After the
provider sends the person back, st.user holds their claims once; the app matches them, starts its
own session, and the /auth/session route drops Streamlit's identity cookie.
"""

from collections.abc import Mapping

import streamlit as st

from coaching import company_sign_in
from coaching.accounts import AccountError
from coaching.ui import browser
from coaching.ui.i18n import t
from coaching.ui.session import engine
from coaching.ui.widgets import show_error

INVITE_COOKIE = "funkstille_invite"
_USED_KEY = "sso_identity_used"
_KNOWN = ("microsoft", "google")


def providers() -> list[str]:
    """The configured provider names; [] when company sign-in is not set up."""
    if not st.secrets.load_if_toml_exists():
        return []
    auth = st.secrets.get("auth")
    if not isinstance(auth, Mapping):
        return []
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
    return named or (["default"] if "client_id" in auth else [])


def sso_buttons(names: list[str], key_prefix: str = "sso") -> None:
    for name in names:
        label = (
            t(f"auth.sso_button.{name}")
            if name in _KNOWN
            else t("auth.sso_button.other", name=name.replace("_", " ").title())
        )
        if st.button(label, key=f"{key_prefix}_{name}", icon=":material/badge:", width="stretch"):
            st.login(None if name == "default" else name)


def remember_invitation(token: str) -> None:
    """The invitation must survive the trip to the provider, which starts a new session."""
    browser.store_invitation_cookie(token)


def consume_identity(complete_sign_in) -> None:
    """Once per session: a person the provider just confirmed is signed in, or told why not."""
    if st.session_state.get(_USED_KEY) or not st.user.get("is_logged_in"):
        return
    st.session_state[_USED_KEY] = True
    invitation = st.context.cookies.get(INVITE_COOKIE)
    try:
        result = company_sign_in.sign_in_by_sso(engine(), st.user.to_dict(), invitation)
    except AccountError as exc:
        browser.clear_session_cookie()  # also drops Streamlit's identity: the next try starts clean
        show_error(t(exc.key, **exc.values))
        return
    complete_sign_in(result)
