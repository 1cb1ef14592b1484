"""Daten: import CRM and invoice exports, export one's data, back up, delete one's account."""

import streamlit as st

from coaching.ui import require_user, t
from coaching.ui.data_io import backup_section, erase_section, export_section, import_section
from coaching.ui.widgets import page_header

user = require_user()
page_header(t("data.title"), t("data.intro"))

labels = ["data.tab_import", "data.tab_export"]
labels += ["data.tab_backup"] if user.is_manager else []
labels += ["data.tab_erase"]
tabs = dict(zip(labels, st.tabs([t(label) for label in labels]), strict=True))

with tabs["data.tab_import"]:
    import_section(user)
with tabs["data.tab_export"]:
    export_section(user)
if user.is_manager:
    with tabs["data.tab_backup"]:
        backup_section()
with tabs["data.tab_erase"]:
    erase_section(user)
