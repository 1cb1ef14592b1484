"""Widgets of the Nachfassen page: the silence list, one lead's step, its actions and its log."""

import hashlib
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from coaching import follow_up, lead_lifecycle
from coaching.cadence import (
    CadenceState,
    Message,
    lead_values,
    parting_message,
    render,
    steps_for,
)
from coaching.content import LANGUAGES, catalog
from coaching.formatting import day
from coaching.pipeline import CHANNELS, SILENCE_BEGAN
from coaching.store.accounts import User
from coaching.store.leads import Lead
from coaching.ui import engine, lang, lead_widgets, t
from coaching.ui import follow_up_actions as act
from coaching.ui.i18n import date_format, labels, language_name
from coaching.ui.mail_draft import mail_draft
from coaching.ui.reminders import step_download
from coaching.ui.widgets import opened, show_flash, table

FLASH = act.FLASH


LEAD_KEY = "follow_up_lead"
ACTION_TAB = act.ACTION_TAB
GHOST_OPEN = "follow_up_ghost_open_"  # + lead id
LOG_OPEN = "follow_up_log_open"
INSIGHTS_OPEN = "follow_up_insights_open"
MANNERS_OPEN = "follow_up_manners_open"


def flash() -> bool:
    """The confirmation of the last action, shown once after the page reran; True if shown."""
    return show_flash(FLASH)


def forget_lead() -> None:
    """A new scope is a new list: the lead chosen in the old one has not gone anywhere."""
    st.session_state.pop(LEAD_KEY, None)


def gone_notice(team_id: int, listed: set[int]) -> bool:
    """Say so when a colleague closed, parked or answered the chosen lead meanwhile; True if so."""
    return lead_widgets.gone_notice(LEAD_KEY, listed, team_id, "follow_up.lead_gone")


def metrics(due: dict[str, int]) -> None:
    for column, key in zip(st.columns(3), ("overdue", "today", "upcoming"), strict=True):
        column.metric(t(f"follow_up.metric_{key}"), due[key])


def silence_table(states: list[CadenceState], with_owner: bool) -> None:
    rows = [
        {
            t("follow_up.col.company"): s.lead.company,
            t("follow_up.col.topic"): s.lead.topic or "",
            **({t("follow_up.col.owner"): s.lead.owner_name or ""} if with_owner else {}),
            t("follow_up.col.days_silent"): s.days_silent,
            t("follow_up.col.step"): s.step.label if s.step else "",
            t("follow_up.col.due"): day(s.due_on, lang()) if s.due_on else "",
            t("follow_up.col.state"): state_word(s),
            t("follow_up.col.path"): t(f"pipeline.commitment.{s.lead.commitment}"),
        }
        for s in states
    ]
    table(pd.DataFrame(rows), alt=t("follow_up.list_title"))


def lead_panel(user: User, lead_id: int, today: date) -> None:
    """Everything about one silent lead: its due step with the message, actions and log."""
    lead, events, state = follow_up.lead_state(engine(), user.team_id, lead_id, today, lang())
    st.subheader(t("follow_up.lead_header", company=lead.company))
    path = t(f"pipeline.commitment.{lead.commitment}")
    owner = lead.owner_name or t("follow_up.no_contact")
    st.caption(t("follow_up.lead_facts", days=state.days_silent, path=path, owner=owner))
    none = t("follow_up.no_contact")
    name, email = lead.contact_name or none, lead.contact_email or none
    st.markdown(t("follow_up.contact_line", name=name, email=email))  # a caption greys links
    cadence = catalog(lang()).doc("cadence")
    if state.phase == "active":
        _step_block(user, lead, state, today)
    elif state.phase == "finished":
        st.info(t("follow_up.finished"), icon=":material/hourglass:")
        st.caption(cadence.no_legal_advice)
    act.actions(user, lead, today)
    parting = parting_message(events)
    if parting:
        with st.expander(t("follow_up.parting_title"), icon=":material/waving_hand:"):
            st.text(parting.payload.get("body", ""))
    label = f"{t('follow_up.timeline_title')} ({len(events)})"
    if log := opened(label, LOG_OPEN, icon=":material/history:"):
        with log:
            lead_widgets.event_log(events)


def parked_section(user: User, states: list[CadenceState], today: date) -> None:
    parked = [s for s in states if s.phase == "parked"]
    if not parked:
        return
    st.subheader(t("follow_up.parked_title"))
    for state in parked:
        reason = state.park_reason or ""
        resume_on = day(state.resume_on, lang()) if state.resume_on else "–"
        line = t(
            "follow_up.parked_line", company=state.lead.company, resume=resume_on, reason=reason
        )
        left, right = st.columns([4, 1])
        left.markdown(line)
        if right.button(t("follow_up.resume_submit"), key=f"follow_up_resume_{state.lead.id}"):
            act.do(
                lambda s=state: lead_lifecycle.resume(engine(), user, s.lead.id, today=today),
                "resumed",
            )


def ghosts_section(user: User, ghosts: list[follow_up.Ghost], today: date) -> None:
    st.subheader(t("follow_up.ghosts_title"))
    if not ghosts:
        st.caption(t("follow_up.ghosts_empty"))
    for ghost in ghosts[:12]:
        payload = ghost.closed.payload if ghost.closed else {}
        began = payload.get("silence_began")
        last = payload.get("last_customer_message")
        label = t(
            "follow_up.ghost_line",
            company=ghost.lead.company,
            closed=day(ghost.lead.closed_at.date(), lang()) if ghost.lead.closed_at else "–",
            began=t(f"follow_up.silence.{began}") if began in SILENCE_BEGAN else "–",
            last=day(date.fromisoformat(last), lang()) if last else "–",
        )
        shown = st.expander(label, key=f"{GHOST_OPEN}{ghost.lead.id}", on_change="rerun")
        if not shown.open:
            continue  # drawn when opened: up to twelve forms
        with shown:
            st.markdown(f"**{t('follow_up.parting_title')}**")
            if ghost.parting:
                st.text(ghost.parting.payload.get("body", ""))
            else:
                st.caption(t("follow_up.ghost_no_parting"))
            act.reopen_form(user, ghost.lead, today)


def insights(found: list[follow_up.Ghost]) -> None:
    rows = follow_up.silence_insights(found)
    if not rows:
        return
    box = opened(t("follow_up.insights_title"), INSIGHTS_OPEN, icon=":material/insights:")
    if box is None:
        return
    box.caption(t("follow_up.insights_caption"))
    frame = pd.DataFrame(
        {
            t("follow_up.insights_began"): [
                t(f"follow_up.silence.{r.silence_began}") for r in rows
            ],
            t("follow_up.insights_count"): [r.leads for r in rows],
            t("follow_up.insights_days"): [r.median_days for r in rows],
        }
    )
    with box:
        table(frame, alt=t("follow_up.insights_title"))


def manners(user: User, today: date) -> None:
    """Templates for not ghosting others: declining, ending a relationship, following up an exit
    conversation, an out-of-office reply."""
    templates = catalog(lang()).doc("templates")
    box = opened(t("follow_up.manners_title"), MANNERS_OPEN, icon=":material/handshake:")
    if box is None:
        return
    with box:
        st.markdown(t("follow_up.manners_intro"))
        extras = {
            "return_date": st.date_input(
                t("follow_up.manners_return"),
                today + timedelta(days=14),
                key="manners_return",
                format=date_format(),
            ),
            "deputy": st.text_input(t("follow_up.manners_deputy"), key="manners_deputy"),
            "end_date": st.date_input(
                t("follow_up.manners_end"),
                today + timedelta(days=30),
                key="manners_end",
                format=date_format(),
            ),
        }
        values = {
            "sender": user.name,
            **{k: day(v, lang()) if isinstance(v, date) else v for k, v in extras.items()},
        }
        address = st.radio(
            t("follow_up.message_address"),
            ["sie", "du"],
            format_func=labels("follow_up.address_"),
            horizontal=True,
            key="manners_address",
        )
        for name, template in templates.manners.items():
            message = render(template, templates, address, values)
            st.markdown(f"**{template.label}**")
            mail_draft(message, None, key=f"manners_mail_{name}")


# --- one step ---


def _step_block(user: User, lead: Lead, state: CadenceState, today: date) -> None:
    cadence = catalog(lang()).doc("cadence")
    path = steps_for(cadence, lead.commitment)
    number = [s.key for s in path].index(state.step.key) + 1
    step = state.step
    with st.container(border=True):
        st.markdown(
            "**"
            + t("follow_up.step_header", number=number, total=len(path), step=step.label)
            + "**"
        )
        channel = t(f"pipeline.channel.{step.channel}")
        due = day(state.due_on, lang())
        st.caption(t("follow_up.due_line", due=due, state=state_word(state), channel=channel))
        step_download(state)
        st.markdown(step.purpose)
        st.info(
            f"{step.guidance}\n\n{cadence.needy_guidance}",
            icon=":material/lightbulb:",
        )
        if lead.commitment == "firm_order" and step.key == path[-1].key:
            st.warning(cadence.firm_order_orientation)
            st.caption(cadence.no_legal_advice)
        template_key, message = _composer(user, lead, step, today)
        _log_form(user, lead, step, today, template_key, message)


def _composer(user: User, lead: Lead, step, today: date) -> tuple[str, Message]:
    templates = catalog(lang()).doc("templates")
    left, middle, right = st.columns(3)
    template_key = left.selectbox(
        t("follow_up.template_pick"),
        step.templates,
        format_func=lambda k: templates.messages[k].label,
        key=f"follow_up_template_{step.key}",
    )
    message_lang = middle.radio(
        t("follow_up.message_lang"),
        LANGUAGES,
        index=LANGUAGES.index(lang()),
        format_func=language_name,
        horizontal=True,
        key="follow_up_msg_lang",
    )
    address = right.radio(
        t("follow_up.message_address"),
        ["sie", "du"],
        format_func=labels("follow_up.address_"),
        horizontal=True,
        key="follow_up_msg_address",
    )
    written = catalog(message_lang).doc("templates")
    template = written.messages[template_key]
    values = lead_values(lead, user.name, message_lang, address)
    if "{preparatory_work}" in template.body.for_address(address):
        values["preparatory_work"] = st.text_area(
            t("follow_up.preparatory_work"),
            placeholder=t("follow_up.preparatory_hint"),
            key=f"follow_up_prep_{lead.id}",
        )
    if "{reply_by}" in template.body.for_address(address):
        reply_by = st.date_input(
            t("follow_up.reply_by"),
            today + timedelta(days=10),
            key=f"follow_up_by_{lead.id}",
            format=date_format(),
        )
        values["reply_by"] = day(reply_by, message_lang)
    rendered = render(template, written, address, values)
    digest = hashlib.sha1(f"{rendered}".encode(), usedforsecurity=False).hexdigest()[:10]
    subject = st.text_input(
        t("follow_up.subject"), rendered.subject, key=f"follow_up_subject_{lead.id}_{digest}"
    )
    body = st.text_area(
        t("follow_up.body"), rendered.body, height=300, key=f"follow_up_body_{lead.id}_{digest}"
    )
    st.caption(t("follow_up.gap_hint"))
    message = Message(subject=subject, body=body)
    if not lead.contact_email:
        st.caption(t("follow_up.no_email"))
    mail_draft(message, lead.contact_email, key=f"follow_up_mail_{lead.id}", folded=True)
    return template_key, message


def _log_form(user: User, lead: Lead, step, today: date, template_key: str, message) -> None:
    with st.form("follow_up_log_form", clear_on_submit=True):
        st.markdown(f"**{t('follow_up.log_title')}**")
        left, right = st.columns(2)
        on = left.date_input(
            t("follow_up.log_date"),
            today,
            max_value=today,
            key="follow_up_log_date",
            format=date_format(),
        )
        channel = right.selectbox(
            t("follow_up.log_channel"),
            CHANNELS,
            index=CHANNELS.index(step.channel),
            format_func=labels("pipeline.channel."),
            key="follow_up_log_channel",
        )
        began = act.silence_select(lead, "follow_up_log_began") if step.closes_as else None
        note = st.text_area(t("follow_up.log_note"), key="follow_up_log_note", height=80)
        if st.form_submit_button(t("follow_up.log_submit"), type="primary", key="follow_up_log"):
            act.do(
                lambda: follow_up.log_step(
                    engine(),
                    user,
                    lead.id,
                    step.key,
                    on=on,
                    today=today,
                    channel=channel,
                    note=note,
                    template=template_key,
                    message=message,
                    silence_began=began,
                ),
                "logged_closed" if step.closes_as else "logged",
            )


# --- words ---


def state_word(state: CadenceState) -> str:
    if state.phase == "finished":
        return t("follow_up.urgency.finished")
    return t(f"follow_up.urgency.{state.urgency}") if state.urgency else ""
