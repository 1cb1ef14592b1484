"""Funkstille: `streamlit run app.py`.

Run by Streamlit, this file is the script of every session; imported by the server (st.App
discovery), it only describes the HTTP side: cookie routes and response headers.
"""

import streamlit as st

from coaching.ui import server, shell, startup

if __name__ == "__main__":
    shell.run()
else:
    app = st.App(
        "app.py",
        lifespan=startup.lifespan,
        routes=server.routes(),
        middleware=server.middleware(),
    )
