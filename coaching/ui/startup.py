"""Server start-up: load once what every session uses, then take it out of the collector's sight.

With streamlit, pandas, plotly and SQLAlchemy loaded, some 240 000 objects live as long as the
server. A full garbage collection walked them all: 150-190 ms on this project's 2-core machine,
more than most page scripts. Loading the app's modules and content here and then calling
gc.freeze() moves them to the permanent generation, so a collection only looks at what sessions
create. Streamlit's own collection after every run (runner.postScriptGC) is switched off in
.streamlit/config.toml: even frozen, it still took 50-160 ms per rerun once sessions had drawn
their pages, and it held the interpreter lock while the finished page waited to be sent.
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
