"""The section pages' forms. Each section composes forms of the app that owns the data
(departments: profile; budgets: figures and lines; evaluations: goals, key work, narratives).

A ``SectionEditor`` per slug builds the forms from the section's snapshot (see
``section_data``), validates them together, turns them into the data its save service takes,
and computes the derived figures shown beside the inputs.
"""

from dataclasses import dataclass, field

from django import forms

from budgets.forms import (
    BUDGET_TABLE_COLUMNS,
    BUDGET_TABLE_ROWS,
    BasicDataForm,
    BudgetTableForm,
    FunctionalLineFormSet,
    ProjectLineFormSet,
    ThreePublicForm,
)
from budgets.models import DepartmentBudget, ThreePublicLine
from budgets.money import format_amount_table, total
from budgets.selectors import three_public_summary
from departments.forms import (
    DivisionFormSet,
    LeadershipPostFormSet,
    ProfileForm,
    RowForm,
    RowFormSet,
    SectionForm,
    row_formset,
    text_area,
)
from departments.text_limits import limit_text, model_limit

from . import drafting
from .models import Evaluation, KeyWorkItem, PerformanceGoal
from .section_data import VARIANCE_PLACEHOLDER, project_rows_required, section_snapshot, variance_problem
from .selectors import ReportBundle

# ---------------------------------------------------------------- evaluation's own forms


def evaluation_text(name: str, *, required: bool = False, rows: int = 5, help_text: str = "") -> forms.CharField:
    """A text field labelled with the model's own verbose name (the report's term), limited as the model is."""
    field = forms.CharField(
        label=Evaluation._meta.get_field(name).verbose_name,
        required=required,
        help_text=help_text,
        widget=text_area(rows),
        error_messages={"required": f"请填写{Evaluation._meta.get_field(name).verbose_name}。"},
    )
    return limit_text(field, model_limit(Evaluation, name))


OVERRIDE_HELP = "留空则报告使用上面的草拟文字；填写后报告改用您的文字。"


class KeyWorkForm(RowForm):
    always_required = ("text",)
    text = limit_text(
        forms.CharField(label="重点工作", widget=text_area(2), error_messages={"required": "请填写重点工作内容。"}),
        model_limit(KeyWorkItem, "text"),
    )
    main_fields = ("text",)


class KeyWorkFormSetBase(RowFormSet):
    min_rows_message = "请至少填写一项重点工作。"


class GoalForm(RowForm):
    always_required = ("text",)
    text = limit_text(
        forms.CharField(label="绩效目标", widget=text_area(2), error_messages={"required": "请填写绩效目标内容。"}),
        model_limit(PerformanceGoal, "text"),
    )
    main_fields = ("text",)


class GoalFormSetBase(RowFormSet):
    min_rows_message = "请至少填写一项绩效目标。"


KeyWorkFormSet = row_formset(KeyWorkForm, formset=KeyWorkFormSetBase)
GoalFormSet = row_formset(GoalForm, formset=GoalFormSetBase)


class ProfileNarrativeForm(SectionForm):
    profile_summary_override = evaluation_text("profile_summary_override", rows=3, help_text=OVERRIDE_HELP)
    key_work_intro_override = evaluation_text("key_work_intro_override", rows=1, help_text=OVERRIDE_HELP)


class SpendingNarrativeForm(SectionForm):
    spending_summary_override = evaluation_text("spending_summary_override", rows=3, help_text=OVERRIDE_HELP)


class VarianceForm(SectionForm):
    variance_analysis_override = evaluation_text("variance_analysis_override", rows=4, help_text=OVERRIDE_HELP)

    def __init__(self, *args, drafted: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.drafted = drafted

    def clean(self):
        data = super().clean()
        override = data.get("variance_analysis_override", "")
        if self.draft:
            return data
        if VARIANCE_PLACEHOLDER in override:
            self.add_error("variance_analysis_override", f"请把“{VARIANCE_PLACEHOLDER}”替换为实际的差异原因。")
        else:
            problem = variance_problem(self.drafted, override)
            if problem:
                self.add_error(
                    "variance_analysis_override",
                    f"本部分尚不完整：{problem}。可在上面的草拟文字基础上修改后填写在这里；暂时无法填写的，请点击“保存草稿”。",
                )
        return data


class ProjectsNarrativeForm(SectionForm):
    project_fund_management = evaluation_text("project_fund_management", required=True, rows=5)
    project_implementation_override = evaluation_text(
        "project_implementation_override", rows=4, help_text=OVERRIDE_HELP
    )


class PerformanceForm(SectionForm):
    goal_rationality_analysis = evaluation_text(
        "goal_rationality_analysis", required=True, rows=6, help_text="可按①②③逐项说明"
    )
    output_analysis = evaluation_text("output_analysis", required=True, rows=6, help_text="可按①②③逐项说明")


class ProblemsForm(SectionForm):
    problems_and_measures = evaluation_text("problems_and_measures", required=True, rows=8)


# ---------------------------------------------------------------- composing a section


def _mark_invalid(form):
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            css = widget.attrs.get("class", "")
            if "is-invalid" not in css:
                widget.attrs["class"] = (css + " is-invalid").strip()
            widget.attrs["aria-invalid"] = "true"


@dataclass
class SectionForms:
    """The forms and formsets of one section page, validated together (all or nothing)."""

    parts: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.parts[name]

    @property
    def bound(self) -> bool:
        return any(part.is_bound for part in self.parts.values())

    def is_valid(self) -> bool:
        results = [part.is_valid() for part in self.parts.values()]  # validate every part, no short-cut
        for part in self.parts.values():
            for form in getattr(part, "forms", [part]):
                _mark_invalid(form)
        return all(results)

    def error_count(self) -> int:
        count = 0
        for part in self.parts.values():
            if isinstance(part, forms.BaseFormSet):
                count += len(part.non_form_errors())
                count += sum(
                    sum(len(errors) for errors in form.errors.values())
                    for form in part.forms
                    if not part._should_delete_form(form)
                )
            else:
                count += sum(len(errors) for errors in part.errors.values())
        return count


def _rows_initial(rows):
    return [dict(row) for row in rows]


def _line_amounts(formset, stored_lines, attr):
    """Amounts of the rows as typed (when the page was posted) or as stored."""
    if formset.is_bound:
        amounts = []
        for form in formset.forms:
            if formset._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            amounts.append(form.cleaned_data.get(attr))
        return amounts
    return [getattr(line, attr) for line in stored_lines]


def _fmt(amount):
    return format_amount_table(amount, missing="—")


def _footer(form_class, sums: dict) -> list:
    """Derived sums aligned with a formset's table columns (None under columns without a sum)."""
    return [{"field": name, "value": sums[name]} if name in sums else None for name in form_class.main_fields]


class SectionEditor:
    slug: str = ""

    @property
    def template(self) -> str:
        return f"evaluations/sections/{self.slug.replace('-', '_')}.html"

    def build(self, bundle: ReportBundle, *, data=None, draft: bool = False, catalogue=None) -> SectionForms:
        raise NotImplementedError

    def cleaned(self, section_forms: SectionForms) -> dict:
        raise NotImplementedError

    def context(self, bundle: ReportBundle, section_forms: SectionForms) -> dict:
        return {}

    needs_catalogue = False


def _narrative_cleaned(form) -> dict:
    return {name: value or "" for name, value in form.cleaned_data.items()}


class ProfileEditor(SectionEditor):
    slug = "profile"

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        return SectionForms(
            {
                "profile": ProfileForm(data, initial=snap["profile"], draft=draft, prefix="profile"),
                "posts": LeadershipPostFormSet(data, initial=_rows_initial(snap["posts"]), draft=draft, prefix="posts"),
                "divisions": DivisionFormSet(
                    data, initial=_rows_initial(snap["divisions"]), draft=draft, prefix="divisions"
                ),
                "key_work": KeyWorkFormSet(
                    data, initial=_rows_initial(snap["key_work"]), draft=draft, prefix="keywork"
                ),
                "narratives": ProfileNarrativeForm(data, initial=snap["narratives"], draft=draft, prefix="text"),
            }
        )

    def cleaned(self, f):
        return {
            "profile": f["profile"].cleaned_data,
            "posts": f["posts"].rows(),
            "divisions": f["divisions"].rows(),
            "key_work": f["key_work"].rows(),
            "narratives": _narrative_cleaned(f["narratives"]),
        }

    def context(self, bundle, f):
        return {
            "draft_profile_summary": drafting.draft_profile_summary(bundle),
            "draft_key_work_intro": drafting.draft_key_work_intro(bundle),
        }


class SpendingEditor(SectionEditor):
    slug = "spending"
    needs_catalogue = True

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        return SectionForms(
            {
                "lines": FunctionalLineFormSet(
                    data,
                    initial=_rows_initial(snap["lines"]),
                    draft=draft,
                    prefix="lines",
                    form_kwargs={"catalogue": catalogue},
                ),
                "narratives": SpendingNarrativeForm(data, initial=snap["narratives"], draft=draft, prefix="text"),
            }
        )

    def cleaned(self, f):
        return {"lines": f["lines"].rows(), "narratives": _narrative_cleaned(f["narratives"])}

    def context(self, bundle, f):
        budget = bundle.budget or DepartmentBudget()
        stored = list(bundle.budget.functional_lines.all()) if bundle.budget else []
        lines_total = total(*_line_amounts(f["lines"], stored, "amount"))
        return {
            "budget_actual": {key: _fmt(value) for key, value in budget.column("actual").items()},
            "total_actual": budget.total_actual,
            "lines_total": _fmt(lines_total),
            "lines_difference": _difference(lines_total, budget.total_actual),
            "footer": _footer(FunctionalLineFormSet.form, {"amount": _fmt(lines_total)}),
            "draft_spending_summary": drafting.draft_spending_summary(bundle),
        }


def _difference(part_total, whole):
    if part_total is None or whole is None:
        return None
    return format_amount_table(part_total - whole)


class GoalsEditor(SectionEditor):
    slug = "goals"

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        return SectionForms(
            {"goals": GoalFormSet(data, initial=_rows_initial(snap["goals"]), draft=draft, prefix="goals")}
        )

    def cleaned(self, f):
        return {"goals": f["goals"].rows()}

    def context(self, bundle, f):
        return {"draft_goals": drafting.draft_goals(bundle)}


def _typed_or_stored(form, stored: dict) -> dict:
    """Values for derived figures: what was typed where it is valid, else what is stored."""
    values = dict(stored)
    if form.is_bound and hasattr(form, "cleaned_data"):
        for name in form.fields:
            if name in form.cleaned_data:
                values[name] = form.cleaned_data[name]
    return values


class BudgetTableEditor(SectionEditor):
    slug = "budget-table"

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        return SectionForms({"table": BudgetTableForm(data, initial=snap["values"], draft=draft, prefix="table")})

    def cleaned(self, f):
        return {"values": f["table"].cleaned_data}

    def context(self, bundle, f):
        stored = bundle.budget or DepartmentBudget()
        form = f["table"]
        values = _typed_or_stored(form, {name: getattr(stored, name) for name in form.fields})
        budget = DepartmentBudget(**values)
        totals = {row: _fmt(budget.column(row)["total"]) for row, _ in BUDGET_TABLE_ROWS}
        totals["asset"] = _fmt(budget.asset_purchase_total)
        rows = form.table_rows()
        for row in rows:
            row["total"] = totals[row["key"]]
            row["sum_of"] = [f"table-{col}_{row['key']}" for col in ("basic", "project")]
            if row["key"] == "asset":
                row["sum_of"] = ["table-asset_purchase_basic", "table-asset_purchase_project"]
        return {"rows": rows, "columns": [label for _, label in BUDGET_TABLE_COLUMNS]}


class ThreePublicEditor(SectionEditor):
    slug = "three-public"

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        initial = {
            f"{kind}__{column}": value for kind, columns in snap["lines"].items() for column, value in columns.items()
        }
        ask_prior = True
        if bundle.budget is not None:
            ask_prior = not DepartmentBudget.objects.filter(
                department_id=bundle.evaluation.department_id, fiscal_year_id=bundle.year - 1
            ).exists()
        return SectionForms(
            {"three": ThreePublicForm(data, initial=initial, draft=draft, prefix="three", ask_prior_year=ask_prior)}
        )

    def cleaned(self, f):
        return {"lines": f["three"].lines()}

    def context(self, bundle, f):
        form = f["three"]
        stored_lines = {line.kind: line for line in bundle.budget.three_public_lines.all()} if bundle.budget else {}
        stored = {
            name: getattr(stored_lines.get(name.split("__")[0]), name.split("__")[1], None) for name in form.fields
        }
        values = _typed_or_stored(form, stored)
        lines = [
            ThreePublicLine(
                kind=kind,
                budget_amount=values.get(f"{kind}__budget_amount"),
                actual_amount=values.get(f"{kind}__actual_amount"),
            )
            for kind in ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
        ]
        summary = three_public_summary(lines)
        return {
            "rows": form.table_rows(),
            "summary": {column: {k: _fmt(v) for k, v in amounts.items()} for column, amounts in summary.items()},
            "ask_prior_year": form.ask_prior_year,
            "previous_year": bundle.year - 1,
        }


class VarianceEditor(SectionEditor):
    slug = "variance"

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        return SectionForms(
            {
                "narratives": VarianceForm(
                    data,
                    initial=snap["narratives"],
                    draft=draft,
                    prefix="text",
                    drafted=drafting.draft_variance_analysis(bundle),
                )
            }
        )

    def cleaned(self, f):
        return {"narratives": _narrative_cleaned(f["narratives"])}

    def context(self, bundle, f):
        budget = bundle.budget or DepartmentBudget()
        return {
            "project_columns": [
                ("年初预算", _fmt(budget.project_initial)),
                ("调整预算", _fmt(budget.project_adjusted)),
                ("决算", _fmt(budget.project_actual)),
            ],
            "draft_variance": drafting.draft_variance_analysis(bundle),
        }


class ProjectsEditor(SectionEditor):
    slug = "projects"
    needs_catalogue = True

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        return SectionForms(
            {
                "lines": ProjectLineFormSet(
                    data,
                    initial=_rows_initial(snap["lines"]),
                    draft=draft,
                    prefix="projects",
                    form_kwargs={"catalogue": catalogue},
                    rows_required=project_rows_required(bundle.budget),
                ),
                "narratives": ProjectsNarrativeForm(data, initial=snap["narratives"], draft=draft, prefix="text"),
            }
        )

    def cleaned(self, f):
        return {"lines": f["lines"].rows(), "narratives": _narrative_cleaned(f["narratives"])}

    def context(self, bundle, f):
        budget = bundle.budget or DepartmentBudget()
        stored = list(bundle.budget.project_lines.all()) if bundle.budget else []
        sums = {
            column: total(*_line_amounts(f["lines"], stored, column)) for column in ("initial", "adjusted", "actual")
        }
        budget_columns = {
            "initial": budget.project_initial,
            "adjusted": budget.project_adjusted,
            "actual": budget.project_actual,
        }
        return {
            "footer": _footer(ProjectLineFormSet.form, {column: _fmt(value) for column, value in sums.items()}),
            "budget_project": {column: _fmt(value) for column, value in budget_columns.items()},
            "differences": {column: _difference(sums[column], budget_columns[column]) for column in sums},
            "draft_project_implementation": drafting.draft_project_implementation(bundle),
        }


class PerformanceEditor(SectionEditor):
    slug = "performance"
    form_class = PerformanceForm

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        return SectionForms(
            {"narratives": self.form_class(data, initial=snap["narratives"], draft=draft, prefix="text")}
        )

    def cleaned(self, f):
        return {"narratives": _narrative_cleaned(f["narratives"])}


class ProblemsEditor(PerformanceEditor):
    slug = "problems"
    form_class = ProblemsForm


class BasicDataEditor(SectionEditor):
    slug = "basic-data"

    def build(self, bundle, *, data=None, draft=False, catalogue=None):
        snap = section_snapshot(bundle, self.slug)
        return SectionForms({"basic": BasicDataForm(data, initial=snap["values"], draft=draft, prefix="basic")})

    def cleaned(self, f):
        return {"values": f["basic"].cleaned_data}

    def context(self, bundle, f):
        return {"rows": f["basic"].table_rows()}


EDITORS = {
    editor.slug: editor
    for editor in (
        ProfileEditor(),
        SpendingEditor(),
        GoalsEditor(),
        BudgetTableEditor(),
        ThreePublicEditor(),
        VarianceEditor(),
        ProjectsEditor(),
        PerformanceEditor(),
        ProblemsEditor(),
        BasicDataEditor(),
    )
}


# ---------------------------------------------------------------- starting a year


class EvaluationStartForm(forms.Form):
    department = forms.IntegerField(widget=forms.HiddenInput)
    copy_previous = forms.BooleanField(
        label="复制上年度的部门概况、列表和文字内容（不复制金额等数字）",
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
