"""Kundenradar: customers drifting away, the evidence per signal, and what to do next."""

from datetime import date

import pandas as pd
import streamlit as st

from coaching import formatting, radar
from coaching.radar import RadarError
from coaching.ui import engine, lang, require_user, t
from coaching.ui import radar_view as view
from coaching.ui.i18n import date_format, literal
from coaching.ui.widgets import (
    empty_state,
    flash,
    opened,
    page_header,
    show_flash,
    show_problems,
    table,
)

user = require_user()
today = date.today()
page_header(t("radar.title"), t("radar.intro"))
frames = view.team_frames(user.team_id)
result = view.team_radar(user.team_id, today)
if result.customers.empty:
    empty_state(t("radar.empty_title"), t("radar.empty_body"))
    st.stop()

imported = frames["last_import"]
st.caption(
    t(
        "radar.as_of",
        day=formatting.day(today, lang()),
        invoices=formatting.number(len(frames["invoices"]), lang()),
        imported=formatting.day(imported, lang()) if imported else t("radar.no_import"),
        logs=formatting.number(len(frames["logs"]), lang()),
    )
)
for column, light in zip(st.columns(4), radar.LIGHTS, strict=True):
    column.metric(t(f"radar.count_{light}"), result.count(light), border=True)

names = dict(zip(result.customers["customer_id"], result.customers["name"], strict=True))
if result.bad_rows:
    st.warning(t("radar.bad_rows", count=len(result.bad_rows)), icon=":material/rule:")
    with st.expander(t("radar.bad_rows_details")):
        st.dataframe(view.bad_rows_table(result.bad_rows, names), hide_index=True)

st.subheader(t("radar.at_risk"))
show_all = st.toggle(t("radar.show_all"), key="radar_show_all")
at_risk = result.at_risk()
listed = (
    result.customers.sort_values(["score", "name"], na_position="last") if show_all else at_risk
)
if listed.empty:
    st.success(t("radar.none_at_risk"), icon=":material/check_circle:")
else:
    view.risk_table(listed)

# --- drill-down ---------------------------------------------------------------------------------
choices = list(listed["customer_id"]) or list(result.customers["customer_id"])
wanted = next((c for c in names if str(c) == st.query_params.get("customer")), None)
if wanted is not None and wanted not in choices:
    choices.insert(0, wanted)
start = choices.index(wanted) if wanted is not None else 0
customer_id = st.selectbox(
    t("radar.choose_customer"),
    choices,
    index=start,
    format_func=lambda c: names.get(c, str(c)),
    key="radar_customer",
)
health = result.customers.set_index("customer_id").loc[customer_id]
settings = radar.rules(lang())
st.header(literal(names[customer_id]), divider="gray")
left, right = st.columns([1, 3])
score = "–" if pd.isna(health["score"]) else formatting.number(health["score"], lang())
left.metric(
    t("radar.health"),
    score,
    help=t("radar.health_help", red=settings.light.red_below, amber=settings.light.amber_below),
)
left.markdown(view.light_badge(health["light"]))

detail = view.customer_detail(user.team_id, customer_id, today)
with right:
    st.subheader(t("radar.signals_title"))
    for signal, state in zip(detail.signals["signal"], detail.signals["state"], strict=True):
        label, line = view.signal_label(signal), view.state_line(state)
        st.markdown(f"**{label}** · {line}  \n{literal(detail.evidence[signal])}")

if charts := opened(t("radar.charts_title"), "radar_charts_open", icon=":material/bar_chart:"):
    with charts:
        view.customer_charts(detail)
if history := opened(t("radar.history_title"), "radar_history_open", icon=":material/history:"):
    with history:
        st.caption(t("radar.history_caption"))
        view.health_chart(detail)
        st.dataframe(detail.history, hide_index=True, key="radar_history")  # wide: it scrolls

# --- act on it ----------------------------------------------------------------------------------
st.subheader(t("radar.act_title"))
st.markdown(t("radar.act_intro"))
for script, label in (
    ("warning_signals", "open_warning_talk"),
    ("exit_conversation", "open_exit_talk"),
):
    st.page_link(
        view.CRISIS_TALK,
        label=t(f"radar.{label}"),
        icon=":material/forum:",
        query_params={"script": script, "customer": str(customer_id)},
    )

with st.form("radar_log", clear_on_submit=True):
    st.markdown(f"**{t('radar.log_title')}**")
    kind = st.selectbox(
        t("radar.log_kind"),
        radar.LOG_KINDS,
        format_func=lambda k: t(f"radar.kind.{k}"),
        key="radar_log_kind",
    )
    on_date = st.date_input(
        t("radar.log_date"),
        value=today,
        format=date_format(),
        key="radar_log_date",
    )
    note = st.text_area(t("radar.log_note"), max_chars=2000, key="radar_log_note")
    submitted = st.form_submit_button(t("radar.log_submit"), type="primary", key="radar_log_submit")
if submitted:
    try:
        radar.log_contact(
            engine(), user, customer_id, kind, on_date=on_date, note=note, today=today
        )
        flash("radar_flash", t("radar.log_saved"))
        st.rerun()
    except RadarError as error:
        show_problems(error)
show_flash("radar_flash")

if log := opened(t("radar.log_list_title"), "radar_log_open", icon=":material/list_alt:"):
    with log:  # 20 entries as a table took the browser ~120 ms on every visit
        entries = radar.customer_log(engine(), user.team_id, customer_id)
        if entries:
            table(view.log_table(entries), alt=t("radar.log_list_title"))
        else:
            st.caption(t("radar.log_empty"))
