"""Team-Stimmung (managers): the pulse in aggregate, the team's figures, and what could help."""

from datetime import date

import streamlit as st

from coaching import morale, pulse
from coaching.morale import MoraleError
from coaching.ui import engine, require_manager, t
from coaching.ui.team_view import (
    actions_section,
    pulse_section,
    sales_sections,
    team_charts,
    team_overview,
)
from coaching.ui.widgets import page_header, show_error

user = require_manager()
today = date.today()
_, purged = pulse.maintain(engine(), user.team_id, today)
min_group, months = pulse.privacy_settings(engine(), user.team_id)
k = morale.effective_min_group(min_group)


page_header(t("team.title"), t("team.intro", k=k))
if st.session_state.pop("team_settings_saved", False):
    st.success(t("team.settings_saved"))
if purged:
    st.info(t("team.purged", count=purged), icon=":material/delete_sweep:")

view = team_overview(user.team_id, today)
granularity = st.segmented_control(
    t("team.granularity"),
    ["week", "month"],
    default="week",
    format_func=lambda g: t(f"team.{g}"),
    key="team_granularity",
)
granularity = granularity or "week"
drawn = team_charts(user.team_id, today, granularity)
pulse_section(drawn, granularity, k)
actions_section(view.actions)
st.divider()
sales_sections(view, drawn)

with (
    st.expander(t("team.settings_title"), icon=":material/shield_person:"),
    st.form("team_privacy"),
):
    new_min = st.number_input(
        t("team.min_group"),
        min_value=morale.ABSOLUTE_MIN_GROUP,
        max_value=morale.MAX_GROUP_SETTING,
        value=k,
        step=1,
        help=t("team.min_group_help"),
        key="team_min_group",
    )
    new_months = st.number_input(
        t("team.retention"),
        min_value=morale.RETENTION_RANGE[0],
        max_value=morale.RETENTION_RANGE[1],
        value=months,
        step=1,
        help=t("team.retention_help"),
        key="team_retention",
    )
    if st.form_submit_button(t("team.settings_save"), key="team_privacy_save"):
        try:
            pulse.set_privacy_settings(engine(), user, int(new_min), int(new_months))
            st.session_state["team_settings_saved"] = True
            st.rerun()
        except MoraleError as exc:
            show_error(t(exc.key, **exc.values))
