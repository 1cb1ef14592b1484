"""A finished message, to be sent from the person's own mailbox: open it in the mail program
(mailto: with subject and body) or copy it (the copy icon of the code box)."""

import streamlit as st

from coaching.cadence import Message, mailto
from coaching.ui import t
from coaching.ui.widgets import opened


def mail_draft(message: Message, email: str | None, key: str, folded: bool = False) -> None:
    """The open-in-mail-program button and the text to copy; email may be unknown (None).
    Folded: the copy box sits in an expander, for when the text is already shown for editing."""
    st.link_button(
        t("reminders.mail.open"),
        mailto(email, message),
        icon=":material/mail:",
        type="primary",
        key=key,
    )
    box = opened(t("reminders.mail.copy_title"), f"{key}_copy") if folded else st.container()
    if box is None:
        return
    with box:
        st.code(f"{message.subject}\n\n{message.body}", language=None, wrap_lines=True)
        st.caption(t("reminders.mail.copy_hint"))
