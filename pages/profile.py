"""Mein Profil: language, form of address, password, calendar subscription, daily e-mail."""

import streamlit as st

from coaching import accounts
from coaching.accounts import AccountError
from coaching.content import LANGUAGES
from coaching.ui import browser, engine, require_user, t
from coaching.ui.i18n import language_name, set_lang
from coaching.ui.reminders import calendar_section, digest_section
from coaching.ui.widgets import page_header, show_error

user = require_user()
page_header(t("profile.title"), t("profile.intro"))
role = t(f"profile.role_{user.role}")
st.caption(t("profile.who", name=user.name, role=role, team=user.team_name))

with st.form("preferences"):
    language = st.radio(
        t("profile.language"),
        LANGUAGES,
        index=LANGUAGES.index(user.language),
        format_func=language_name,
        horizontal=True,
        key="pref_language",
    )
    address = st.radio(
        t("profile.address"),
        ["sie", "du"],
        index=["sie", "du"].index(user.address),
        format_func=lambda value: t(f"profile.address_{value}"),
        horizontal=True,
        key="pref_address",
    )
    if st.form_submit_button(t("profile.save"), type="primary", key="save_preferences"):
        accounts.update_preferences(engine(), user.id, language=language, address=address)
        set_lang(language)
        browser.store_language_cookie(language)
        st.success(t("profile.saved"))

with st.form("change_password", clear_on_submit=True):
    st.header(t("profile.password_title"), divider=False)
    old = st.text_input(t("profile.old_password"), type="password", key="old_password")
    new = st.text_input(t("profile.new_password"), type="password", key="new_password")
    repeat = st.text_input(t("auth.password_repeat"), type="password", key="new_password_repeat")
    if st.form_submit_button(t("profile.change_password"), key="save_password"):
        try:
            if new != repeat:
                raise AccountError("auth.passwords_differ")
            accounts.change_password(engine(), user, old, new)
            st.success(t("profile.password_changed"))
        except AccountError as exc:
            show_error(t(exc.key, **exc.values))

calendar_section(user)
digest_section(user)
