"""A bare Streamlit page: the yardstick for the app's own render times."""

import streamlit as st

st.title("Bare page")
st.write("Nothing but a title and a line of text.")
