"""Team-level results kept until the team's data changes (keyed by its data version).

For derived, non-personal results that many reruns ask for, such as the start page's counts.
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
        with read(engine) as conn:
            version = versions.current(conn, team_id)
        key = (engine.url.render_as_string(), team_id, version, args)
        if key not in results:
            results[key] = compute(engine, team_id, *args)
            while len(results) > MAX_ENTRIES:
                results.popitem(last=False)
        return results[key]

    return cached
