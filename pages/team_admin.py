"""Team verwalten (team lead only): people, invitations, roles, access and the log of changes."""

import streamlit as st

from coaching import team_admin
from coaching.accounts import AccountError
from coaching.ui import engine, require_user, t
from coaching.ui.company_sign_in import providers
from coaching.ui.team_admin_view import (
    audit_section,
    confirmation,
    flash,
    invitations_list,
    invite_form,
    people_table,
    person_actions,
    sign_in_settings,
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
sign_in_settings(user, configured=bool(providers()))
st.divider()
audit_section(user)
confirmation(user)
