"""Import CRM deal exports and invoice exports as they really come (pure: no Streamlit here).

read_table -> choose source and mapping -> check -> store. Nothing is written before `store`,
and `store` writes in one transaction: all valid rows, or nothing when the person chose so.
"""

from coaching.importing.checking import Checked, Problem, check
from coaching.importing.fields import FIELDS, KINDS, REQUIRED, SOURCES, auto_mapping, detect_source
from coaching.importing.limits import ImportRefused, Limits, current_limits
from coaching.importing.reading import RawTable, read_table
from coaching.importing.service import (
    MODES,
    Summary,
    import_file,
    mapping_for,
    problem_text,
    skipped_text,
    store,
)

__all__ = [
    "FIELDS",
    "KINDS",
    "MODES",
    "REQUIRED",
    "SOURCES",
    "Checked",
    "ImportRefused",
    "Limits",
    "Problem",
    "RawTable",
    "Summary",
    "auto_mapping",
    "check",
    "current_limits",
    "detect_source",
    "import_file",
    "mapping_for",
    "problem_text",
    "read_table",
    "skipped_text",
    "store",
]
