"""The outline a report follows, as a read-only object the pages, checks and renderer share."""

from dataclasses import dataclass

from django.db.models import Q, prefetch_related_objects

from budgets.importing.layout import Layout, layout_for

from ..checks.snapshot import Narrative
from ..sections import REGISTRY, Section
from .builtin import OUTLINE_2018
from .models import DEFAULT_TEMPLATE, ReportOutline


@dataclass(frozen=True)
class OutlineItem:
    """A section as one outline places it: its number, title and printed heading there."""

    section: Section
    number: str
    title: str
    heading: str
    level: int
    group_heading: str

    @property
    def slug(self) -> str:
        return self.section.slug

    @property
    def anchor(self) -> str:
        return self.section.anchor

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"

    def heading_for(self, year: int) -> str:
        return self.heading.replace("{year}", str(year))


@dataclass(frozen=True)
class Outline:
    name: str
    template: str
    items: tuple[OutlineItem, ...]
    pk: int | None = None

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    @property
    def slugs(self) -> list[str]:
        return [item.slug for item in self.items]

    @property
    def uses_score_table(self) -> bool:
        """Whether a section of this outline reads the report's 评分表 (自评得分情况)."""
        return any(item.section.uses_score_table for item in self.items)

    def narrative_fields(self) -> dict[str, Narrative]:
        """The report's text fields (``Section.narratives``), each with the section of this outline
        whose page edits it and its label: what the checks read and how findings name it."""
        fields: dict[str, Narrative] = {}
        for item in self.items:
            for name, label in item.section.narratives.items():
                if name in fields:
                    raise ValueError(f"{name} is edited by two sections: {fields[name].section} and {item.slug}")
                fields[name] = Narrative(item.slug, label)
        return fields

    def section_numbers(self) -> dict[str, str]:
        """Each section's number in this outline: how check messages and indicator reasons name it."""
        return {item.slug: item.number for item in self.items}

    def get(self, slug: str) -> OutlineItem | None:
        return next((item for item in self.items if item.slug == slug), None)

    def fixed_fields(self, slug: str) -> dict[str, str]:
        """Budget figures the section ``slug`` shows but must not take as input in this outline:
        derived by another section's save, or typed on an earlier page. field → where from."""
        fixed: dict[str, str] = {}
        for item in self.items:
            if item.slug == slug:
                continue
            for name in item.section.derived_budget_fields:
                fixed[name] = f"由“{item.label}”中填写的数自动计算"
        for item in self.items:
            if item.slug == slug:
                break
            for name in item.section.typed_budget_fields:
                fixed.setdefault(name, f"在“{item.label}”中填写")
        return fixed

    def excel_layout(self) -> Layout:
        """The data sheets of this outline's workbook (export, import template and import).

        The sheets of its sections (``Section.excel_sheets``); each budget figure is typed on the
        sheet of the first section typing it, as on the pages (``fixed_fields``), and a figure a
        section's save derives (``derived_budget_fields``) is computed on every sheet that shows it."""
        derived = {name for item in self.items for name in item.section.derived_budget_fields}
        typed_in: dict[str, str] = {}
        for item in self.items:
            for name in item.section.typed_budget_fields:
                if name not in derived:
                    typed_in.setdefault(name, item.section.excel_sheets[0] if item.section.excel_sheets else "")
        sheets = [name for item in self.items for name in item.section.excel_sheets]
        return layout_for(sheets, typed_in=typed_in, derived=derived)


def _item(section_slug, number, title, heading, level, group_heading) -> OutlineItem | None:
    section = REGISTRY.get(section_slug)
    if section is None:  # a section module no longer shipped: the outline skips it
        return None
    return OutlineItem(section, number, title, heading, level, group_heading)


def outline_from_data(data: dict) -> Outline:
    items = (_item(*entry) for entry in data["entries"])
    return Outline(name=data["name"], template=DEFAULT_TEMPLATE, items=tuple(i for i in items if i))


DEFAULT_OUTLINE = outline_from_data(OUTLINE_2018)


def outline_from_model(outline: ReportOutline) -> Outline:
    entries = sorted(outline.entries.all(), key=lambda e: (e.order, e.pk))
    items = (_item(e.section, e.number, e.title, e.heading, e.level, e.group_heading) for e in entries)
    return Outline(
        name=outline.name,
        template=outline.template or DEFAULT_TEMPLATE,
        items=tuple(i for i in items if i),
        pk=outline.pk,
    )


def outline_choose(outlines, *, region_id: int | None, year: int) -> ReportOutline | None:
    """Pure: of ``outlines`` (any order), the newest active one of the region from ``year`` or
    earlier, else the newest default one (the later-made of two from the same year)."""
    eligible = [outline for outline in outlines if outline.active and outline.from_year <= year]
    regional = [outline for outline in eligible if region_id and outline.region_id == region_id]
    pool = regional or [outline for outline in eligible if outline.region_id is None]
    return max(pool, key=lambda outline: (outline.from_year, outline.pk), default=None)


def outline_candidates(*, region_ids, max_year: int) -> list[ReportOutline]:
    """In one query: every outline that may apply to reports of ``region_ids`` up to ``max_year``."""
    applicable = Q(active=True, from_year__lte=max_year) & (Q(region__isnull=True) | Q(region_id__in=set(region_ids)))
    return list(ReportOutline.objects.filter(applicable).select_related("region"))


def outline_applicable(*, region_id: int | None, year: int) -> ReportOutline | None:
    """The newest active outline of the region from this year or earlier, else the newest default one."""
    candidates = outline_candidates(region_ids=[region_id] if region_id else [], max_year=year)
    return outline_choose(candidates, region_id=region_id, year=year)


def outline_for(evaluation) -> Outline:
    """The outline the report started with (read-only: resolving it never writes)."""
    if evaluation.outline_id is not None:
        return outline_from_model(evaluation.outline)
    applicable = outline_applicable(region_id=evaluation.department.region_id, year=evaluation.fiscal_year_id)
    return outline_from_model(applicable) if applicable is not None else DEFAULT_OUTLINE


def outlines_for(evaluations) -> dict[int, Outline]:
    """``outline_for`` of many reports by pk, in a fixed number of queries (one per region and year
    among the reports that have no outline fixed yet)."""
    evaluations = list(evaluations)
    prefetch_related_objects([e for e in evaluations if e.outline_id is not None], "outline__entries")
    applicable: dict[tuple, Outline] = {}
    result = {}
    for evaluation in evaluations:
        if evaluation.outline_id is not None:
            result[evaluation.pk] = outline_from_model(evaluation.outline)
            continue
        key = (evaluation.department.region_id, evaluation.fiscal_year_id)
        if key not in applicable:
            found = outline_applicable(region_id=key[0], year=key[1])
            applicable[key] = outline_from_model(found) if found is not None else DEFAULT_OUTLINE
        result[evaluation.pk] = applicable[key]
    return result
