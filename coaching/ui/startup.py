"""Server start-up: load once what every session uses, then take it out of the collector's sight.

Streamlit runs a full garbage collection after every script run (runner.postScriptGC). With
streamlit, pandas, plotly and SQLAlchemy loaded, that walks some 240 000 objects that live as long
as the server: 150-190 ms of every rerun on this project's 2-core machine, more than most page
scripts. Loading the app's modules and content here and then calling gc.freeze() moves
them to the permanent generation, so the collection after a run only looks at what sessions
create. The frozen objects were never going to be freed anyway.
"""

import gc
import importlib
import pkgutil
from contextlib import asynccontextmanager

import coaching
from coaching.charts.theme import themed
from coaching.content import LANGUAGES, catalog

# the command line: `python -m coaching` would run it on import, and no page uses it
_NOT_SERVED = ("coaching.__main__", "coaching.cli")


@asynccontextmanager
async def lifespan(_app):
    load_and_freeze()
    yield


def load_and_freeze() -> None:
    for module in pkgutil.walk_packages(coaching.__path__, "coaching."):
        if not module.name.startswith(_NOT_SERVED):
            importlib.import_module(module.name)
    for lang in LANGUAGES:
        catalog(lang)
        themed([{"type": "bar", "x": ["a"], "y": [1]}], {}, lang).to_plotly_json()
    gc.collect()
    gc.freeze()
