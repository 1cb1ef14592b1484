"""Shared Streamlit widgets and session helpers: the only part of coaching importing Streamlit."""

from coaching.ui.i18n import lang, t
from coaching.ui.session import current_user, engine, require_manager, require_user

__all__ = ["current_user", "engine", "lang", "require_manager", "require_user", "t"]
