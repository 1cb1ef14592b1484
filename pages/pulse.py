"""Wochen-Puls: this week's three questions, a private note, and one's own history."""

from datetime import date

import streamlit as st

from coaching import formatting, pulse
from coaching.morale import MoraleError, monday
from coaching.ui import engine, lang, require_user, t
from coaching.ui.widgets import opened, page_header, show_error, table

HISTORY_OPEN = "pulse_history_open"

user = require_user()
today = date.today()
questions = pulse.questions(lang())
page_header(t("pulse.title"), t("pulse.intro"))

values, note = pulse.this_week(engine(), user, today)
st.subheader(t("pulse.week", day=formatting.day(monday(today), lang())))
if values:
    st.info(t("pulse.already"), icon=":material/check_circle:")

with st.form("pulse_form"):
    answers = {}
    for key, question in questions.items():
        answers[key] = st.radio(
            question.text,
            [1, 2, 3, 4, 5],
            index=values[key] - 1 if key in values else None,
            format_func=lambda v, q=question: f"{v} · {q.labels[v - 1]}",
            horizontal=True,
            key=f"pulse_{key}",
        )
    new_note = st.text_area(
        t("pulse.note"), value=note, help=t("pulse.note_help"), max_chars=2000, key="pulse_note"
    )
    if st.form_submit_button(t("pulse.save"), type="primary", key="pulse_save"):
        try:
            chosen = {k: v for k, v in answers.items() if v is not None}
            pulse.answer(engine(), user, chosen, new_note, today)
            st.success(t("pulse.saved"))
        except MoraleError as exc:
            show_error(t(exc.key, **exc.values))

st.page_link(
    "pages/transparency.py", label=t("pulse.transparency_link"), icon=":material/visibility:"
)

if past := opened(t("pulse.history"), HISTORY_OPEN, icon=":material/history:"):
    with past:  # twelve weeks as a table took the browser ~100 ms on every visit
        st.caption(t("pulse.history_caption"))
        history = pulse.own_history(engine(), user)
        if history.empty:
            st.markdown(t("pulse.history_empty"))
        else:
            history["week"] = history["week"].map(lambda d: formatting.day(d, lang()))
            labels = {key: q.short for key, q in questions.items()}
            shown = history.rename(
                columns={"week": t("pulse.col_week"), "note": t("pulse.col_note"), **labels}
            )
            table(shown, alt=t("pulse.history"))
