"""Benchmarks, run by hand; shared set-up."""

import logging

# AppTest formats widget values outside a script run and Streamlit warns about each one. Its log
# level is reset whenever it re-reads its config, so the two chatty loggers are switched off.
_CHATTY = (
    "streamlit.runtime.scriptrunner_utils.script_run_context",
    "streamlit.runtime.state.session_state_proxy",
)


def quiet_streamlit() -> None:
    for name in _CHATTY:
        logging.getLogger(name).disabled = True
