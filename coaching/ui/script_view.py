"""How a conversation script step and earlier conversations look; used by the crisis-talk page."""

import streamlit as st

from coaching.content.talks import ScriptFile, ScriptStep
from coaching.formatting import day
from coaching.store.conversations import Conversation
from coaching.ui.i18n import lang, literal, t

PHRASE = "- :blue[:material/record_voice_over:]"  # a sample phrase's list item
TAB = "crisis_step"  # the open step's tab, by its label
NOTES = "crisis_notes"  # script -> step -> note, kept while the step's tab is closed


def tab_labels(doc: ScriptFile) -> dict[str, str]:
    return {key: f"{n}. {s.title}" for n, (key, s) in enumerate(doc.steps.items(), start=1)}


def notes(script_key: str) -> dict[str, str]:
    """This session's notes on the script's steps: a closed tab draws no text area, and Streamlit
    forgets the value of a widget it did not draw."""
    return st.session_state.setdefault(NOTES, {}).setdefault(script_key, {})


def step(
    script_key: str, step_key: str, item: ScriptStep, address: str, notes: dict[str, str]
) -> str:
    """One step as one Markdown element (purpose, sample phrases, what to avoid), then
    the person's note; returns the note. A box per phrase made the seven tabs ~90 elements."""
    parts = [f"**{t('crisis.purpose')}:** {item.purpose}", f"**{t('crisis.phrases')}**"]
    parts.append("\n".join(f"{PHRASE} {p.for_address(address)}" for p in item.phrases))
    if item.avoid:
        parts.append(f"**{t('crisis.avoid')}**")
        parts.append(
            "\n".join(
                f"- :red[:material/block:] {t('crisis.avoid_item', say=a.say, why=a.why)}"
                for a in item.avoid
            )
        )
    st.markdown("\n\n".join(parts))
    return st.text_area(
        t("crisis.notes"),
        notes.get(step_key, ""),
        placeholder=item.note_prompt,
        key=f"note_{script_key}_{step_key}",
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
