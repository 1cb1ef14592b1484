"""Nachfassen: silent leads, the step due next with its message, and what happened since."""

from datetime import date

import streamlit as st

from coaching import follow_up
from coaching.cadence import cadence_anchor, counts, silence_list
from coaching.content import catalog
from coaching.ui import engine, lang, require_user, t
from coaching.ui import follow_up as view
from coaching.ui.i18n import labels
from coaching.ui.widgets import empty_state, page_header

user = require_user()
today = date.today()
cadence = catalog(lang()).doc("cadence")
page_header(t("follow_up.title"), cadence.intro)
acted = view.flash()
st.info(cadence.consent_reminder, icon=":material/gavel:")

scope = st.segmented_control(
    t("follow_up.scope"),
    ["mine", "team"],
    default="mine",
    format_func=labels("follow_up.scope_"),
    key="follow_up_scope",
    on_change=view.forget_lead,
)
owner = None if scope == "team" else user.id
states = follow_up.team_states(engine(), user.team_id, today, owner, lang())
view.metrics(counts(states))

st.subheader(t("follow_up.list_title"))
listed = silence_list(states)
if listed:
    view.silence_table(listed, with_owner=owner is None)
else:
    empty_state(t("follow_up.list_title"), t("follow_up.list_empty"))
unanchored = sum(1 for s in states if s.phase == "not_silent" and cadence_anchor(s.lead) is None)
if unanchored:
    st.caption(t("follow_up.no_anchor", count=unanchored))

if listed:
    by_id = {s.lead.id: s for s in listed}
    gone = not acted and view.gone_notice(user.team_id, set(by_id))
    lead_id = st.selectbox(
        t("follow_up.pick_lead"),
        list(by_id),
        format_func=lambda i: " · ".join(
            filter(None, (by_id[i].lead.company, by_id[i].lead.topic))
        ),
        key=view.LEAD_KEY,
    )
    if not gone:  # the forms would take an entry meant for the gone lead
        view.lead_panel(user, lead_id, today)

st.divider()
view.parked_section(user, states, today)
ghosts = follow_up.ghosts(engine(), user.team_id, owner)
view.ghosts_section(user, ghosts, today)
view.insights(ghosts)
view.manners(user, today)
