"""Lead-Check: the team's leads, a qualification checklist per lead, risk and commitment."""

import streamlit as st

from coaching import leads
from coaching.lead_lifecycle import LeadError
from coaching.ui import engine, require_user, t
from coaching.ui import lead_check as section
from coaching.ui.i18n import literal
from coaching.ui.widgets import empty_state, page_header, show_problems

user = require_user()
page_header(t("lead_check.title"), t("lead_check.intro"))

# The expander and the tabs render only what is open: the page has more widgets than any other,
# and Streamlit's cost per rerun grows with every widget drawn, hidden or not.
new_lead = st.expander(
    t("lead_check.new_lead"), icon=":material/add:", key=section.NEW_OPEN, on_change="rerun"
)
with new_lead:
    form = section.lead_form(user, "new") if new_lead.open else None
    if form is not None:
        try:
            created = leads.create_lead(engine(), user, form)
            st.session_state[section.SELECTED] = created
            st.session_state["lead_search"] = ""
            section.flash(t("lead_check.created", company=form.company))
            st.rerun()
        except LeadError as error:
            show_problems(error)
acted = section.show_flash()

left, right = st.columns([3, 1])
query = left.text_input(
    t("lead_check.search"),
    key="lead_search",
    placeholder=t("lead_check.search_hint"),
    on_change=section.forget_lead,
)
open_only = right.toggle(
    t("lead_check.open_only"), value=True, key="lead_open_only", on_change=section.forget_lead
)
found = leads.search(engine(), user.team_id, query, open_only)
if not found:
    empty_state(t("lead_check.empty_title"), t("lead_check.empty_body"))
    st.stop()

section.lead_table(user, found)

by_id = {lead.id: lead for lead in found}
if not acted:
    section.lead_gone(user.team_id, set(by_id))
if st.session_state.get(section.SELECTED) not in by_id:
    st.session_state.pop(section.SELECTED, None)  # e.g. the lead just closed left the open list
chosen = st.selectbox(
    t("lead_check.choose"),
    list(by_id),
    format_func=lambda i: f"{by_id[i].company} · {by_id[i].owner_name or '–'}",
    key=section.SELECTED,
)
lead = by_id[chosen]
st.header(literal(lead.company))
details = [lead.contact_name, lead.topic, t(f"pipeline.stage.{lead.stage}")]
st.caption(literal(" · ".join(d for d in details if d)))

tabs = st.tabs(
    [t(f"lead_check.tab.{name}") for name in section.TAB_SECTIONS],
    key=section.TAB,
    on_change="rerun",
)
for tab, render in zip(tabs, section.TAB_SECTIONS.values(), strict=True):
    if tab.open:
        with tab:
            render(user, lead)
