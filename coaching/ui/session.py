"""Who is signed in, and the engine every page shares."""

import streamlit as st
from sqlalchemy import Engine

from coaching import accounts, memo, settings
from coaching.store import open_store
from coaching.store.accounts import User
from coaching.ui.i18n import set_lang, t

COOKIE = "funkstille_session"
USER_KEY = "user_id"


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return open_store(url)


def engine() -> Engine:
    return _engine_for(settings.database_url())


def current_user() -> User | None:
    """The person of this browser session: signed in here, or by a still valid session cookie."""
    eng = engine()
    user_id = st.session_state.get(USER_KEY)
    if user_id is not None:
        user = _reload(eng, user_id)
        if user is None:
            st.session_state.pop(USER_KEY, None)
        return user
    user = accounts.user_for_session(eng, session_cookie())
    if user is not None:
        remember(user)
    return user


def remember(user: User) -> None:
    st.session_state[USER_KEY] = user.id
    set_lang(user.language)


def forget() -> None:
    st.session_state.pop(USER_KEY, None)


def session_cookie() -> str | None:
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) else None  # AppTest has no real request


def require_user() -> User:
    """Every page starts here; without a signed-in person it stops (the shell shows the sign-in)."""
    user = current_user()
    if user is None:
        st.stop()
    return user


def require_manager() -> User:
    user = require_user()
    if not user.is_manager:
        st.error(t("auth.managers_only"))
        st.stop()
    return user


def data_version(team_id: int) -> int:
    """Cache key for derived, non-personal frames: it changes with every write of the team."""
    return memo.data_version(engine(), team_id)


def _reload(eng: Engine, user_id: int) -> User | None:
    return accounts.user_by_id(eng, user_id)
