"""What a section of the report is: one ``Section`` subclass per module of this package.

A section owns everything about its part of the report:

- ``slug`` (URLs, findings, audit), default ``number`` and ``title`` (an outline may renumber it);
- ``snapshot(bundle)``: its stored data as JSON-able values — the forms start from it, its hash is
  the conflict fingerprint, the audit trail diffs it;
- ``requirements``: the ONE definition of complete. ``missing()`` reads them against the snapshot;
  the forms' required flags come from them (``apply_required``);
- ``build`` / ``cleaned`` / ``context``: the page's forms and derived figures; ``template``;
- ``save(bundle, data, user)``: the one service call that writes it;
- ``report_blocks(bundle)``: what the rendered report prints under its heading;
- ``excel_sheets`` and ``list_labels``: the import sheets that write it and audit wording;
- ``narratives``: its text fields and their labels (the checks read them: ``Outline.narrative_fields``);
  ``list_fields``: the findings about its lists; ``document_text`` / ``document_sub_headings``: where
  a Word report's texts go (``reports.docx.mapping``).

``evaluations.sections.registry`` collects the subclasses; an outline (``evaluations.outlines``)
lists which of them a report has, in which order, with which numbers and headings.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms

from budgets.money import format_amount_table, total

from ..models import Evaluation
from ..selectors import ReportBundle

# ---------------------------------------------------------------- what complete means

NOT_READ = object()  # a figure the caller has not read (the section reads it itself)


@dataclass(frozen=True)
class Requirement:
    """One thing a complete section must have, as a path into its snapshot.

    ``path`` leads to a value (complete when not None / not blank) or to a list (complete when
    not empty). ``each`` names a column every row of that list must fill. ``form`` is the
    (form part, field) whose required flag follows this requirement; a list requirement without
    ``each`` sets its formset's minimum of one row.
    """

    label: str
    path: tuple[str, ...]
    each: str | None = None
    form: tuple[str, str] | None = None

    def met(self, snapshot: dict) -> bool:
        value = snapshot
        for key in self.path:
            value = (value or {}).get(key)
        if self.each is not None:
            return all(_filled(row.get(self.each)) for row in value or [])
        if isinstance(value, list):
            return bool(value)
        return _filled(value)


def _filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


# ---------------------------------------------------------------- the page's forms


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

    def error_links(self) -> list[tuple[str, str]]:
        """Every error of the page as (anchor, text) for the error summary: each entry links to its
        field (GOV.UK pattern); errors of a whole list or form link to that list or form."""
        links = []
        for part in self.parts.values():
            if isinstance(part, forms.BaseFormSet):
                anchor = f"#{part.prefix}-title"
                links += [(anchor, str(error)) for error in part.non_form_errors()]
                for number, form in enumerate(part.forms, start=1):
                    if not part._should_delete_form(form):
                        links += _form_error_links(form, anchor, f"第{number}行 ")
            else:
                links += _form_error_links(part, "#section-form", "")
        return links

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


def _form_error_links(form, fallback: str, row: str) -> list[tuple[str, str]]:
    links = []
    for name, errors in form.errors.items():
        if name in form.fields:
            bound = form[name]
            anchor, label = f"#{bound.id_for_label}", f"{row}{bound.label}："
        else:
            anchor, label = fallback, row
        links += [(anchor, f"{label}{error}") for error in errors]
    return links


# ---------------------------------------------------------------- what the report prints


@dataclass(frozen=True)
class Paragraphs:
    texts: tuple[str, ...]


@dataclass(frozen=True)
class SubHeading:
    level: int
    text: str


@dataclass(frozen=True)
class Table:
    table: object  # reports' AmountTable-like: corner, columns, rows
    caption: str
    kind: str


# ---------------------------------------------------------------- helpers shared by section modules


def amount_text(value) -> str | None:
    return None if value is None else format_amount_table(value)


def fmt(amount) -> str:
    """A derived figure on a section page: two decimals and thousands separators, as the live
    totals of ``static/js/formset.js`` show it (1,234.56)."""
    return grouped(amount, missing="—")


def grouped(amount, missing: str = "") -> str:
    if amount is None:
        return missing
    return f"{Decimal(format_amount_table(amount)):,.2f}"


def difference(part_total, whole):
    if part_total is None or whole is None:
        return None
    return grouped(part_total - whole)


ROUNDING_PER_LINE = Decimal("0.005")  # as evaluations.checks.common: each line rounded to 0.01 万元


def difference_note(part_total, whole, lines: int) -> str:
    """What a difference between a sum of ``lines`` rows and its total means, honestly: a rounding
    difference only within 0.005 × n 万元 (the checks' tolerance); ``static/js/formset.js`` says the same live."""
    if part_total is None or whole is None:
        return ""
    gap = abs(part_total - whole)
    if gap == 0:
        return "（一致）"
    tolerance = ROUNDING_PER_LINE * lines
    stated = format(tolerance.quantize(Decimal("0.001")), "f")
    stated = stated[:-1] if stated.endswith("0") else stated
    if gap <= tolerance:
        return f"（在 {lines} 行逐行四舍五入的容差 ±{stated} 万元之内，属正常尾差）"
    return f"（超出 {lines} 行逐行四舍五入的容差 ±{stated} 万元，请核对各行金额与合计）"


def rows_initial(rows):
    return [dict(row) for row in rows]


def line_amounts(formset, stored_lines, attr):
    """Amounts of the rows as typed (when the page was posted) or as stored."""
    if formset.is_bound:
        amounts = []
        for form in formset.forms:
            if formset._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            amounts.append(form.cleaned_data.get(attr))
        return amounts
    return [getattr(line, attr) for line in stored_lines]


def footer(form_class, sums: dict) -> list:
    """Derived sums aligned with a formset's table columns (None under columns without a sum)."""
    return [{"field": name, "value": sums[name]} if name in sums else None for name in form_class.main_fields]


def typed_or_stored(form, stored: dict) -> dict:
    """Values for derived figures: what was typed where it is valid, else what is stored."""
    values = dict(stored)
    if form.is_bound and hasattr(form, "cleaned_data"):
        for name in form.fields:
            if name in form.cleaned_data:
                values[name] = form.cleaned_data[name]
    return values


def narrative_cleaned(form) -> dict:
    return {name: value or "" for name, value in form.cleaned_data.items()}


def report_paragraphs(text: str, empty: str = "（未填写）") -> tuple[str, ...]:
    """A user's text as paragraphs (one per non-empty line); an empty text says so."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return tuple(line for line in lines if line) or (empty,)


# ---------------------------------------------------------------- the section


class Section:
    slug: str = ""
    number: str = ""  # default numbering (the 2018 outline); an outline may renumber
    title: str = ""
    heading: str = ""  # default heading printed in the report; ``{year}`` is replaced
    heading_level: int = 4
    in_body: bool = True  # False: printed as an attachment after the report, not under its own heading
    # ``Evaluation`` text fields this page edits → the label findings give each (the checks read the
    # texts of the sections of the report's outline: ``Outline.narrative_fields``)
    narratives: dict[str, str] = {}
    requirements: tuple[Requirement, ...] = ()
    needs_catalogue = False
    excel_sheets: tuple[str, ...] = ()  # import sheets that write this section
    list_labels: dict[str, tuple[str, str]] = {}  # audit: list group → (noun, field that names a row)
    list_fields: dict[str, str] = {}  # the page's lists (formset parts) → the field findings give each list
    # Last year's Word report read in (``reports.docx.mapping``): the text of ``narratives`` the plain
    # paragraphs under the section's heading go to, and the sub-headings it prints → the text under each.
    document_text: str = ""
    document_sub_headings: dict[str, str] = {}
    typed_budget_fields: tuple[str, ...] = ()  # budget figures typed on this page (see Outline.fixed_fields)
    derived_budget_fields: tuple[str, ...] = ()  # budget figures this page's save derives
    # The section reads the report's 评分表: ``missing``, ``context`` and ``report_blocks`` are given it
    # as ``score_table`` by their callers (``score_table_kwargs``), so no section module reads scoring.
    uses_score_table = False

    # ------------------------------------------------------------ identity

    @property
    def anchor(self) -> str:
        """The id of the section's heading in the rendered report (HTML preview and PDF)."""
        return f"section-{self.slug}"

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def template(self) -> str:
        return f"evaluations/sections/{self.slug.replace('-', '_')}.html"

    def __repr__(self):
        return f"<Section {self.slug}>"

    # ------------------------------------------------------------ data and completeness

    def snapshot(self, bundle: ReportBundle) -> dict:
        return {"narratives": self.narrative_values(bundle)}

    def narrative_values(self, bundle: ReportBundle) -> dict:
        return {name: getattr(bundle.evaluation, name) for name in self.narratives}

    def text_label(self, name: str) -> str:
        """The label of one of its texts on the page (the model field's, as ``texts.evaluation_text``)."""
        return str(Evaluation._meta.get_field(name).verbose_name)

    def missing(self, bundle: ReportBundle, snapshot: dict | None = None, *, score_table=NOT_READ) -> list[str]:
        """What a complete section still needs, in the report's terms (empty when complete).

        ``score_table``: the report's 评分表 (None when no framework applies), which a section with
        ``uses_score_table`` must be given (``completeness`` reads it, in bulk for many reports)."""
        snapshot = self.snapshot(bundle) if snapshot is None else snapshot
        extra = self.extra_missing(bundle, **self.score_table_kwargs(score_table))
        return [r.label for r in self.requirements if not r.met(snapshot)] + extra

    def score_table_kwargs(self, score_table) -> dict:
        """``{"score_table": …}`` for a section that reads the 评分表, else nothing: callers pass
        ``**section.score_table_kwargs(table)`` to ``missing``'s helpers, ``context`` and ``report_blocks``."""
        if not self.uses_score_table:
            return {}
        if score_table is NOT_READ:
            raise TypeError(f"{self!r} reads the report's 评分表: pass score_table")
        return {"score_table": score_table}

    def extra_missing(self, bundle: ReportBundle) -> list[str]:
        """Conditions that are not a path into the snapshot (e.g. a drafted text with a gap)."""
        return []

    def apply_required(self, section_forms: SectionForms, *, draft: bool, bundle: ReportBundle) -> SectionForms:
        """Required flags from ``requirements``: "保存" asks for exactly what complete means."""
        wanted = {} if draft else self.form_requirements(bundle)
        for name, part in section_forms.parts.items():
            if isinstance(part, forms.BaseFormSet):
                label = wanted.get((name, None))
                part.min_rows_message = (type(part).min_rows_message or f"请至少填写一项{label}。") if label else None
                for form in [*part.forms, part.empty_form]:
                    self._require(form, name, wanted)
            else:
                self._require(part, name, wanted)
        return section_forms

    def form_requirements(self, bundle: ReportBundle) -> dict:
        """(form part, field or None for "at least one row") → message, for a non-draft save."""
        wanted = {}
        for requirement in self.requirements:
            if requirement.form is not None:
                wanted[requirement.form] = requirement.label
        return wanted

    @staticmethod
    def _require(form, part: str, wanted: dict):
        for name, form_field in form.fields.items():
            if name in ("id", "ORDER", "DELETE") or name in getattr(form, "always_required", ()):
                continue
            form_field.required = (part, name) in wanted

    # ------------------------------------------------------------ the page

    def build(self, bundle: ReportBundle, *, data=None, draft=False, catalogue=None, outline=None) -> SectionForms:
        section_forms = self.forms(bundle, data=data, draft=draft, catalogue=catalogue, outline=outline)
        return self.apply_required(section_forms, draft=draft, bundle=bundle)

    def forms(self, bundle, *, data, draft, catalogue, outline) -> SectionForms:
        raise NotImplementedError

    def cleaned(self, section_forms: SectionForms) -> dict:
        return {"narratives": narrative_cleaned(section_forms["narratives"])}

    def context(self, bundle: ReportBundle, section_forms: SectionForms, outline=None) -> dict:
        return {}

    def list_findings(self, section_forms: SectionForms, by_field: dict) -> dict[str, list]:
        """The findings about each of the page's lists as a whole (``by_field``: the section's findings
        by field), keyed by the list's formset prefix: ``_formset.html`` shows them above the list."""
        return {section_forms[part].prefix: by_field.get(field, []) for part, field in self.list_fields.items()}

    # ------------------------------------------------------------ the write

    def save(self, bundle: ReportBundle, data: dict, user) -> None:
        """Write the section's own data (not its narratives: the caller saves those last)."""

    # ------------------------------------------------------------ the report

    def report_blocks(self, bundle: ReportBundle) -> list:
        return []

    # ------------------------------------------------------------ audit wording

    def row_label(self, group: str, row: dict) -> str:
        title, key = self.list_labels.get(group, (group, "id"))
        shown = "" if row.get(key) is None else str(row.get(key))
        return f"{title}「{shown[:30]}{'…' if len(shown) > 30 else ''}」"


def keys(bundle: ReportBundle) -> dict:
    """The department-year keys the budgets and departments services take."""
    return {"department": bundle.department, "fiscal_year_id": bundle.year}


# ---------------------------------------------------------------- a list of lines with a narrative


@dataclass(frozen=True)
class LineSums:
    """The sums of a list's amount columns as typed (or stored): for the footer and the differences."""

    sums: dict  # column → total (None when no line has an amount)
    counts: dict  # column → how many lines have an amount
    footer: list  # ``footer`` of the formset's table


class LineListSection(Section):
    """A section whose page is a list of budget lines and a narrative form (一 2 功能分类, 二（四） 项目):
    the forms, the cleaned data and the footer sums are built the same way."""

    formset_class = None  # a ``budgets.forms`` line formset taking ``catalogue``
    narrative_form_class = None
    lines_prefix = "lines"
    needs_catalogue = True

    def stored_lines(self, bundle: ReportBundle) -> list:
        raise NotImplementedError

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        return SectionForms(
            {
                "lines": self.formset_class(
                    data,
                    initial=rows_initial(snap["lines"]),
                    draft=draft,
                    prefix=self.lines_prefix,
                    form_kwargs={"catalogue": catalogue},
                ),
                "narratives": self.narrative_form_class(data, initial=snap["narratives"], draft=draft, prefix="text"),
            }
        )

    def cleaned(self, f):
        return {"lines": f["lines"].rows(), "narratives": narrative_cleaned(f["narratives"])}

    def line_sums(self, bundle: ReportBundle, f: SectionForms, columns: tuple[str, ...]) -> LineSums:
        stored = self.stored_lines(bundle)
        amounts = {column: line_amounts(f["lines"], stored, column) for column in columns}
        sums = {column: total(*values) for column, values in amounts.items()}
        return LineSums(
            sums=sums,
            counts={column: sum(1 for value in values if value is not None) for column, values in amounts.items()},
            footer=footer(self.formset_class.form, {column: fmt(value) for column, value in sums.items()}),
        )
