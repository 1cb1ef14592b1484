"""Team-level results kept until the team's data changes (keyed by its data version).

The one data cache: for derived, non-personal results that many reruns ask for (the start page's
counts, the radar's scores, the reasons' observations). The values are shared by every caller of
the team, so callers only read them. Figures drawn from them are kept by
coaching.ui.widgets.drawn_once.
"""

from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from sqlalchemy import Engine

from coaching.store import read, versions

MAX_ENTRIES = 64


def per_data_version(compute: Callable) -> Callable:
    """Memoise compute(engine, team_id, *args) per database, team, data version and args."""
    results: OrderedDict = OrderedDict()

    @wraps(compute)
    def cached(engine: Engine, team_id: int, *args):
        key = (engine.url.render_as_string(), team_id, data_version(engine, team_id), args)
        if key not in results:
            results[key] = compute(engine, team_id, *args)
            while len(results) > MAX_ENTRIES:
                results.popitem(last=False)
        return results[key]

    return cached


def data_version(engine: Engine, team_id: int) -> int:
    """The team's data version: it changes with every write of the team."""
    with read(engine) as conn:
        return versions.current(conn, team_id)
