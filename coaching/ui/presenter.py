"""Presenter styling for a projector at 1920×1080: large type, high contrast, no sidebar."""

import streamlit as st

_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"] { display: none !important; }
.stApp { background: #ffffff; color: #000000; }
[data-testid="stMainBlockContainer"] { max-width: 1840px; padding-top: 1.5rem; }
[data-testid="stMarkdown"] p, [data-testid="stMarkdown"] li { font-size: 1.9rem; line-height: 1.4;
  color: #000000; }
h1 { font-size: 3.2rem !important; } h2 { font-size: 2.5rem !important; }
h3 { font-size: 2.1rem !important; }
[data-testid^="stBaseButton"] p { font-size: 1.5rem; }
[data-testid="stCaptionContainer"] p { font-size: 1.4rem; color: #1f2937; }
[data-testid="stWidgetLabel"] p, [data-testid="stText"] { font-size: 1.5rem; color: #000000; }
input, textarea { font-size: 1.5rem !important; }
</style>"""


def presenter_mode() -> None:
    """Call once on a page in presenter view; the style holds only for that run."""
    st.html(_STYLE)
