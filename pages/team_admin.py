"""Team verwalten (team lead only): people, invitations, roles, access and the log of changes."""

import streamlit as st

from coaching import team_admin
from coaching.accounts import AccountError
from coaching.ui import engine, require_user, t
from coaching.ui.team_admin_view import (
    audit_section,
    flash,
    invitations_list,
    invite_form,
    people_table,
    person_actions,
)
from coaching.ui.widgets import page_header, show_error

user = require_user()
page_header(t("admin.title"), t("admin.intro"))
try:
    view = team_admin.team_view(engine(), user)
except AccountError as exc:
    show_error(t(exc.key))  # a member who opened the address directly
    st.stop()

flash()
people_table(view.people)
left, right = st.columns(2, gap="large")
with left:
    invite_form()
with right:
    invitations_list(view.invitations)
st.divider()
person_actions(user, view.people)
st.divider()
audit_section(user)
