"""A bare Streamlit page with one plotly chart: the yardstick for the first page with a chart in a
fresh browser, which waits for Chromium to compile Streamlit's plotly code."""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page with a chart")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])))
