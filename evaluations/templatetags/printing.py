"""How the approved (final) report prints what the draft shows as a prompt to the 填报人."""

from django import template

from ..scoring.basic_data import NOT_FILLED

register = template.Library()


@register.simple_tag(takes_context=True)
def printed(context, value):
    """``{% printed value %}``: where the context says ``final`` (the approved report), an optional
    figure left empty prints as 「—」, not as the draft's prompt 「未填写」 (every required figure
    is guaranteed by the gates). Elsewhere the value as it is."""
    return "—" if context.get("final") and value == NOT_FILLED else value
