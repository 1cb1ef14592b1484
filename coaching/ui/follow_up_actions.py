"""What a person records about a silent lead on Nachfassen: reply, absence, parking, closing,
reopening; each through one lead use case, confirmed after the rerun or refused with its reasons."""

from datetime import date, timedelta

import streamlit as st

from coaching import follow_up, lead_lifecycle
from coaching.cadence import (
    silence_began_for,
)
from coaching.content import catalog
from coaching.lead_lifecycle import LeadError
from coaching.pipeline import CLOSED, SILENCE_BEGAN
from coaching.store.accounts import User
from coaching.store.leads import Lead
from coaching.ui import engine, lang, t
from coaching.ui.i18n import date_format, labels
from coaching.ui.widgets import opened, show_problems

FLASH = "follow_up_flash"
ACTION_TAB = "follow_up_action_tab"
ACTIONS_OPEN = "follow_up_actions_open"


def actions(user: User, lead: Lead, today: date) -> None:
    """The four actions as tabs, drawn when asked for (a lead mostly just gets its step), and
    then only the open tab (on_change='rerun' tells which)."""
    box = opened(t("follow_up.actions_title"), ACTIONS_OPEN, icon=":material/call_received:")
    if box is None:
        return
    with box:
        _tabs(user, lead, today)


def _tabs(user: User, lead: Lead, today: date) -> None:
    forms = {"reply": reply_form, "ooo": away_form, "park": park_form, "close": close_form}
    tabs = st.tabs(
        [t(f"follow_up.{name}_tab") for name in forms], key=ACTION_TAB, on_change="rerun"
    )
    for tab, (name, draw) in zip(tabs, forms.items(), strict=True):
        if tab.open:
            with tab, st.form(f"follow_up_{name}_form", clear_on_submit=True):
                draw(user, lead, today)


def reply_form(user: User, lead: Lead, today: date) -> None:
    on = st.date_input(
        t("follow_up.reply_date"),
        today,
        max_value=today,
        key="follow_up_reply_date",
        format=date_format(),
    )
    next_step = st.date_input(
        t("follow_up.reply_next"), None, key="follow_up_reply_next", format=date_format()
    )
    note = st.text_area(t("follow_up.reply_note"), key="follow_up_reply_note", height=80)
    if st.form_submit_button(t("follow_up.reply_submit"), key="follow_up_reply"):
        do(
            lambda: follow_up.record_reply(
                engine(), user, lead.id, on=on, today=today, note=note, next_step_date=next_step
            ),
            "reply_saved",
        )


def away_form(user: User, lead: Lead, today: date) -> None:
    until = st.date_input(
        t("follow_up.ooo_until"),
        today + timedelta(days=7),
        key="follow_up_ooo_until",
        format=date_format(),
    )
    if st.form_submit_button(t("follow_up.ooo_submit"), key="follow_up_ooo"):
        do(
            lambda: follow_up.record_out_of_office(
                engine(), user, lead.id, until=until, today=today
            ),
            "ooo_saved",
        )


def park_form(user: User, lead: Lead, today: date) -> None:
    reason = st.text_input(t("follow_up.park_reason"), key="follow_up_park_reason")
    resume_on = st.date_input(
        t("follow_up.park_resume"),
        today + timedelta(days=30),
        key="follow_up_park_resume",
        format=date_format(),
    )
    if st.form_submit_button(t("follow_up.park_submit"), key="follow_up_park"):
        do(
            lambda: lead_lifecycle.park(
                engine(), user, lead.id, reason=reason, resume_on=resume_on, today=today
            ),
            "park_saved",
        )


def close_form(user: User, lead: Lead, today: date) -> None:
    status = st.selectbox(
        t("follow_up.close_status"),
        CLOSED,
        index=CLOSED.index("ghosted"),
        format_func=labels("pipeline.status."),
        key="follow_up_close_status",
    )
    reasons = catalog(lang()).doc("reasons").reasons
    reason = st.selectbox(
        t("follow_up.close_reason"),
        [None, *reasons],
        format_func=(
            {None: t("follow_up.close_reason_none")}
            | {key: reason.label for key, reason in reasons.items()}
        ).get,
        key="follow_up_close_reason",
    )
    began = silence_select(lead, "follow_up_close_began")
    note = st.text_area(t("follow_up.close_note"), key="follow_up_close_note", height=80)
    if st.form_submit_button(t("follow_up.close_submit"), key="follow_up_close"):
        do(
            lambda: lead_lifecycle.close(
                engine(),
                user,
                lead.id,
                status=status,
                reason=reason,
                silence_began=began,
                today=today,
                note=note,
            ),
            "close_saved",
        )


def reopen_form(user: User, lead: Lead, today: date) -> None:
    with st.form(f"follow_up_reopen_form_{lead.id}"):
        next_step = st.date_input(
            t("follow_up.reopen_next"),
            today + timedelta(days=2),
            min_value=today,
            key=f"follow_up_reopen_next_{lead.id}",
            format=date_format(),
        )
        if st.form_submit_button(t("follow_up.reopen_submit"), key=f"follow_up_reopen_{lead.id}"):
            do(
                lambda: lead_lifecycle.reopen(
                    engine(), user, lead.id, today=today, next_step_date=next_step
                ),
                "reopened",
            )


def silence_select(lead: Lead, key: str) -> str:
    default = silence_began_for(lead)
    return st.selectbox(
        t("follow_up.silence_began"),
        SILENCE_BEGAN,
        index=SILENCE_BEGAN.index(default),
        format_func=labels("follow_up.silence."),
        key=key,
    )


def do(action, done_key: str) -> None:
    """Run one recorded action; on success confirm after a rerun, on bad input say what is wrong."""
    try:
        action()
    except LeadError as error:
        show_problems(error)
        return
    st.session_state[FLASH] = t(f"follow_up.{done_key}")
    st.rerun()
