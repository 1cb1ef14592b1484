"""Import CRM deal exports and invoice exports as they really come (pure: no Streamlit here).

read_table -> choose source and mapping -> check -> store. Nothing is written before `store`,
and `store` writes in one transaction: all valid rows, or nothing when the person chose so.
"""

from coaching.importing.checking import Checked, Problem, check
from coaching.importing.fields import FIELDS, KINDS, REQUIRED, SOURCES, auto_mapping, detect_source
from coaching.importing.reading import MAX_BYTES, ImportRefused, RawTable, read_table
from coaching.importing.service import (
    MODES,
    Summary,
    import_file,
    mapping_for,
    problem_text,
    store,
)

__all__ = [
    "FIELDS",
    "KINDS",
    "MAX_BYTES",
    "MODES",
    "REQUIRED",
    "SOURCES",
    "Checked",
    "ImportRefused",
    "Problem",
    "RawTable",
    "Summary",
    "auto_mapping",
    "check",
    "detect_source",
    "import_file",
    "mapping_for",
    "problem_text",
    "read_table",
    "store",
]
