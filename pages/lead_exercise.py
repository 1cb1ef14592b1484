"""Workshop exercise: qualify a made-up lead together, then reveal the risks; nothing is stored."""

import streamlit as st

from coaching import formatting, qualification
from coaching.ui import lang, require_user, t
from coaching.ui import lead_check as section
from coaching.ui.i18n import literal
from coaching.ui.widgets import page_header

user = require_user()
page_header(t("lead_exercise.title"), t("lead_exercise.intro"))
rules = qualification.rules(lang())
example = rules.example
checklist = qualification.checklists(lang())[example.checklist]

with st.container(border=True):
    st.subheader(literal(example.company))
    value = formatting.money(example.value_eur, lang())
    st.markdown(t("lead_exercise.facts", contact=example.contact, topic=example.topic, value=value))
    st.markdown("\n".join(f"- {literal(line)}" for line in example.story))

st.subheader(t("lead_exercise.together"))
st.caption(t("lead_exercise.together_hint"))
group = section.answer_widgets(checklist, {}, "exercise", notes=False)
answers = {key: pair[0] for key, pair in group.items()}

if st.toggle(t("lead_exercise.reveal"), key="exercise_reveal"):
    ours = qualification.assess(example.checklist, checklist, answers, rules.risk, user.address)
    truth = qualification.assess(
        example.checklist, checklist, example.truth, rules.risk, user.address
    )
    left, right = st.columns(2)
    left.metric(t("lead_exercise.our_score"), f"{ours.score} / 100")
    right.metric(t("lead_exercise.fact_score"), f"{truth.score} / 100", truth.score - ours.score)
    optimistic = [
        checklist.items[key].question
        for key in qualification.too_optimistic(answers, example.truth)
    ]
    if optimistic:
        st.warning(t("lead_exercise.too_optimistic"))
        st.markdown("\n".join(f"- {literal(q)}" for q in optimistic))
    section.show_assessment(truth, "lead_exercise.reveal_title")
    st.subheader(t("lead_exercise.lessons"))
    st.markdown("\n".join(f"- {literal(line)}" for line in example.reveal))
