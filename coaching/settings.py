"""Every setting Funkstille reads from the environment, declared once with default and help text."""

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env, self.default)


DATABASE_URL = Setting(
    "FUNKSTILLE_DATABASE_URL",
    f"sqlite:///{PROJECT_ROOT / 'data' / 'funkstille.db'}",
    "SQLAlchemy URL of the store; SQLite file by default, e.g. postgresql+psycopg://…",
)
CONTENT_DIR = Setting(
    "FUNKSTILLE_CONTENT_DIR",
    str(PROJECT_ROOT / "data" / "content"),
    "Folder with one sub-folder of YAML content per language (de, en).",
)
SESSION_DAYS = Setting(
    "FUNKSTILLE_SESSION_DAYS", "14", "Days a sign-in stays valid without activity."
)
COOKIE_SECURE = Setting(
    "FUNKSTILLE_COOKIE_SECURE",
    "0",
    "Set to 1 behind HTTPS so the session cookie is only sent over TLS.",
)
MIN_GROUP_SIZE = Setting(
    "FUNKSTILLE_MIN_GROUP_SIZE",
    "5",
    "Default smallest group whose aggregates a manager may see (never below 3).",
)
TEST_POSTGRES_URL = Setting(
    "FUNKSTILLE_TEST_POSTGRES_URL",
    "",
    "Tests only: a PostgreSQL URL; when set, store tests also run against PostgreSQL.",
)

ALL = [DATABASE_URL, CONTENT_DIR, SESSION_DAYS, COOKIE_SECURE, MIN_GROUP_SIZE, TEST_POSTGRES_URL]


def database_url() -> str:
    return DATABASE_URL.value()


def session_days() -> int:
    return int(SESSION_DAYS.value())


def cookie_secure() -> bool:
    return COOKIE_SECURE.value() == "1"


def min_group_size() -> int:
    """The smallest group a new team's aggregates may show (FUNKSTILLE_MIN_GROUP_SIZE)."""
    return max(3, int(MIN_GROUP_SIZE.value()))


def content_dir() -> Path:
    return Path(CONTENT_DIR.value())
