"""The report's sections, one module each (see ``base.Section``); importing the package
registers them all. ``SECTIONS`` lists them in the order of the 2018 outline."""

from . import (  # noqa: F401  (each module registers its section)
    basic_data,
    budget_table,
    goals,
    income_spending,
    performance,
    problems,
    profile,
    projects,
    score_summary,
    spending,
    three_public,
    variance,
)
from .base import Requirement, Section, SectionForms
from .registry import REGISTRY, register, section_choices, section_for, unregister

DEFAULT_ORDER = (
    "profile",
    "spending",
    "goals",
    "budget-table",
    "three-public",
    "variance",
    "projects",
    "performance",
    "problems",
    "basic-data",
)
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
