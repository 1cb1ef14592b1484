"""Rollenspiel: practise the crisis talk in threes on the shared screen; saved only on request."""

import time
from datetime import date

import streamlit as st

from coaching import roleplay
from coaching.formatting import day
from coaching.roleplay import RoleplayError
from coaching.ui import engine, lang, require_user, t
from coaching.ui.widgets import opened, page_header, show_error

SEED_KEY, STARTED_KEY = "roleplay_seed", "roleplay_started"
DEBRIEF_OPEN = "roleplay_debrief_open"
BIG_TYPE = """<style>
.st-key-roleplay_stage p, .st-key-roleplay_stage li { font-size: 1.35rem; line-height: 1.5; }
.st-key-roleplay_stage h3 { font-size: 1.9rem; }
.st-key-roleplay_timer [data-testid="stMetricValue"] { font-size: 4rem; }
.st-key-roleplay_checklist label p { font-size: 1.2rem; }
</style>"""

user = require_user()
st.html(BIG_TYPE)
page_header(t("roleplay.title"), t("roleplay.intro"))
st.caption(t("roleplay.not_stored"))
doc = roleplay.cards(lang())
st.session_state.setdefault(SEED_KEY, roleplay.new_seed())


def _redraw() -> None:
    st.session_state[SEED_KEY] = roleplay.new_seed()
    st.session_state[STARTED_KEY] = None


draw_col, seed_col, _ = st.columns([1, 1, 2], vertical_alignment="bottom")
draw_col.button(t("roleplay.draw"), on_click=_redraw, icon=":material/casino:", key="roleplay_draw")
seed = seed_col.number_input(
    t("roleplay.draw_again"),
    min_value=1,
    max_value=999_999,
    step=1,
    help=t("roleplay.draw_again_help"),
    key=SEED_KEY,
)
drawn = roleplay.draw(doc, int(seed))
persona, crisis = doc.personas[drawn.persona], doc.crises[drawn.crisis]

with st.container(key="roleplay_stage"):
    st.caption(t("roleplay.draw_number", seed=drawn.seed))
    cards = st.columns(3, gap="large")
    # One Markdown element per card: the browser mounts each element on its own.
    cards[0].container(border=True).markdown(
        f"### {t('roleplay.persona')}: {persona.name}\n\n**{persona.company}**\n\n"
        f"{persona.briefing}"
    )
    cards[1].container(border=True).markdown(
        f"### {t('roleplay.crisis')}: {crisis.title}\n\n{crisis.text}"
    )
    objections = (
        f"- **{doc.objections[k].title}:** {doc.objections[k].text}" for k in drawn.objections
    )
    cards[2].container(border=True).markdown(
        "\n".join([f"### {t('roleplay.objections')}", "", *objections])
    )
    with st.expander(t("roleplay.roles"), expanded=True):
        for column, role in zip(st.columns(3), doc.roles.values(), strict=False):
            column.markdown(f"**{role.title}**  \n{role.text}")

running = st.session_state.get(STARTED_KEY) is not None


@st.fragment(run_every=1 if running else None)
def _timer() -> None:
    left = roleplay.remaining_seconds(st.session_state.get(STARTED_KEY), doc.minutes, time.time())
    with st.container(key="roleplay_timer"):
        st.metric(t("roleplay.timer"), roleplay.clock(left))
        if left == 0:
            st.warning(t("roleplay.timer_over"), icon=":material/alarm:")


timer_col, check_col = st.columns([1, 2], gap="large")
with timer_col:
    _timer()
    if st.button(
        t("roleplay.timer_reset") if running else t("roleplay.timer_start"),
        icon=":material/timer:",
        key="roleplay_timer_button",
    ):
        st.session_state[STARTED_KEY] = None if running else time.time()
        st.rerun()
with check_col, st.container(key="roleplay_checklist"):
    st.subheader(t("roleplay.checklist"))
    checked = [
        key
        for key, item in doc.checklist.items()
        if st.checkbox(item.title, help=item.text, key=f"check_{drawn.seed}_{key}")
    ]
    result = roleplay.score(doc, checked)
    st.markdown(f"**{t('roleplay.score', done=len(result.done), total=result.total)}**")
    if result.missed:
        missed = ", ".join(doc.checklist[k].title for k in result.missed)
        st.caption(t("roleplay.missed", steps=missed))


def _debrief(checked: list[str]) -> None:
    """What the three saw, kept for the team on request; a form the play itself does not need,
    so it is drawn when opened."""
    with st.form("roleplay_debrief"):
        answers = {
            key: st.text_area(question, key=f"debrief_{key}", height=90)
            for key, question in doc.debrief.items()
        }
        held_on = st.date_input(t("roleplay.held_on"), value=date.today(), key="debrief_day")
        if st.form_submit_button(t("roleplay.save"), key="save_debrief", icon=":material/save:"):
            try:
                roleplay.save_debrief(engine(), user, drawn, checked, answers, held_on)
                st.success(t("roleplay.saved"))
            except RoleplayError as exc:
                show_error(t(exc.key, **exc.values))


if debrief := opened(t("roleplay.debrief"), DEBRIEF_OPEN, icon=":material/edit_note:"):
    with debrief:
        _debrief(checked)

saved = roleplay.recent_debriefs(engine(), user.team_id)
if saved:
    st.subheader(t("roleplay.saved_title"))
    lines = (
        t(
            "roleplay.saved_item",
            day=day(item.held_on, lang()),
            persona=doc.personas[item.persona].name if item.persona in doc.personas else "–",
            crisis=doc.crises[item.crisis].title if item.crisis in doc.crises else "–",
            done=len(item.checked),
            total=len(doc.checklist),
        )
        for item in saved
    )
    st.caption("  \n".join(lines))
