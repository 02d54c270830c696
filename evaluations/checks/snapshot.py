"""A read-only snapshot of one report, built once from the database and given to every rule.

Rules and indicator computations read only this snapshot, so they are pure functions that tests
can feed with hand-made data, without a database. ``evaluations.snapshots`` builds it from
``evaluations.selectors.report_bundle`` plus last year's budget of the same department, and gives
it the report's text fields as its outline's sections declare them (``Section.narratives``).
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from budgets.fields import BUDGET_AMOUNT_FIELDS, PRIOR_RECORD_FIELDS, PRIOR_YEAR_SHORT_LABELS, PROJECT_LINE_LABELS
from budgets.models import ThreePublicKind
from budgets.money import total
from evaluations.outlines.builtin import OUTLINE_2018

# The 2018 outline's numbers, for a snapshot built without an outline (tests, pure callers).
DEFAULT_SECTION_NUMBERS = {entry[0]: entry[1] for entry in OUTLINE_2018["entries"]}


@dataclass(frozen=True)
class Narrative:
    """Where a text field of ``Evaluation`` (written by the user) is typed: the section of the
    report's outline whose page edits it, and the field's label in findings. Declared by the section
    modules (``Section.narratives``), collected by ``Outline.narrative_fields``."""

    section: str
    label: str


THREE_PUBLIC_KINDS = tuple(ThreePublicKind.values)
THREE_PUBLIC_LABELS = dict(ThreePublicKind.choices)


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    year: int


@dataclass(frozen=True)
class FunctionalLine:
    row: int  # 1-based position in the report
    category: Category
    label: str  # the wording in the report (display name, else the catalogue name)
    amount: Decimal | None


@dataclass(frozen=True)
class ProjectLine:
    row: int
    name: str
    category: Category | None
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    actual: Decimal | None = None
    is_key: bool = False
    purpose: str = ""
    management: str = ""

    def amount(self, column: str) -> Decimal | None:
        return getattr(self, column)


@dataclass(frozen=True)
class ThreePublic:
    kind: str
    budget: Decimal | None
    actual: Decimal | None
    prior_year_actual: Decimal | None = None

    @property
    def label(self) -> str:
        return THREE_PUBLIC_LABELS[self.kind]


@dataclass(frozen=True)
class Budget:
    """The amounts of a ``DepartmentBudget`` by field name; ``budget.project_actual`` works too."""

    amounts: Mapping[str, Decimal | None]

    def __post_init__(self):
        unknown = set(self.amounts) - set(BUDGET_AMOUNT_FIELDS)
        if unknown:
            raise ValueError(f"unknown budget fields {sorted(unknown)}")
        full = {name: self.amounts.get(name) for name in BUDGET_AMOUNT_FIELDS}
        object.__setattr__(self, "amounts", MappingProxyType(full))

    def __getattr__(self, name):
        amounts = self.__dict__.get("amounts")
        if amounts is not None and name in amounts:
            return amounts[name]
        raise AttributeError(name)

    def column(self, column: str) -> dict:
        basic, project = self.amounts[f"basic_{column}"], self.amounts[f"project_{column}"]
        return {
            "total": total(basic, project),
            "basic": basic,
            "project": project,
            "special": self.amounts[f"special_{column}"],
        }

    def total(self, column: str) -> Decimal | None:
        return self.column(column)["total"]


@dataclass(frozen=True)
class Profile:
    staff_quota: int | None
    staff_actual: int | None
    staff_excess_reason: str = ""
    duties: str = ""
    leadership: tuple[tuple[str, int], ...] = ()
    divisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class PriorYear:
    """Last year's record of the same department, when the system has one."""

    year: int
    budget: Budget
    three_public: tuple[ThreePublic, ...] = ()


# 上年数: the record's figure → (the field entered this year when there is no record, its label).
PRIOR_BUDGET_FIGURES = {
    record: (entered, PRIOR_YEAR_SHORT_LABELS[entered]) for entered, record in PRIOR_RECORD_FIELDS.items()
}
PRIOR_RECORD = "record"
PRIOR_ENTERED = "entered"


@dataclass(frozen=True)
class PriorFigure:
    """One of last year's figures: last year's record wins; else the 上年数 entered this year."""

    label: str
    value: Decimal | None
    source: str  # PRIOR_RECORD, PRIOR_ENTERED or "" (neither)
    record: Decimal | None = None
    entered: Decimal | None = None

    def source_label(self, year: int) -> str:
        if self.source == PRIOR_RECORD:
            return f"{year}年度记录"
        if self.source == PRIOR_ENTERED:
            return "填报的上年数"
        return "未填写"


def _prior_figure(label, record, entered) -> PriorFigure:
    if record is not None:
        return PriorFigure(label, record, PRIOR_RECORD, record, entered)
    if entered is not None:
        return PriorFigure(label, entered, PRIOR_ENTERED, record, entered)
    return PriorFigure(label, None, "", record, entered)


def _complete_total(values) -> Decimal | None:
    values = list(values)
    if not values or any(value is None for value in values):
        return None
    return total(*values)


@dataclass(frozen=True)
class TextItem:
    """A piece of text the user wrote, with where it lives."""

    section: str
    field: str
    label: str
    text: str
    row: int | None = None


@dataclass(frozen=True)
class ReportSnapshot:
    year: int
    department: str
    profile: Profile | None = None
    budget: Budget | None = None
    functional_lines: tuple[FunctionalLine, ...] = ()
    project_lines: tuple[ProjectLine, ...] = ()
    three_public: tuple[ThreePublic, ...] = ()
    prior: PriorYear | None = None
    narratives: Mapping[str, str] = field(default_factory=dict)  # text field → the text
    narrative_fields: Mapping[str, Narrative] = field(default_factory=dict)  # the report's text fields
    goals: tuple[str, ...] = ()
    key_work: tuple[str, ...] = ()
    # section slug → its number in the report's outline (「二（一）」, 「三（一）」): how messages name it
    section_numbers: Mapping[str, str] = field(default_factory=dict)

    def section_number(self, slug: str) -> str:
        """The number the report's outline gives section ``slug`` (the 2018 outline's when none is given)."""
        return self.section_numbers.get(slug) or DEFAULT_SECTION_NUMBERS.get(slug, "")

    def __post_init__(self):
        unknown = set(self.narratives) - set(self.narrative_fields)
        if unknown:
            raise ValueError(f"narrative fields no section of the report edits: {sorted(unknown)}")
        full = {name: self.narratives.get(name, "") for name in self.narrative_fields}
        object.__setattr__(self, "narratives", MappingProxyType(full))
        object.__setattr__(self, "narrative_fields", MappingProxyType(dict(self.narrative_fields)))

    def three_public_by_kind(self) -> dict[str, ThreePublic]:
        return {line.kind: line for line in self.three_public}

    # ------------------------------------------------------------ last year's figures

    def prior_figure(self, name: str) -> PriorFigure:
        """Last year's 决算 of a budget figure (``PRIOR_BUDGET_FIGURES``), of a 三公 kind, of
        ``three_public_actual`` / ``three_public_budget`` (totals of the four kinds; the budget total
        may be entered as one figure when the split is unknown)."""
        record = self.prior
        entered = self.budget.amounts if self.budget is not None else {}
        if name in PRIOR_BUDGET_FIGURES:
            field, label = PRIOR_BUDGET_FIGURES[name]
            return _prior_figure(label, record.budget.amounts.get(name) if record else None, entered.get(field))
        if name in THREE_PUBLIC_LABELS:
            recorded = {line.kind: line.actual for line in record.three_public} if record else {}
            typed = {line.kind: line.prior_year_actual for line in self.three_public}
            return _prior_figure(THREE_PUBLIC_LABELS[name], recorded.get(name), typed.get(name))
        if name == "three_public_actual":
            recorded = {line.kind: line.actual for line in record.three_public} if record else {}
            typed = {line.kind: line.prior_year_actual for line in self.three_public}
            return _prior_figure(
                "“三公”经费决算合计",
                _complete_total(recorded.get(kind) for kind in THREE_PUBLIC_KINDS),
                _complete_total(typed.get(kind) for kind in THREE_PUBLIC_KINDS),
            )
        if name == "three_public_budget":
            recorded = {line.kind: line.budget for line in record.three_public} if record else {}
            return _prior_figure(
                "“三公”经费预算合计",
                _complete_total(recorded.get(kind) for kind in THREE_PUBLIC_KINDS),
                entered.get("prior_three_public_budget"),
            )
        raise KeyError(name)

    def user_texts(self) -> Iterator[TextItem]:
        """Every text the user wrote (drafted sentences excluded: they come from the figures)."""
        for name, place in self.narrative_fields.items():
            if self.narratives[name].strip():
                yield TextItem(place.section, name, place.label, self.narratives[name])
        if self.profile is not None:
            if self.profile.duties:
                yield TextItem("profile", "duties", "主要职责", self.profile.duties)
            if self.profile.staff_excess_reason:
                yield TextItem("profile", "staff_excess_reason", "超编说明", self.profile.staff_excess_reason)
            for row, (title, _count) in enumerate(self.profile.leadership, start=1):
                yield TextItem("profile", "leadership_posts", "领导职务", title, row)
            for row, name in enumerate(self.profile.divisions, start=1):
                yield TextItem("profile", "divisions", "内设机构", name, row)
        for row, text in enumerate(self.key_work, start=1):
            yield TextItem("profile", "key_work_items", "重点工作", text, row)
        for row, text in enumerate(self.goals, start=1):
            yield TextItem("goals", "goals", "绩效目标", text, row)
        for line in self.functional_lines:
            if line.label != line.category.name:
                yield TextItem("spending", "functional_lines", "功能分类名称", line.label, line.row)
        for line in self.project_lines:
            for attr in ("name", "purpose", "management"):
                if getattr(line, attr):
                    yield TextItem(
                        "projects", "project_lines", PROJECT_LINE_LABELS[attr], getattr(line, attr), line.row
                    )


def _category(category) -> Category | None:
    if category is None:
        return None
    return Category(code=category.code, name=category.name, year=category.fiscal_year_id)


def _budget(budget) -> Budget:
    return Budget({name: getattr(budget, name) for name in BUDGET_AMOUNT_FIELDS})


def _three_public(lines) -> tuple[ThreePublic, ...]:
    return tuple(
        ThreePublic(
            kind=line.kind,
            budget=line.budget_amount,
            actual=line.actual_amount,
            prior_year_actual=line.prior_year_actual,
        )
        for line in lines
    )


def snapshot_from_bundle(
    bundle, prior_budget=None, *, narrative_fields: Mapping[str, Narrative], section_numbers: Mapping[str, str]
) -> ReportSnapshot:
    """Copy what the rules read out of a ``ReportBundle`` (and last year's ``DepartmentBudget``).

    ``narrative_fields``: the report's text fields, from its outline (``Outline.narrative_fields``);
    ``section_numbers``: each section's number in that outline (``Outline.section_numbers``)."""
    evaluation, profile, budget = bundle.evaluation, bundle.profile, bundle.budget
    profile_data = None
    if profile is not None:
        profile_data = Profile(
            staff_quota=profile.staff_quota,
            staff_actual=profile.staff_actual,
            staff_excess_reason=profile.staff_excess_reason,
            duties=profile.duties,
            leadership=tuple((post.title, post.count) for post in profile.leadership_posts.all()),
            divisions=tuple(division.name for division in profile.divisions.all()),
        )
    functional, projects, three_public = (), (), ()
    if budget is not None:
        functional = tuple(
            FunctionalLine(row=row, category=_category(line.category), label=line.label, amount=line.amount)
            for row, line in enumerate(budget.functional_lines.all(), start=1)
        )
        projects = tuple(
            ProjectLine(
                row=row,
                name=line.name,
                category=_category(line.category),
                initial=line.initial,
                adjusted=line.adjusted,
                actual=line.actual,
                is_key=line.is_key,
                purpose=line.purpose,
                management=line.management,
            )
            for row, line in enumerate(budget.project_lines.all(), start=1)
        )
        three_public = _three_public(budget.three_public_lines.all())
    prior = None
    if prior_budget is not None:
        prior = PriorYear(
            year=prior_budget.fiscal_year_id,
            budget=_budget(prior_budget),
            three_public=_three_public(prior_budget.three_public_lines.all()),
        )
    return ReportSnapshot(
        year=bundle.year,
        department=bundle.department.full_name,
        profile=profile_data,
        budget=_budget(budget) if budget is not None else None,
        functional_lines=functional,
        project_lines=projects,
        three_public=three_public,
        prior=prior,
        narratives={name: getattr(evaluation, name) for name in narrative_fields},
        narrative_fields=narrative_fields,
        goals=tuple(goal.text for goal in evaluation.goals.all()),
        key_work=tuple(item.text for item in evaluation.key_work_items.all()),
        section_numbers=section_numbers,
    )
