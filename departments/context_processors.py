from django.utils.functional import SimpleLazyObject

from .access import is_auditor, is_reviewer


def roles(request):
    """``is_reviewer`` and ``is_auditor`` for the navigation bar, queried only when a template asks."""
    return {
        "is_reviewer": SimpleLazyObject(lambda: is_reviewer(request.user)),
        "is_auditor": SimpleLazyObject(lambda: is_auditor(request.user)),
    }
