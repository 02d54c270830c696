"""What the management commands share: naming a report by department and year."""

from django.core.management.base import CommandError

from departments.selectors import department_by_code_or_name

from .models import Evaluation
from .selectors import evaluation_queryset

NOT_FOUND = 2  # the exit status of every command for an unknown department or year


def report_from_arguments(department: str, year: int) -> Evaluation:
    """The report of ``department`` (预算编码 or 单位全称) for ``year``, or a Chinese error with exit status 2."""
    found = department_by_code_or_name(department)
    if found is None:
        raise CommandError(
            f"未找到部门“{department}”：请填写部门预算编码或单位全称（可在管理后台“部门”中查看）。",
            returncode=NOT_FOUND,
        )
    evaluation = evaluation_queryset().filter(department=found, fiscal_year_id=year).first()
    if evaluation is None:
        raise CommandError(f"{found.full_name}没有{year}年度的绩效自评报告。", returncode=NOT_FOUND)
    return evaluation
