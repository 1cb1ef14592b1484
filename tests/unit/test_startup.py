"""Server start-up: the app's modules and content are loaded and frozen out of the collector."""

import gc
import sys

from coaching.ui import startup


def test_start_up_loads_every_served_module_and_freezes_it():
    try:
        startup.load_and_freeze()
        assert {"coaching.radar", "coaching.ui.radar_view", "coaching.charts.reasons"} <= set(
            sys.modules
        )
        assert "coaching.__main__" not in sys.modules  # it would have run the command line
        assert gc.get_freeze_count() > 100_000  # streamlit, pandas, plotly and the app
    finally:
        gc.unfreeze()
