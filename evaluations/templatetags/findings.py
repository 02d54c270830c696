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


@register.filter
def every(section_findings) -> list:
    """All findings of the section once each (a finding may be shown at several fields)."""
    seen, result = set(), []
    for views in (section_findings or {}).values():
        for view in views:
            if view.finding.key not in seen:
                seen.add(view.finding.key)
                result.append(view)
    return sorted(result, key=lambda view: view.finding.sort_key())
