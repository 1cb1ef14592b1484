"""How a conversation script step and earlier conversations look; used by the crisis-talk page."""

import streamlit as st

from coaching.content.talks import ScriptFile, ScriptStep
from coaching.formatting import day
from coaching.store.conversations import Conversation
from coaching.ui.i18n import lang, literal, t


def step(script_key: str, step_key: str, item: ScriptStep, address: str) -> str:
    """One step: purpose, sample phrases, what to avoid; returns the person's note."""
    st.markdown(f"**{t('crisis.purpose')}:** {item.purpose}")
    st.markdown(f"**{t('crisis.phrases')}**")
    for phrase in item.phrases:
        st.info(phrase.for_address(address), icon=":material/record_voice_over:")
    if item.avoid:
        st.markdown(f"**{t('crisis.avoid')}**")
        for avoid in item.avoid:
            st.warning(f"**{avoid.say}** – {avoid.why}", icon=":material/block:")
    return st.text_area(
        t("crisis.notes"), placeholder=item.note_prompt, key=f"note_{script_key}_{step_key}"
    )


def history(earlier: list[Conversation], scripts: dict[str, ScriptFile]) -> None:
    """Earlier conversations with the same lead or customer; notes shown as plain text."""
    if not earlier:
        return
    st.subheader(t("crisis.history"))
    for talk in earlier:
        past = scripts.get(talk.script)
        line = t(
            "crisis.history_item",
            day=day(talk.held_on, lang()),
            script=past.title if past else talk.script,
            outcome=t(f"crisis.outcome.{talk.outcome}"),
            author=talk.author_name or "–",
        )
        steps = past.steps if past else {}
        with st.expander(line):
            for step_key, note in talk.notes.items():
                st.caption(literal(steps[step_key].title if step_key in steps else step_key))
                st.text(note)
