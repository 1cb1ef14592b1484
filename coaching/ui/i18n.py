"""The one translation helper: t('namespace.key', **values) in the current person's language.

Streamlit renders labels, titles and captions as Markdown, so values filled into a UI string are
escaped: a name like "[Klick](http://…)" or "<script>" shows literally, never as a link or HTML.
"""

import re

import streamlit as st

from coaching.content import Catalog, catalog

LANG_KEY = "lang"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def lang() -> str:
    return st.session_state.get(LANG_KEY, "de")


def set_lang(value: str) -> None:
    st.session_state[LANG_KEY] = value


def current_catalog() -> Catalog:
    return catalog(lang())


def t(key: str, **values: object) -> str:
    return text_in(lang(), key, **values)


def text_in(language: str, key: str, **values: object) -> str:
    """t() for a given language: for cached results, which must not read the session."""
    escaped = {name: literal(str(value)) for name, value in values.items()}
    return catalog(language).text(key, **escaped)


def literal(text: str) -> str:
    """Text from people or files, made safe to show in any Markdown-rendering element."""
    return _MARKDOWN.sub(r"\\\1", text)
