"""Small shared widgets so that every page looks and speaks alike."""

import pandas as pd
import streamlit as st

from coaching.formatting import number
from coaching.ui.i18n import lang, literal, t

# Figures drawn from team data, kept per the function's arguments (which must include the team's
# data version and the language). A resource cache hands out the figures as they are: a data
# cache would copy and so re-validate each one (~25 ms), and Streamlit only reads a figure.
drawn_once = st.cache_resource(show_spinner=False, max_entries=64)
# Every chart: no plotly logo, and its camera button saves a sharp PNG for slides.
CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def page_header(title: str, intro: str | None = None) -> None:
    st.title(title)
    if intro:
        st.caption(intro)


def empty_state(title: str, body: str) -> None:
    """An empty page always says what the next step is."""
    with st.container(border=True):
        st.subheader(title)
        st.markdown(body)


def show_error(message: str) -> None:
    st.error(message, icon=":material/error:")


def show_problems(error) -> None:
    """Every problem of a refused input (coaching.errors.InputError), in the person's language."""
    for key, values in error.problems:
        show_error(t(key, **values))


def flash(key: str, message: str) -> None:
    """A confirmation that survives the rerun after a change; shown by show_flash(key)."""
    st.session_state[key] = message


def show_flash(key: str) -> bool:
    """The confirmation of the last change, shown once after the page reran; True if shown."""
    message = st.session_state.pop(key, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    return bool(message)


def chart(fig, takeaway: str, key: str) -> None:
    """A chart always comes with its takeaway sentence, which is also its text alternative."""
    st.markdown(f"**{takeaway}**")
    plot(fig, key)


def plot(fig, key: str) -> None:
    """Every plotly figure is drawn this way: full width, the app's chart settings."""
    st.plotly_chart(fig, key=key, width="stretch", config=CHART_CONFIG)


def opened(label: str, key: str, *, expanded: bool = False, icon: str | None = None):
    """An expander whose content is drawn only while it is open, else None: what a person has
    not asked for costs neither script time nor the browser's mounting."""
    box = st.expander(label, expanded=expanded, key=key, icon=icon, on_change="rerun")
    return box if box.open else None


def table(frame: pd.DataFrame, alt: str, markdown: tuple[str, ...] = ()) -> None:
    """A list a person reads rather than explores: a static table. st.table renders Markdown, so
    every cell is escaped except the columns named in markdown, which hold the app's own (a badge,
    say). The interactive st.dataframe cost 300-500 ms of drawing on each visit of a page."""
    cells = {
        column: values if column in markdown else [_cell(v) for v in values]
        for column, values in frame.to_dict("list").items()
    }  # plain lists: Series.map over Arrow strings took ~3 ms a table per rerun
    st.table(pd.DataFrame(cells, dtype=object), hide_index=True, border="horizontal", alt=alt)


def _cell(value) -> str:
    if isinstance(value, str):
        return literal(value)
    if value is None or pd.isna(value):
        return "–"
    return number(value, lang())


def csv_download(label: str, data: bytes, file_name: str, key: str) -> None:
    st.download_button(label, data, file_name=file_name, mime="text/csv", key=key)
