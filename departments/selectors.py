"""Reads of departments."""

from .models import Department


def department_by_code_or_name(value: str) -> Department | None:
    """A department by its 预算编码 or its 单位全称 (how people name it on a command line)."""
    value = value.strip()
    if not value:
        return None
    return Department.objects.filter(code=value).first() or Department.objects.filter(full_name=value).first()
