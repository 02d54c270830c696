"""Every file that leaves the system through a download is recorded in the security log
(等保 2.0 安全审计): who, when, from where, which report or which list.

Applied to the download views where their URLs are declared (``reports/urls.py``,
``reports/excel_urls.py``), so the views themselves stay as they are. The event is written before
the response is returned; a download whose event cannot be written fails instead of going unrecorded.
"""

import re
from functools import wraps
from urllib.parse import unquote

from departments.audit import audit_security
from departments.models import AuditAction
from evaluations.models import Evaluation

_FILENAME = re.compile(r"filename\*=UTF-8''([^;]+)|filename=\"([^\"]*)\"")


def _filename(response) -> str:
    match = _FILENAME.search(response.get("Content-Disposition", ""))
    if not match:
        return ""
    return unquote(match.group(1)) if match.group(1) else match.group(2)


def audited_download(kind: str):
    """Record a successful (200) response of the view as a download of ``kind`` (e.g. "PDF")."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                evaluation = None
                if "pk" in kwargs:
                    evaluation = Evaluation.objects.filter(pk=kwargs["pk"]).select_related("department").first()
                audit_security(
                    AuditAction.DOWNLOAD,
                    request=request,
                    department_id=evaluation.department_id if evaluation else None,
                    fiscal_year_id=evaluation.fiscal_year_id if evaluation else None,
                    object_label=f"{kind}「{_filename(response) or request.path}」",
                    field=kind,
                    new_value=request.get_full_path(),
                )
            return response

        return wrapped

    return decorator
