"""What app.py runs on every rerun: page setup, start-up checks, the door, the navigation."""

import streamlit as st

from coaching.content import ContentError, check_all
from coaching.store import StoreError
from coaching.store.accounts import User
from coaching.ui import browser
from coaching.ui.i18n import literal, t
from coaching.ui.pages import navigation
from coaching.ui.session import checked_for_this_run, current_user, sign_out
from coaching.ui.sign_in import HANDOFF_KEY, SIGNED_OUT_KEY, sign_in_screen


@st.cache_resource(show_spinner=False)
def _validated_content() -> bool:
    check_all()
    return True


def run() -> None:
    st.set_page_config(
        page_title="Funkstille", page_icon=":material/phone_disabled:", layout="wide"
    )
    try:
        _validated_content()
    except ContentError as exc:
        st.error(f"Inhalte fehlerhaft / content invalid: {exc}")
        st.stop()
    try:
        user = current_user()
    except StoreError as exc:
        st.error(t("app.store_error", detail=str(exc)))
        st.stop()
    with checked_for_this_run(user):
        _show(user)


def _show(user: User | None) -> None:
    pages = navigation(user)
    nav = st.navigation(pages, position="sidebar" if user else "hidden", expanded=True)
    if user is None:
        sign_in_screen()
        return
    if handoff := st.session_state.pop(HANDOFF_KEY, None):
        browser.store_session_cookie(handoff)
    _sidebar(user)
    nav.run()


def _sidebar(user: User) -> None:
    with st.sidebar:
        if user.is_demo:
            st.info(t("app.demo_badge"), icon=":material/science:")
        st.caption(literal(f"{user.name} · {user.team_name}"))
        if st.button(t("auth.sign_out"), key="sign_out", icon=":material/logout:"):
            sign_out()
            st.session_state[SIGNED_OUT_KEY] = True
            st.rerun()
