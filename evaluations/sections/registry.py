"""Every section module registers its ``Section`` here; nothing else lists sections by slug.

The package imports each of its modules (``evaluations/sections/__init__.py``), so a module's
``@register`` is all it takes; an outline (``evaluations.outlines``) places the registered sections.
Where no report's outline is at hand (pure code ordering findings), the shipped outlines' order
stands in: ``outlines.builtin.SHIPPED_ORDER``; labels come from the report's outline.
"""

from .base import Section

REGISTRY: dict[str, Section] = {}


def register(section_class: type[Section]) -> type[Section]:
    """Class decorator: make the section available to outlines by its slug."""
    section = section_class()
    if section.slug in REGISTRY and type(REGISTRY[section.slug]) is not section_class:
        raise ValueError(f"two sections use the slug {section.slug!r}")
    REGISTRY[section.slug] = section
    return section_class


def unregister(slug: str) -> None:
    REGISTRY.pop(slug, None)


def section_for(slug: str) -> Section:
    """The section with this slug; ``KeyError`` for an unknown slug."""
    return REGISTRY[slug]


def section_choices() -> list[tuple[str, str]]:
    return [(slug, section.title) for slug, section in REGISTRY.items()]
