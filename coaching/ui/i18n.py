"""The one translation helper: t('namespace.key', **values) in the current person's language.

Streamlit renders labels, titles and captions as Markdown, so values filled into a UI string are
escaped: a name like "[Klick](http://…)" or "<script>" shows literally, never as a link or HTML.
"""

import re

import streamlit as st

from coaching.content import LANGUAGES, Catalog, catalog

LANG_KEY = "lang"
LANG_COOKIE = "funkstille_lang"  # set by the sign-in page's choice and at sign-in (ui.server)
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}  # each in its own words, in every language
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def lang() -> str:
    """The session's language; before anyone signs in, the one chosen earlier in this browser."""
    if LANG_KEY not in st.session_state:
        remembered = st.context.cookies.get(LANG_COOKIE)
        if remembered in LANGUAGES:
            st.session_state[LANG_KEY] = remembered
    return st.session_state.get(LANG_KEY, "de")


def set_lang(value: str) -> None:
    st.session_state[LANG_KEY] = value


def current_catalog() -> Catalog:
    return catalog(lang())


def t(key: str, **values: object) -> str:
    return text_in(lang(), key, **values)


def labels(prefix: str):
    """The one format_func for stable keys: words under prefix, bound to this run's language
    (AppTest calls a format_func later, outside the session)."""
    words = current_catalog()
    return lambda key: words.text(f"{prefix}{key}")


def date_format() -> str:
    """How date pickers show a day in the session's language (like coaching.formatting.day)."""
    return "DD.MM.YYYY" if lang() == "de" else "YYYY-MM-DD"


def language_name(code: str) -> str:
    """A format_func for language choices."""
    return LANGUAGE_NAMES.get(code, code)


def text_in(language: str, key: str, **values: object) -> str:
    """t() for a given language: for cached results, which must not read the session."""
    escaped = {name: literal(str(value)) for name, value in values.items()}
    return catalog(language).text(key, **escaped)


def literal(text: str) -> str:
    """Text from people or files, made safe to show in any Markdown-rendering element."""
    return _MARKDOWN.sub(r"\\\1", text)
