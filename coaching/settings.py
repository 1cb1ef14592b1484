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
PUBLIC_URL = Setting(
    "FUNKSTILLE_PUBLIC_URL",
    "",
    "Address people reach the app at (e.g. https://funkstille.firma.de), for links in mails and "
    "calendar feeds; without it the app's own address is used, the CLI uses http://localhost:8501.",
)
SMTP_HOST = Setting(
    "FUNKSTILLE_SMTP_HOST", "", "SMTP server for the e-mail digest; no mail is sent while empty."
)
SMTP_PORT = Setting(
    "FUNKSTILLE_SMTP_PORT", "", "SMTP port; empty: 587 for starttls, 465 for ssl, 25 for none."
)
SMTP_SECURITY = Setting(
    "FUNKSTILLE_SMTP_SECURITY",
    "starttls",
    "starttls (upgrade a plain connection), ssl (TLS from the start) or none (local relay only).",
)
SMTP_USER = Setting("FUNKSTILLE_SMTP_USER", "", "SMTP user name; empty: no login.")
SMTP_PASSWORD = Setting(
    "FUNKSTILLE_SMTP_PASSWORD", "", "SMTP password (a secret: keep it out of git)."
)
SMTP_SENDER = Setting(
    "FUNKSTILLE_SMTP_SENDER",
    "",
    'Sender of every mail, e.g. "Funkstille <funkstille@firma.de>"; no mail is sent while empty.',
)
SMTP_TIMEOUT = Setting("FUNKSTILLE_SMTP_TIMEOUT", "30", "Seconds to wait for the SMTP server.")
SMTP_CA_FILE = Setting(
    "FUNKSTILLE_SMTP_CA_FILE", "", "Extra CA certificate (PEM) to trust for the SMTP server's TLS."
)
TEST_POSTGRES_URL = Setting(
    "FUNKSTILLE_TEST_POSTGRES_URL",
    "",
    "Tests only: a PostgreSQL URL; when set, store tests also run against PostgreSQL.",
)

IMPORT_MAX_MB = Setting(
    "FUNKSTILLE_IMPORT_MAX_MB",
    "50",
    "Largest import file in MB; below server.maxUploadSize, larger files get the app's message.",
)
IMPORT_MAX_ROWS = Setting(
    "FUNKSTILLE_IMPORT_MAX_ROWS", "200000", "Most data rows one import file may have."
)
IMPORT_MAX_COLUMNS = Setting(
    "FUNKSTILLE_IMPORT_MAX_COLUMNS", "200", "Most columns one import file may have."
)
IMPORT_MAX_CELLS = Setting(
    "FUNKSTILLE_IMPORT_MAX_CELLS",
    "4000000",
    "Most filled cells (rows x columns) one import file may have; bounds the memory of a read.",
)
IMPORT_XLSX_MAX_UNPACKED_MB = Setting(
    "FUNKSTILLE_IMPORT_XLSX_MAX_UNPACKED_MB",
    "200",
    "Most MB an XLSX may unpack to (all its parts together), checked before it is opened.",
)
IMPORT_XLSX_MAX_RATIO = Setting(
    "FUNKSTILLE_IMPORT_XLSX_MAX_RATIO",
    "100",
    "Highest compression ratio of one XLSX part over 1 MB; a zip bomb packs far tighter.",
)

ALL = [
    DATABASE_URL,
    CONTENT_DIR,
    SESSION_DAYS,
    COOKIE_SECURE,
    MIN_GROUP_SIZE,
    PUBLIC_URL,
    SMTP_HOST,
    SMTP_PORT,
    SMTP_SECURITY,
    SMTP_USER,
    SMTP_PASSWORD,
    SMTP_SENDER,
    SMTP_TIMEOUT,
    SMTP_CA_FILE,
    IMPORT_MAX_MB,
    IMPORT_MAX_ROWS,
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_CELLS,
    IMPORT_XLSX_MAX_UNPACKED_MB,
    IMPORT_XLSX_MAX_RATIO,
    TEST_POSTGRES_URL,
]


def database_url() -> str:
    return DATABASE_URL.value()


def session_days() -> int:
    return int(SESSION_DAYS.value())


def cookie_secure() -> bool:
    return COOKIE_SECURE.value() == "1"


def public_url(fallback: str | None = None) -> str:
    """The app's public address without a trailing slash; fallback when none is configured."""
    return (PUBLIC_URL.value().strip() or fallback or "http://localhost:8501").rstrip("/")


def min_group_size() -> int:
    """The smallest group a new team's aggregates may show (FUNKSTILLE_MIN_GROUP_SIZE)."""
    return max(3, int(MIN_GROUP_SIZE.value()))


def content_dir() -> Path:
    return Path(CONTENT_DIR.value())
