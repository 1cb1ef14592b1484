"""Server start-up: the app's modules and content are loaded and frozen out of the collector."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

CHILD = """
import gc, json, sys
from coaching.ui import startup
before = set(sys.modules)
startup.load_and_freeze()
print(json.dumps({"loaded": sorted(set(sys.modules) - before), "frozen": gc.get_freeze_count()}))
"""

ROOT = Path(__file__).resolve().parents[2]


def test_start_up_loads_every_served_module_and_freezes_it():
    # A fresh interpreter: in the test run these modules are imported already and prove nothing.
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    loaded = set(found["loaded"])
    assert {"coaching.radar", "coaching.ui.radar_view", "coaching.charts.reasons"} <= loaded
    assert "coaching.__main__" not in loaded  # it would have run the command line
    assert found["frozen"] > 100_000  # streamlit, pandas, plotly and the app


def test_streamlit_does_not_collect_garbage_after_every_run():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False  # 50-160 ms per rerun; Python's own runs
