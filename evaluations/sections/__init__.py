"""The report's sections, one module each (see ``base.Section``); importing the package
registers them all. Which sections a report has, and in which order, is its outline's
(``evaluations.outlines``).

Every module of this package is imported here, in the order of its name, so a module that
defines a ``@register``ed ``Section`` is all a new section takes (no list of modules to edit).
"""

import importlib
import pkgutil

from .base import Requirement, Section, SectionForms
from .registry import REGISTRY, register, section_choices, section_for, unregister

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "REGISTRY",
    "Requirement",
    "Section",
    "SectionForms",
    "register",
    "section_choices",
    "section_for",
    "unregister",
]
