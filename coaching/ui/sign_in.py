"""The door: sign in, or on an empty store set up the team or open the demo workspace."""

import streamlit as st

from coaching import accounts, company_sign_in
from coaching.accounts import AccountError
from coaching.content import LANGUAGES
from coaching.demo import reset_demo
from coaching.demo.workspace import DEMO_PASSWORD
from coaching.ui import browser
from coaching.ui.company_sign_in import consume_identity, providers, sso_buttons
from coaching.ui.i18n import lang, language_name, set_lang, t
from coaching.ui.link_view import link_screen
from coaching.ui.session import client_address, engine, remember
from coaching.ui.widgets import show_error

HANDOFF_KEY = "pending_handoff"
SIGNED_OUT_KEY = "just_signed_out"
ERASED_KEY = "just_erased"  # coaching.erasure.Erased: what the erasure removed, shown once
LANGUAGE_KEY = "pending_language_cookie"


def sign_in_screen() -> None:
    _language_choice()
    st.title(t("app.name"))
    st.caption(t("app.tagline"))
    if st.session_state.pop(SIGNED_OUT_KEY, False):
        browser.clear_session_cookie()
        st.info(t("auth.signed_out"))
    company = providers()
    if company:
        consume_identity(complete_sign_in)
    if link_screen(complete_sign_in):
        return
    if erased := st.session_state.pop(ERASED_KEY, None):
        _erasure_confirmation(erased)
    door = accounts.door(engine())
    left, right = st.columns(2, gap="large")
    with left:
        if company:
            sso_buttons(company)
        if not company or company_sign_in.passwords_allowed(engine()):
            if company:
                st.caption(t("auth.sso_or"))
            _sign_in_form()
    if door.first_run:
        with right:
            _setup_form()
            _demo_entry()
    if door.demo_people:
        with st.expander(t("auth.demo_title")):
            _demo_logins(door.demo_people)


def _erasure_confirmation(erased) -> None:
    lines = [f"- {t(f'data.erased.{name}', count=count)}" for name, count in vars(erased).items()]
    st.success("\n".join([t("data.erase_done"), "", *lines]))


def complete_sign_in(result: accounts.SignIn) -> None:
    remember(result.session_id, result.user)
    st.session_state[HANDOFF_KEY] = result.handoff
    st.rerun()


def _language_choice() -> None:
    """The choice is remembered in a cookie the next session reads (i18n.lang); the cookie is
    posted on the run after the choice, since a script drawn right before a rerun never runs."""
    if chosen := st.session_state.pop(LANGUAGE_KEY, None):
        browser.store_language_cookie(chosen)
    choice = st.segmented_control(
        t("app.language"),
        options=LANGUAGES,
        format_func=language_name,
        default=lang(),
        key="sign_in_language",
    )
    if choice and choice != lang():
        set_lang(choice)
        st.session_state[LANGUAGE_KEY] = choice
        st.rerun()


def _sign_in_form() -> None:
    with st.form("sign_in"):
        st.subheader(t("auth.sign_in"))
        st.caption(t("auth.sign_in_intro"))
        email = st.text_input(t("auth.email"), key="sign_in_email", autocomplete="username")
        password = st.text_input(
            t("auth.password"),
            type="password",
            key="sign_in_password",
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(t("auth.sign_in"), type="primary", key="sign_in_submit")
    if submitted:
        try:
            result = accounts.sign_in(engine(), email, password, client_address())
        except AccountError as exc:
            show_error(t(exc.key, **exc.values))
            return
        complete_sign_in(result)


def _setup_form() -> None:
    with st.form("first_run_setup"):
        st.subheader(t("auth.setup_title"))
        st.caption(t("auth.setup_intro"))
        team_name = st.text_input(t("auth.team_name"), key="setup_team")
        name = st.text_input(t("auth.name"), key="setup_name")
        email = st.text_input(t("auth.email"), key="setup_email")
        password = st.text_input(t("auth.password"), type="password", key="setup_password")
        repeat = st.text_input(t("auth.password_repeat"), type="password", key="setup_repeat")
        submitted = st.form_submit_button(t("auth.setup_submit"), key="setup_submit")
    if not submitted:
        return
    try:
        if password != repeat:
            raise AccountError("auth.passwords_differ")
        accounts.create_first_team(
            engine(), team_name=team_name, email=email, name=name, password=password
        )
        result = accounts.sign_in(engine(), email, password, client_address())
    except AccountError as exc:
        show_error(t(exc.key, **exc.values))
        return
    complete_sign_in(result)


def _demo_entry() -> None:
    with st.container(border=True):
        st.subheader(t("auth.demo_title"))
        st.caption(t("auth.demo_intro"))
        if st.button(t("auth.demo_open"), key="open_demo"):
            report = reset_demo(engine())
            result = accounts.sign_in(engine(), report.logins[0][0], report.password)
            complete_sign_in(result)


def _demo_logins(people) -> None:
    st.caption(t("auth.demo_logins", password=DEMO_PASSWORD))
    for person in people:
        st.text(f"{person.email} · {person.name} · {t('profile.role_' + person.role)}")
