"""The ceilings an upload must stay under, checked before and while it is parsed.

A refusal names the ceiling and the file's own figure, so the person knows how far off the file
is; the operator sets the ceilings (coaching/settings.py).
"""

from dataclasses import dataclass

from coaching import settings
from coaching.content import catalog
from coaching.formatting import number

MEGABYTE = 1024 * 1024


class ImportRefused(Exception):
    """The whole file cannot be read; `key` names a message: what is wrong, what to do."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def values_in(self, lang: str) -> dict[str, object]:
        """The message's values the person's way: figures as 200.000 / 200,000, a field by its
        label ('Betrag'), never its key."""
        words = catalog(lang)
        shown = {}
        for name, value in self.values.items():
            if isinstance(value, int | float):
                value = number(value, lang, 1 if isinstance(value, float) else 0)
            elif name == "field" and f"data.field.{value}" in words.strings:
                value = words.text(f"data.field.{value}")
            shown[name] = value
        return shown


@dataclass(frozen=True)
class Limits:
    bytes: int
    rows: int
    columns: int
    cells: int
    unpacked_bytes: int
    ratio: int

    def check_size(self, size: int) -> None:
        if size > self.bytes:
            raise ImportRefused(
                "data.refused.too_big", size=megabytes(size), limit=megabytes(self.bytes)
            )

    def check_shape(self, rows: int, columns: int) -> None:
        """Rows are data rows (without the header); refused beyond any of the three ceilings."""
        if columns > self.columns:
            raise ImportRefused(
                "data.refused.too_many_columns", columns=columns, limit=self.columns
            )
        if rows > self.rows:
            raise ImportRefused("data.refused.too_many_rows", rows=rows, limit=self.rows)
        if rows * columns > self.cells:
            raise ImportRefused(
                "data.refused.too_many_cells", cells=rows * columns, limit=self.cells
            )


def current_limits() -> Limits:
    """The ceilings as the operator set them (environment), else the declared defaults."""
    return Limits(
        bytes=int(float(settings.IMPORT_MAX_MB.value()) * MEGABYTE),
        rows=int(settings.IMPORT_MAX_ROWS.value()),
        columns=int(settings.IMPORT_MAX_COLUMNS.value()),
        cells=int(settings.IMPORT_MAX_CELLS.value()),
        unpacked_bytes=int(float(settings.IMPORT_XLSX_MAX_UNPACKED_MB.value()) * MEGABYTE),
        ratio=int(settings.IMPORT_XLSX_MAX_RATIO.value()),
    )


def megabytes(size: int) -> float:
    return round(size / MEGABYTE, 1)
