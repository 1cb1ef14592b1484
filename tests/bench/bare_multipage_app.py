"""The yardstick: a bare multipage Streamlit app, each page a title, a button and a line of text."""

import streamlit as st


def _page(number: int):
    def draw() -> None:
        st.title(f"Bare page {number}")
        st.button("A button", key=f"button_{number}")
        st.write("Nothing but a title, a button and a line of text.")

    return st.Page(draw, title=f"Bare {number}", url_path=f"bare-{number}", default=number == 1)


st.navigation([_page(number) for number in (1, 2, 3)], position="sidebar").run()
