"""The app's own answers where Streamlit would answer in English: a page that is not for this
person, an address that does not exist. Each says what happened and leads back to the start."""

import re

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from coaching.ui.i18n import t
from coaching.ui.widgets import page_header, show_error

START_SCRIPT = "pages/home.py"
_ADDRESS = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def managers_only() -> None:
    """Stands in for a manager page in a member's navigation; the page itself never runs."""
    page_header(t("app.door.managers_only_title"), "")
    show_error(t("app.door.managers_only"))
    st.page_link(START_SCRIPT, label=t("app.door.to_start"), icon=":material/home:")


def unknown_address() -> None:
    page_header(t("app.door.not_found_title"), "")
    show_error(t("app.door.not_found"))
    st.page_link(START_SCRIPT, label=t("app.door.to_start"), icon=":material/home:")


def requested_address() -> str | None:
    """The address typed or bookmarked (e.g. 'tema' for /tema), when it can be a page path."""
    ctx = get_script_run_ctx()
    name = ctx.pages_manager.intended_page_name if ctx else None
    return name if name and _ADDRESS.match(name) else None
