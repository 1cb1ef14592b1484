"""The screen behind an invitation or password link: choose a password and be signed in."""

import streamlit as st

from coaching import team_admin
from coaching.accounts import AccountError
from coaching.ui.company_sign_in import providers, remember_invitation, sso_buttons
from coaching.ui.i18n import t
from coaching.ui.session import engine
from coaching.ui.widgets import show_error

INVITATION = team_admin.INVITE_PARAM
RESET = team_admin.RESET_PARAM


def link_screen(complete_sign_in) -> bool:
    """Shows the form when the address carries a link token; False when there is none."""
    kind = next((k for k in (INVITATION, RESET) if st.query_params.get(k)), None)
    if kind is None:
        return False
    token = st.query_params[kind]
    try:
        person = _open(kind, token)
    except AccountError as exc:
        show_error(t(exc.key, **exc.values))
        if st.button(t("admin.to_sign_in"), key="link_to_sign_in"):
            st.query_params.clear()
            st.rerun()
        return True
    with st.form("accept_link"):
        st.subheader(t("admin.accept_title" if kind == INVITATION else "admin.reset_title"))
        intro = "admin.accept_intro" if kind == INVITATION else "admin.reset_intro"
        st.caption(t(intro, name=person.name, email=person.email))
        password = st.text_input(
            t("auth.password"), type="password", key="accept_password", autocomplete="new-password"
        )
        repeat = st.text_input(
            t("auth.password_repeat"),
            type="password",
            key="accept_repeat",
            autocomplete="new-password",
        )
        label = "admin.accept_submit" if kind == INVITATION else "admin.reset_submit"
        submitted = st.form_submit_button(t(label), type="primary", key="accept_submit")
    company = providers() if kind == INVITATION else []
    if company:
        remember_invitation(token)
        st.caption(t("admin.accept_sso"))
        sso_buttons(company, key_prefix="sso_accept")
    if submitted:
        try:
            result = _complete(kind, token, password, repeat)
        except AccountError as exc:
            show_error(t(exc.key, **exc.values))
            return True
        st.query_params.clear()
        complete_sign_in(result)
    return True


def _open(kind: str, token: str):
    if kind == INVITATION:
        return team_admin.open_invitation(engine(), token)
    return team_admin.open_password_reset(engine(), token)


def _complete(kind: str, token: str, password: str, repeat: str):
    if kind == INVITATION:
        return team_admin.accept_invitation(engine(), token, password, repeat)
    return team_admin.complete_password_reset(engine(), token, password, repeat)
