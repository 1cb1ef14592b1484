"""Transparenz: what the pulse collects, who sees what, from which group size, for how long."""

import streamlit as st

from coaching import morale, pulse
from coaching.team_figures import LESSON_COMMENTS_MIN_AUTHORS
from coaching.ui import engine, lang, require_user, t
from coaching.ui.widgets import page_header

user = require_user()
min_group, months = pulse.privacy_settings(engine(), user.team_id)
k = morale.effective_min_group(min_group)
questions = ", ".join(f"„{q.short}“" for q in pulse.questions(lang()).values())

page_header(t("transparency.title"), t("transparency.intro"))

st.subheader(t("transparency.collected_title"))
st.markdown(t("transparency.collected", questions=questions))

st.subheader(t("transparency.who_title"))
for key in (
    "who_you",
    "who_manager",
    "who_closed",
    "who_neighbour",
    "who_month",
    "who_notes",
    "who_floor",
):
    st.markdown(f"- {t(f'transparency.{key}', k=k)}")

st.subheader(t("transparency.team_data_title"))
comments = max(LESSON_COMMENTS_MIN_AUTHORS, k)
st.markdown(t("transparency.team_data", k=k, comments=comments))

st.subheader(t("transparency.retention_title"))
st.markdown(t("transparency.retention", months=months, k=k))
st.markdown(t("transparency.retention_frozen"))

st.subheader(t("transparency.delete_title"))
st.markdown(t("transparency.delete"))
