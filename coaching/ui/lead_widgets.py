"""Widgets both lead pages share: a lead's log, and the notice that the chosen lead is gone."""

import streamlit as st

from coaching import lead_lifecycle
from coaching.formatting import day
from coaching.lead_log import log_lines
from coaching.store.leads import LeadEvent
from coaching.ui.i18n import current_catalog, lang, literal, t
from coaching.ui.session import engine


def event_log(events: list[LeadEvent], title_key: str = "follow_up.timeline_title") -> None:
    """Every event, newest first: day, kind, details and author, a note quoted below it; one
    Markdown element for the whole log (the browser mounts each element on its own)."""
    code = lang()
    words = current_catalog()
    items = []
    for line in reversed(log_lines(events, code)):
        by = [words.text("follow_up.event_detail.by", author=line.author)] if line.author else []
        text = t(  # escapes the details, people's words among them, once as a whole
            "follow_up.event_line",
            day=day(line.at.date(), code),
            kind=line.kind,
            detail=" · ".join(d for d in (line.detail, *by) if d),
        )
        quoted = [f"  > {literal(part)}  " for part in (line.note or "").splitlines() if part]
        items.append("\n".join([f"- {text}", *quoted]))
    st.markdown("\n".join([f"**{t(title_key)}**", "", *items]))


def gone_notice(key: str, listed: set[int], team_id: int, message_key: str) -> bool:
    """Say so when the lead chosen under `key` left the list meanwhile (a colleague closed, parked
    or answered it); True if so. Streamlit would silently show the first lead instead, and the
    forms, keyed alike for every lead, would drop or misapply an entry just sent for the old one."""
    chosen = st.session_state.get(key)
    if chosen is None or chosen in listed:
        return False
    company = lead_lifecycle.company_of(engine(), team_id, chosen) or "?"
    st.session_state.pop(key, None)
    st.warning(t(message_key, company=company), icon=":material/group:")
    return True
