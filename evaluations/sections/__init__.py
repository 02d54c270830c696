"""The report's sections, one module each (see ``base.Section``); importing the package
registers them all. Which sections a report has, and in which order, is its outline's
(``evaluations.outlines``)."""

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
