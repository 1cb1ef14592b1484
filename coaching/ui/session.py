"""Who is signed in, and the engine every page shares."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st
from sqlalchemy import Engine

from coaching import accounts, memo, settings
from coaching.store import open_store
from coaching.store.accounts import User
from coaching.ui.i18n import set_lang, t

COOKIE = "funkstille_session"
SESSION_KEY = "session_id"
_UNCHECKED = object()
_this_run: ContextVar = ContextVar("funkstille_user_this_run", default=_UNCHECKED)


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return open_store(url)


def engine() -> Engine:
    return _engine_for(settings.database_url())


def current_user() -> User | None:
    """The person of this browser session, checked against the store on every call.

    The tab keeps only the id of its session token; a session ended anywhere (sign-out in
    another tab, new password, deactivation, removal) signs this tab out at its next rerun.
    Cheap: one indexed query for the token and its person.
    """
    eng = engine()
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is not None:
        user = accounts.session_user(eng, session_id)
        if user is not None:
            return user
        forget()
    found = accounts.resume_session(eng, session_cookie())
    if found is None:
        return None
    remember(*found)
    return found[1]


@contextmanager
def checked_for_this_run(user: User | None) -> Iterator[None]:
    """The shell's answer of current_user() for the page it runs inside the block: require_user
    takes it without a second query. A fragment's rerun runs no shell and checks afresh, and the
    answer ends with the block, so no run reuses another's."""
    token = _this_run.set(user)
    try:
        yield
    finally:
        _this_run.reset(token)


def remember(session_id: int, user: User) -> None:
    st.session_state[SESSION_KEY] = session_id
    set_lang(user.language)


def forget() -> None:
    st.session_state.pop(SESSION_KEY, None)


def sign_out() -> None:
    """End this tab's session in the store (and so every tab sharing it), then forget it."""
    accounts.sign_out(engine(), st.session_state.get(SESSION_KEY))
    forget()


def session_cookie() -> str | None:
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) else None  # AppTest has no real request


def client_address() -> str | None:
    """The browser's address, for sign-in throttling (None on localhost and in AppTest)."""
    value = st.context.ip_address
    return value if isinstance(value, str) else None


def require_user() -> User:
    """Every page starts here; without a signed-in person it stops (the shell shows the sign-in)."""
    user = _this_run.get()
    if user is _UNCHECKED:
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
