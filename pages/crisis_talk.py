"""Krisengespräch: prepare a guided conversation, follow it live, save how it ended.

Opens a given script and customer or lead from a link: ?script=<key>&customer=<id> or &lead=<id>.
"""

from datetime import date

import streamlit as st

from coaching import conversations as talks
from coaching.conversations import OUTCOMES, ConversationError
from coaching.ui import engine, lang, require_user, script_view, t
from coaching.ui.widgets import page_header, show_error

user = require_user()
page_header(t("crisis.title"), t("crisis.intro"))
available = talks.scripts(lang())
params = st.query_params

wanted = params.get("script")
if wanted and wanted not in available:
    show_error(t("crisis.unknown_script", script=wanted))
try:
    linked = talks.resolve_subject(
        engine(), user.team_id, lead=params.get("lead"), customer=params.get("customer")
    )
except ConversationError as exc:
    show_error(t(exc.key, **exc.values))
    linked = None

keys = list(available)
left, middle, right = st.columns([2, 2, 1])
script_key = left.selectbox(
    t("crisis.script"),
    keys,
    index=keys.index(wanted) if wanted in available else 0,
    format_func=lambda key: available[key].title,
    key="script_choice",
)
choices = talks.subjects(engine(), user.team_id)
if linked and linked not in choices:
    choices.insert(0, linked)
subject = middle.selectbox(
    t("crisis.subject"),
    choices,
    index=choices.index(linked) if linked else None,
    format_func=lambda s: t(f"crisis.subject_{s.kind}", name=s.name),
    placeholder=t("crisis.subject_none"),
    key="subject_choice",
)
new_customer = ""
if subject is None:
    new_customer = middle.text_input(
        t("crisis.new_customer"), help=t("crisis.new_customer_help"), key="new_customer"
    )
address = (
    right.segmented_control(
        t("crisis.address"),
        ["sie", "du"],
        default=user.address,
        format_func=lambda a: t(f"crisis.address_{a}"),
        key="address_choice",
    )
    or user.address
)

doc = available[script_key]
st.subheader(doc.title)
st.markdown(doc.summary)
st.caption(t("crisis.use_when", text=doc.use_when))

notes = script_view.notes(script_key)
tabs = st.tabs(list(script_view.tab_labels(doc).values()), key=script_view.TAB, on_change="rerun")
for tab, (step_key, step) in zip(tabs, doc.steps.items(), strict=True):
    if tab.open:  # only the open step is drawn; the others' notes wait in notes
        with tab:
            notes[step_key] = script_view.step(script_key, step_key, step, address, notes)

st.divider()
save_col, take_col = st.columns([3, 2], gap="large")
with save_col, st.form("crisis_outcome"):
    st.subheader(t("crisis.outcome_title"))
    st.caption(t("crisis.outcome_intro"))
    outcome = st.radio(
        t("crisis.outcome_label"),
        OUTCOMES,
        index=None,
        format_func=lambda o: t(f"crisis.outcome.{o}"),
        horizontal=True,
        key="outcome_choice",
    )
    held_on = st.date_input(
        t("crisis.held_on"), value=date.today(), max_value=date.today(), key="held_on"
    )
    quarterly = st.checkbox(
        t("crisis.quarterly_visit"), help=t("crisis.quarterly_help"), key="quarterly_visit"
    )
    if st.form_submit_button(t("crisis.save"), type="primary", key="save_outcome"):
        try:
            talks.save_outcome(
                engine(),
                user,
                script_key=script_key,
                outcome=outcome or "",
                notes=notes,
                held_on=held_on,
                subject=subject,
                new_customer=new_customer,
                quarterly_visit=quarterly,
            )
            name = subject.name if subject else new_customer.strip()
            st.success(t("crisis.saved", outcome=t(f"crisis.outcome.{outcome}"), subject=name))
        except ConversationError as exc:
            show_error(t(exc.key, **exc.values))

with take_col:
    st.subheader(t("crisis.take_away"))
    st.caption(t("crisis.take_away_intro"))
    who = subject.name if subject else new_customer
    st.download_button(
        t("crisis.download_pdf"),
        lambda: talks.handout_pdf(lang(), script_key, notes, address, who),
        file_name=f"{script_key}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key="download_pdf",
    )
    st.download_button(
        t("crisis.download_md"),
        talks.handout_markdown(lang(), script_key, notes, address, who),
        file_name=f"{script_key}.md",
        mime="text/markdown",
        icon=":material/description:",
        on_click="ignore",
        key="download_md",
    )

if subject:
    script_view.history(talks.history(engine(), user.team_id, subject), available)
