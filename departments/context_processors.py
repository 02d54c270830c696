from django.utils.functional import SimpleLazyObject

from .access import is_reviewer


def roles(request):
    """``is_reviewer`` for the navigation bar, queried only when a template asks."""
    return {"is_reviewer": SimpleLazyObject(lambda: is_reviewer(request.user))}
