"""Reminders outside the app: on Mein Profil the calendar subscription and the daily e-mail
summary; on a due follow-up step its calendar entry."""

from urllib.parse import urlsplit

import streamlit as st

from coaching import calendar_feed, digest, mail, settings
from coaching.cadence import CadenceState
from coaching.formatting import day
from coaching.store.accounts import User
from coaching.ui import engine, lang, t

NEW_FEED = "reminders_new_feed"  # the just-made address, shown in this session only


def calendar_section(user: User) -> None:
    """Create, renew or revoke the secret feed address; it is shown once, then only its date."""
    with st.container(border=True):
        _calendar(user)


def _calendar(user: User) -> None:
    st.header(t("reminders.feed.title"), divider=False)
    st.caption(t("reminders.feed.intro"))
    created = calendar_feed.feed_created_at(engine(), user.id)
    fresh = st.session_state.get(NEW_FEED)
    if created is None:
        st.session_state.pop(NEW_FEED, None)
        st.caption(t("reminders.feed.none"))
        st.button(
            t("reminders.feed.create"),
            type="primary",
            icon=":material/calendar_add_on:",
            key="feed_create",
            on_click=_new_feed,
            args=(user.id,),
        )
        return
    if fresh:
        st.success(t("reminders.feed.created"), icon=":material/check_circle:")
        st.code(fresh, language=None, wrap_lines=True)
        st.caption(t("reminders.feed.howto"))
    else:
        st.caption(t("reminders.feed.active", since=day(created.date(), lang())))
    buttons = st.container(horizontal=True)
    buttons.button(
        t("reminders.feed.renew"),
        icon=":material/autorenew:",
        key="feed_renew",
        on_click=_new_feed,
        args=(user.id,),
    )
    buttons.button(
        t("reminders.feed.revoke"),
        icon=":material/event_busy:",
        key="feed_revoke",
        on_click=_revoke_feed,
        args=(user.id,),
    )


def digest_section(user: User) -> None:
    """Opt in or out of the daily mail; says so when the server cannot send mail yet."""
    with st.form("digest_form"):
        st.header(t("reminders.digest.title"), divider=False)
        st.caption(t("reminders.digest.intro"))
        wanted = st.toggle(
            t("reminders.digest.toggle"),
            value=digest.digest_enabled(engine(), user.id),
            key="digest_opt_in",
        )
        if st.form_submit_button(t("reminders.digest.save"), key="digest_save"):
            digest.set_digest(engine(), user.id, wanted)
        if digest.digest_enabled(engine(), user.id):
            st.caption(t("reminders.digest.enabled", email=user.email))
            if not mail.configured():
                st.info(t("reminders.digest.not_configured"), icon=":material/info:")
        else:
            st.caption(t("reminders.digest.disabled"))


def step_download(state: CadenceState) -> None:
    """One click puts the due step into the person's calendar (an .ics file)."""
    st.download_button(
        t("reminders.feed.step_download"),
        calendar_feed.step_file(state, lang(), _app_address()),
        file_name=f"funkstille-{state.lead.id}-{state.step.key}.ics",
        mime="text/calendar",
        icon=":material/event:",
        key=f"step_ics_{state.lead.id}",
    )


def _new_feed(user_id: int) -> None:
    token = calendar_feed.create_feed(engine(), user_id)
    st.session_state[NEW_FEED] = _app_address() + calendar_feed.feed_path(token)


def _revoke_feed(user_id: int) -> None:
    calendar_feed.revoke_feed(engine(), user_id)
    st.session_state.pop(NEW_FEED, None)
    st.toast(t("reminders.feed.revoked"), icon=":material/event_busy:")


def _app_address() -> str:
    """The configured public address, else the one this browser uses to reach the app."""
    seen = urlsplit(st.context.url or "")
    return settings.public_url(f"{seen.scheme}://{seen.netloc}" if seen.netloc else None)
