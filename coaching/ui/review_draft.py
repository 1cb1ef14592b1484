"""The guided review's state: this person's answers in the session, saved to a server-side
draft on every change; picking a lead or a deal fills the fields it knows."""

import uuid
from datetime import date

import streamlit as st

from coaching import review as rules
from coaching.store.accounts import User
from coaching.ui.i18n import lang
from coaching.ui.session import engine

ANSWERS = "rv_answers"
DRAFT_KEY = "rv_draft_key"
OWNER = "rv_owner"


def start_new(user: User) -> None:
    """A fresh draft; older drafts stay listed under 'Meine Rückblicke'."""
    reset(user, f"r-{uuid.uuid4().hex[:10]}", {"step": rules.STEPS[0], "source": "manual"})


def resume(user: User, key: str) -> None:
    payload = rules.load_draft(engine(), user, key)
    if payload is not None:
        reset(user, key, payload)


def answers(user: User) -> dict:
    """This person's answers in progress: from the session, else their newest draft, else new."""
    if st.session_state.get(OWNER) != user.id or ANSWERS not in st.session_state:
        found = rules.open_drafts(engine(), user)
        if not found:
            start_new(user)
        else:
            reset(user, *found[0])
    return st.session_state[ANSWERS]


def reset(user: User, key: str, payload: dict) -> None:
    """Forget the widgets of the previous draft; called first in a run or from a callback."""
    for name in [k for k in st.session_state if str(k).startswith("rv_") and k != "rv_view"]:
        del st.session_state[name]
    st.session_state[OWNER] = user.id
    st.session_state[DRAFT_KEY] = key
    st.session_state[ANSWERS] = dict(payload)


def save(user: User) -> None:
    rules.save_draft(engine(), user, st.session_state[DRAFT_KEY], st.session_state[ANSWERS])


def widget(field: str, answers: dict, default: object = None) -> str:
    key = f"rv_{field}"
    if key not in st.session_state:
        st.session_state[key] = answers.get(field, default)
    return key


def changed(user: User, field: str) -> None:
    value = st.session_state.get(f"rv_{field}")
    st.session_state[ANSWERS][field] = value.isoformat() if isinstance(value, date) else value
    save(user)


def reasons_changed(user: User) -> None:
    answers = st.session_state[ANSWERS]
    answers["reasons"] = list(st.session_state.get("rv_reasons") or [])
    if answers["reasons"] and answers.get("main_reason") not in answers["reasons"]:
        answers["main_reason"] = None
        st.session_state["rv_main_reason"] = None
    if len(answers["reasons"]) == 1:
        answers["main_reason"] = st.session_state["rv_main_reason"] = answers["reasons"][0]
    save(user)


def lead_picked(user: User) -> None:
    lead_id = st.session_state.get("rv_lead_id")
    answers = st.session_state[ANSWERS]
    answers["lead_id"] = lead_id
    for field, value in rules.answers_from_lead(engine(), user.team_id, lead_id, lang()).items():
        if field != "timeline" or not answers.get("timeline"):
            fill(answers, field, value)
    save(user)


def deal_picked(user: User) -> None:
    deal_id = st.session_state.get("rv_deal_id")
    answers = st.session_state[ANSWERS]
    answers["deal_id"] = deal_id
    for field, value in rules.answers_from_deal(engine(), user.team_id, deal_id).items():
        fill(answers, field, value)
    save(user)


def fill(answers: dict, field: str, value: object) -> None:
    answers[field] = value
    widget = f"rv_{field}"
    if field == "lost_on":
        st.session_state[widget] = date.fromisoformat(value) if value else None
    else:
        st.session_state[widget] = value
