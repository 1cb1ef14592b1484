"""The one formatter and parser for numbers, money and dates, German and English.

People type "12.500,00", "12,500.00" or "12500"; files write "03.02.2024" or "2024-02-03T10:00".
Everything shown goes out in the person's language: 1.234,5 € and 23.11.2026 in German.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

_GERMAN = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")
_ENGLISH = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+\.\d+$")
_PLAIN = re.compile(r"^-?\d+$")
_GERMAN_TIME = re.compile(r"^(\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))[ T]\d{1,2}:\d{2}(?::\d{2})?$")
_CURRENCY = re.compile(r"\s*(€|eur|euro|usd|\$)\s*", re.IGNORECASE)


class ParseError(ValueError):
    """A value that is not a number or date; `key` names the message for the user."""

    def __init__(self, key: str, value: str) -> None:
        super().__init__(f"{key}: {value!r}")
        self.key = key
        self.value = value


def parse_number(text: str | float | int | None) -> Decimal | None:
    """Read a number the way people and spreadsheets write it; None for an empty cell."""
    if text is None:
        return None
    if isinstance(text, int | float | Decimal):
        return Decimal(str(text))
    raw = _CURRENCY.sub("", text.strip().replace("\u00a0", "").replace(" ", ""))
    if not raw:
        return None
    if _PLAIN.match(raw):
        normal = raw
    elif _GERMAN.match(raw) and not _ENGLISH.match(raw):
        normal = raw.replace(".", "").replace(",", ".")
    elif _ENGLISH.match(raw) and not _GERMAN.match(raw):
        normal = raw.replace(",", "")
    elif re.fullmatch(r"-?\d{1,3}[.,]\d{3}", raw):
        normal = raw.replace(".", "").replace(",", "")  # "12.500" or "12,500": a thousands group
    else:
        raise ParseError("format.not_a_number", text)
    try:
        return Decimal(normal)
    except InvalidOperation as exc:
        raise ParseError("format.not_a_number", text) from exc


def parse_date(text: str | date | None) -> date | None:
    """dd.mm.yyyy or d.m.yy (with or without hh:mm), ISO with or without time; None if empty."""
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = _GERMAN_TIME.sub(r"\1", text.strip())  # Excel re-saves write "27.11.2025 16:51"
    if not raw:
        return None
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise ParseError("format.not_a_date", text) from exc


def number(value: float | Decimal | None, lang: str, decimals: int = 0) -> str:
    if value is None:
        return "–"
    english = f"{float(value):,.{decimals}f}"
    if lang == "en":
        return english
    return english.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def money(value: float | Decimal | None, lang: str, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return (
        f"{number(value, lang, decimals)} €"
        if lang == "de"
        else f"€{number(value, lang, decimals)}"
    )


def percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """share is a fraction (0.34 → "34 %" in German, "34%" in English)."""
    if share is None:
        return "–"
    figure = number(share * 100, lang, decimals)
    return f"{figure} %" if lang == "de" else f"{figure}%"


def day(value: date | None, lang: str) -> str:
    if value is None:
        return "–"
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


def quarter(value: date, lang: str) -> str:
    """'Q3 2026' in both languages: the form German business writing uses too."""
    return f"Q{(value.month - 1) // 3 + 1} {value.year}"


def plotly_separators(lang: str) -> str:
    """Plotly's `separators` layout value: decimal mark first, thousands mark second."""
    return ",." if lang == "de" else ".,"
