"""Strict import of budget figures from an Excel workbook (the layout in ``layout``).

preview = budget_import_prepare(department=…, fiscal_year_id=…, data=bytes)   # writes nothing
if preview.ok: budget_import_apply(department=…, fiscal_year_id=…, state=preview.state,
                                   baseline=preview.baseline)                  # atomic
"""

from .changes import Change
from .reader import Problem
from .safety import MAX_UPLOAD_BYTES, FileRefused, too_large_message
from .service import ImportConflict, ImportPreview, budget_import_apply, budget_import_prepare
from .state import state_from_json, state_to_json

__all__ = [
    "MAX_UPLOAD_BYTES",
    "Change",
    "FileRefused",
    "ImportConflict",
    "ImportPreview",
    "Problem",
    "budget_import_apply",
    "budget_import_prepare",
    "state_from_json",
    "state_to_json",
    "too_large_message",
]
