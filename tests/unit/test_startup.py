"""Server start-up: the app's modules and content are loaded and frozen out of the collector."""

import gc
import sys
import tomllib
from pathlib import Path

from coaching.ui import startup

ROOT = Path(__file__).resolve().parents[2]


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


def test_streamlit_does_not_collect_garbage_after_every_run():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False  # 50-160 ms per rerun; Python's own runs
