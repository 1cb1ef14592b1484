"""Tell the browser about sign-in and language through our own routes (see coaching/ui/server.py).

Streamlit talks over a WebSocket and cannot set cookies; a small same-origin POST can. The secret
travels in the request body, never in a URL.
"""

import json

import streamlit as st


def store_session_cookie(handoff: str) -> None:
    _post("/auth/session", handoff)


def clear_session_cookie() -> None:
    _post("/auth/signout", "")


def store_invitation_cookie(token: str) -> None:
    _post("/auth/invitation", token)


def store_language_cookie(lang: str) -> None:
    _post("/auth/language", lang)


def _post(path: str, body: str) -> None:
    script = (
        f"<script>fetch({json.dumps(path)}, {{method: 'POST', credentials: 'same-origin', "
        f"headers: {{'Content-Type': 'text/plain'}}, body: {json.dumps(body)}}});</script>"
    )
    st.html(script, unsafe_allow_javascript=True)
