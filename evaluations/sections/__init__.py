"""The report's sections, one module each (see ``base.Section``); importing the package
registers them all. ``SECTIONS`` lists them in the order of the 2018 outline.

Every module of this package is imported here, in the order of its name, so a module that
defines a ``@register``ed ``Section`` is all a new section takes (no list of modules to edit).
"""

import importlib
import pkgutil

from ..outlines.builtin import OUTLINE_2018
from .base import Requirement, Section, SectionForms
from .registry import REGISTRY, register, section_choices, section_for, unregister

SECTION_MODULES = tuple(
    importlib.import_module(f"{__name__}.{module.name}")
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name)
)

DEFAULT_ORDER = tuple(entry[0] for entry in OUTLINE_2018["entries"])
SECTIONS = tuple(REGISTRY[slug] for slug in DEFAULT_ORDER)
SECTIONS_BY_SLUG = REGISTRY

__all__ = [
    "DEFAULT_ORDER",
    "REGISTRY",
    "SECTIONS",
    "SECTIONS_BY_SLUG",
    "Requirement",
    "Section",
    "SectionForms",
    "register",
    "section_choices",
    "section_for",
    "unregister",
]
