"""Start: a greeting, what needs attention today, and the team's workshop agreements."""

import streamlit as st

from coaching import accounts, workshop
from coaching.formatting import day
from coaching.today import attention_today
from coaching.ui import engine, lang, require_user, t
from coaching.ui.widgets import empty_state

user = require_user()
st.title(t("start.greeting", name=user.name))
items = attention_today(engine(), user)

if items:
    st.subheader(t("start.attention"))
    for item in items:
        icon = ":material/priority_high:" if item.urgent else ":material/schedule:"
        st.page_link(item.page, label=t(item.text_key, count=item.count), icon=icon)
else:
    if accounts.team_size(engine(), user.team_id) <= 1:
        body = t("start.empty_manager") if user.is_manager else t("start.empty_member")
        empty_state(t("start.empty_title"), body)
    else:
        st.info(t("start.nothing_due"), icon=":material/check_circle:")

agreements = workshop.open_agreements(engine(), user.team_id)
if agreements:
    st.subheader(t("start.agreements"))
    for agreement in agreements:
        st.text(f"• {agreement.text} · {agreement.owner} · {day(agreement.review_on, lang())}")
