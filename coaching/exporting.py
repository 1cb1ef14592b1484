"""Exports that are safe to open in a spreadsheet: formulas neutralised, German CSV conventions."""

import io
from decimal import Decimal

import pandas as pd

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def to_csv(frame: pd.DataFrame, lang: str = "de") -> bytes:
    """Semicolon-separated UTF-8 with BOM (Excel opens it right); decimal comma in German."""
    safe = safe_frame(frame).map(lambda v: float(v) if isinstance(v, Decimal) else v)
    text = safe.to_csv(sep=";", index=False, decimal="," if lang == "de" else ".")
    return "\ufeff".encode() + text.encode("utf-8")


def to_xlsx(frames: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame, every text cell neutralised the same way as in CSV."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            safe_frame(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()
