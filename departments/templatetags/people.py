from django import template

from departments.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """``{{ comment.author|person }}``: the person's 姓名, else the username."""
    return person_name(user)
