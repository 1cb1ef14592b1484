"""Read the first sheet of an XLSX within the import ceilings, never trusting what it declares.

The archive's parts are measured before anything is unpacked (a zip bomb is refused by its
declared sizes; Python's zipfile never unpacks a part beyond its declared size). The sheet is
then streamed row by row through openpyxl's own sheet parser (not its read-only worksheet, which
pads rows to the declared dimension, and parses a sheet without one twice). Only filled cells
are kept, so a sheet that declares a far corner ("A1:XFD1048576") costs what it holds.
"""

import io
import struct
import zipfile
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from coaching.importing.limits import ImportRefused, Limits, megabytes

MAX_PARTS = 2000  # a workbook from a CRM has a dozen parts
_RATIO_FROM = 1024 * 1024  # small parts may pack tightly without harm


def xlsx_rows(data: bytes, limits: Limits) -> list[list[str]]:
    """The first sheet's filled rows as text cells (rows may differ in width)."""
    _check_archive(data, limits)
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        target = next(
            rel.target
            for _sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        )
    except Exception as exc:  # openpyxl raises many kinds on damaged workbooks
        raise ImportRefused("data.refused.not_xlsx") from exc
    try:
        return _filled_rows(reader, target, limits)
    except (ParseError, zipfile.BadZipFile, ValueError, KeyError, TypeError) as exc:
        raise ImportRefused("data.refused.not_xlsx") from exc  # damaged sheet XML or cell
    finally:
        reader.archive.close()


def _check_archive(data: bytes, limits: Limits) -> None:
    if _declared_parts(data) > MAX_PARTS:
        raise ImportRefused("data.refused.not_xlsx")
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused("data.refused.not_xlsx") from exc
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.unpacked_bytes:
        raise ImportRefused(
            "data.refused.xlsx_unpacked",
            size=megabytes(unpacked),
            limit=megabytes(limits.unpacked_bytes),
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _RATIO_FROM and ratio > limits.ratio:
            raise ImportRefused("data.refused.xlsx_ratio", ratio=round(ratio), limit=limits.ratio)


def _declared_parts(data: bytes) -> int:
    """The part count from the end-of-archive record, read before zipfile lists every part."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise ImportRefused("data.refused.not_xlsx")
    (count,) = struct.unpack("<H", data[end + 10 : end + 12])
    return MAX_PARTS + 1 if count == 0xFFFF else count


def _filled_rows(reader, target: str, limits: Limits) -> list[list[str]]:
    """Filled rows only, each as wide as its last filled cell; refused at the first excess."""
    from openpyxl.worksheet._reader import WorkSheetParser

    rows: list[list[str]] = []
    cells = 0
    with reader.archive.open(target) as source:
        parser = WorkSheetParser(
            source,
            reader.shared_strings,
            data_only=True,
            epoch=reader.wb.epoch,
            date_formats=reader.wb._date_formats,
            timedelta_formats=reader.wb._timedelta_formats,
        )
        for _line, cells_of_row in parser.parse():
            filled = [(c["column"], text) for c in cells_of_row if (text := cell_text(c["value"]))]
            filled = [(column, text) for column, text in filled if text.strip()]
            if not filled:
                continue
            if len(rows) > limits.rows:  # the header and `rows` data rows are kept
                raise ImportRefused("data.refused.too_many_rows_at_least", limit=limits.rows)
            width = filled[-1][0]
            if width > limits.columns:
                raise ImportRefused(
                    "data.refused.too_many_columns", columns=width, limit=limits.columns
                )
            cells += len(filled)
            if cells > limits.cells:
                raise ImportRefused("data.refused.too_many_cells", cells=cells, limit=limits.cells)
            row = [""] * width
            for column, text in filled:
                row[column - 1] = text
            rows.append(row)
    return rows


def cell_text(value: object) -> str:
    """A cell as the text a CSV export would hold: ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
