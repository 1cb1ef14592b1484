"""What a command hands back, and the words it uses."""

import os
from dataclasses import dataclass, field

from sqlalchemy import Engine

from coaching import settings
from coaching.content import catalog
from coaching.store import open_store


@dataclass
class Result:
    ok: bool
    message: str
    data: dict = field(default_factory=dict)


def cli_text(key: str, **values: object) -> str:
    return catalog(cli_lang()).text(key, **values)


def cli_lang() -> str:
    """CLI messages follow LANG: English when it starts with 'en', German otherwise."""
    return "en" if os.environ.get("LANG", "").startswith("en") else "de"


def store() -> Engine:
    return open_store(settings.database_url())


def add_json_flag(parser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")
