"""``{% load findings %}``: pick the findings of one field out of ``findings_for_section(...)``."""

from django import template

register = template.Library()


@register.filter
def at(section_findings, field: str) -> list:
    """``section_findings|at:"staff_excess_reason"`` → the findings shown at that field."""
    if not section_findings:
        return []
    return section_findings.get(field, [])


@register.filter
def at_any(section_findings, fields: str) -> list:
    """``section_findings|at_any:"basic_initial,project_initial"`` → findings of any of these fields."""
    if not section_findings:
        return []
    return [view for field in fields.split(",") for view in section_findings.get(field.strip(), [])]
