"""Last year's Word report into a report: upload → preview field by field → confirm → all or nothing.

``word_import_prepare`` checks the file (``safety``), reads its body (``reading``), maps it onto the
report's outline (``mapping``) and pairs every value found with what the field holds now; it
writes nothing. ``word_import_apply`` fills each touched section's own page forms with the stored
values plus the imported ones, validates them exactly like a draft save of that page, and saves all
sections in one transaction through ``evaluations.services.evaluation_sections_import`` (field
audit per section and one 导入 event). A value a form refuses stops everything.
"""

import io
import logging
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal

from django import forms
from docx import Document

from budgets.selectors import catalogue_for_year
from evaluations.completeness import section_fingerprint
from evaluations.models import Evaluation
from evaluations.outlines.selectors import outline_for
from evaluations.sections import section_for
from evaluations.selectors import report_bundle
from evaluations.services import SectionsInvalid, evaluation_sections_import

from .mapping import Found, map_document, rows_text
from .reading import body_items
from .safety import DAMAGED, DAMAGED_ERRORS, DocxRefused, check_docx

logger = logging.getLogger(__name__)

STAFFING = {"institutional": "事业编制", "administrative": "行政编制"}


@dataclass(frozen=True)
class FieldPreview:
    section: str  # the section's label in the report's outline
    label: str
    value: str  # as found
    source: str
    current: str  # what the field holds now


@dataclass(frozen=True)
class LineChoice:
    """A functional line whose category the document does not name unambiguously: the user picks one
    of ``candidates`` (code, 「code name」) in the preview, or leaves the line out."""

    key: str  # "<finding index>-<row index>", the name of the choice in the confirm form
    phrase: str  # as written, with its amount
    source: str
    candidates: list[tuple[str, str]]


@dataclass
class WordImportPreview:
    found: list[Found]
    fields: list[FieldPreview]
    unmatched: list[str]
    headings: list[tuple[str, str]]
    fingerprints: dict = field(default_factory=dict)
    choices: list[LineChoice] = field(default_factory=list)

    @property
    def changes(self) -> list[FieldPreview]:
        return [row for row in self.fields if row.value != row.current]


def _shown(value, names: dict | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return rows_text(value, names)
    if isinstance(value, Decimal):
        return format(value, "f")
    return STAFFING.get(str(value), str(value))


def current_value(snapshot: dict, key: str):
    part, _, name = key.partition(".")
    if not name:
        return snapshot.get(part)
    if part == "table":
        return (snapshot.get("values") or {}).get(name)
    if part == "three":
        kind, _, column = name.partition("__")
        return ((snapshot.get("lines") or {}).get(kind) or {}).get(column)
    return (snapshot.get(part) or {}).get(name)


def _same_amount(a: str, b: str) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except ArithmeticError:
        return a == b


def read_docx(data: bytes):
    """The checked file parsed by python-docx; ``DocxRefused`` for a file it cannot read."""
    check_docx(data)
    try:
        return Document(io.BytesIO(data))
    except DAMAGED_ERRORS:
        raise DocxRefused(DAMAGED) from None
    except Exception:  # python-docx's own errors (no main document part, a part of the wrong kind): the file's
        logger.info("Word 导入：python-docx 无法读取文件", exc_info=True)
        raise DocxRefused(DAMAGED) from None


def read_body(data: bytes) -> list:
    """The document's body in reading order (``reading.body_items``); ``DocxRefused`` for a damaged file."""
    document = read_docx(data)
    try:
        return body_items(document)
    except Exception:  # XML Word would not write: no body, a level or a column span that is not a number
        logger.info("Word 导入：文档正文无法读取", exc_info=True)
        raise DocxRefused(DAMAGED) from None


def word_import_prepare(*, evaluation: Evaluation, data: bytes) -> WordImportPreview:
    """Everything the preview shows; raises ``DocxRefused`` for a file that cannot be read."""
    items = read_body(data)
    outline = outline_for(evaluation)
    catalogue = catalogue_for_year(evaluation.fiscal_year_id)
    names = {code: category.name for code, category in catalogue.items()}
    mapping = map_document(items, outline, catalogue)
    bundle = report_bundle(evaluation)
    snapshots, fields = {}, []
    for found in mapping.found:
        section = section_for(found.slug)
        if found.slug not in snapshots:
            snapshots[found.slug] = section.snapshot(bundle)
        current = _shown(current_value(snapshots[found.slug], found.key), names)
        value = _shown(found.value, names)
        if current and value and not isinstance(found.value, list) and _same_amount(current, value):
            value = current  # 478.9 and 478.90 are the same figure
        item = outline.get(found.slug)
        fields.append(FieldPreview(item.label if item else section.label, found.label, value, found.source, current))
    fingerprints = {slug: section_fingerprint(bundle, section_for(slug)) for slug in snapshots}
    return WordImportPreview(
        mapping.found, fields, mapping.unmatched, mapping.headings, fingerprints, line_choices(mapping.found, names)
    )


def line_choices(found: list[Found], names: dict) -> list[LineChoice]:
    choices = []
    for index, item in enumerate(found):
        for row_index, row in enumerate(item.value if isinstance(item.value, list) else []):
            if "candidates" in row:
                choices.append(
                    LineChoice(
                        f"{index}-{row_index}",
                        f"{row['display_name']} {row['amount']}万元",
                        item.source,
                        [(code, f"{code} {names.get(code, '')}".strip()) for code in row["candidates"]],
                    )
                )
    return choices


def resolve_choices(found: list[Found], chosen: dict[str, str], names: dict) -> list[Found]:
    """The findings with each offered line's category as the user chose it; a line without a choice
    is left out (the user adds it on the page). A code that was not offered refuses everything."""
    result = []
    for index, item in enumerate(found):
        if not isinstance(item.value, list) or not any("candidates" in row for row in item.value):
            result.append(item)
            continue
        rows = []
        for row_index, row in enumerate(item.value):
            if "candidates" not in row:
                rows.append(row)
                continue
            code = (chosen.get(f"{index}-{row_index}") or "").strip()
            if not code:
                continue
            if code not in row["candidates"]:
                raise SectionsInvalid([f"{item.label}“{row['display_name']}”：所选科目“{code}”不在可选范围内"])
            display = "" if names.get(code) == row["display_name"] else row["display_name"]
            rows.append({"category": code, "display_name": display, "amount": row["amount"]})
        if rows:
            result.append(replace(item, value=rows))
    return result


def found_to_json(found: list[Found]) -> list[dict]:
    return [asdict(item) for item in found]


def found_from_json(rows: list[dict]) -> list[Found]:
    return [Found(**row) for row in rows]


# ---------------------------------------------------------------- filling a section's page forms


def _posted(value) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _form_data(form, data: dict, order: int | None = None) -> None:
    for name, form_field in form.fields.items():
        if form_field.disabled:
            continue
        value = order if name == "ORDER" and order is not None else form[name].value()
        if name == "DELETE":
            continue
        posted = _posted(value)
        if posted is not None:
            data[form.add_prefix(name)] = posted


def page_data(section_forms) -> dict:
    """The POST data of a section page exactly as it is rendered now (stored values)."""
    data: dict = {}
    for part in section_forms.parts.values():
        if isinstance(part, forms.BaseFormSet):
            initial = part.initial_forms
            data[f"{part.prefix}-TOTAL_FORMS"] = str(len(initial))
            data[f"{part.prefix}-INITIAL_FORMS"] = str(len(initial))
            for index, form in enumerate(initial, start=1):
                _form_data(form, data, order=index)
        else:
            _form_data(part, data)
    return data


def _replace_rows(data: dict, prefix: str, rows: list[dict]) -> None:
    for key in [key for key in data if key.startswith(f"{prefix}-")]:
        del data[key]
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = str(value)
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)


def _errors(section, section_forms) -> list[str]:
    problems = []
    for part in section_forms.parts.values():
        for form in getattr(part, "forms", [part]):
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                problems += [f"{section.title}{('：' + str(label)) if label else ''}：{error}" for error in errors]
        if isinstance(part, forms.BaseFormSet):
            problems += [f"{section.title}：{error}" for error in part.non_form_errors()]
    return problems


def section_builder(slug: str, found: list[Found], outline):
    """``build(bundle) -> cleaned data`` for ``evaluation_sections_import``: the page's forms with the
    stored values and the imported ones, validated like a draft save."""
    section = section_for(slug)

    def build(bundle):
        catalogue = catalogue_for_year(bundle.year) if section.needs_catalogue else None
        unbound = section.build(bundle, draft=True, catalogue=catalogue, outline=outline)
        data = page_data(unbound)
        for item in found:
            part_name, _, name = item.key.partition(".")
            part = unbound[part_name]
            if name:
                data[part.add_prefix(name)] = str(item.value)
            else:
                _replace_rows(data, part.prefix, item.value)
        bound = section.build(bundle, data=data, draft=True, catalogue=catalogue, outline=outline)
        if not bound.is_valid():
            raise SectionsInvalid(_errors(section, bound))
        return section.cleaned(bound)

    return build


def word_import_apply(
    *,
    evaluation: Evaluation,
    found: list[Found],
    fingerprints: dict,
    user=None,
    source: str = "",
    choices: dict[str, str] | None = None,
):
    """Save a previewed import, all or nothing. ``choices``: the category chosen for each offered
    line (``LineChoice.key`` → code). Raises ``WorkflowError``, ``SectionConflict`` or
    ``SectionsInvalid`` (nothing saved)."""
    names = {code: category.name for code, category in catalogue_for_year(evaluation.fiscal_year_id).items()}
    found = resolve_choices(found, choices or {}, names)
    outline = outline_for(evaluation)
    by_section: dict[str, list[Found]] = {}
    for item in found:
        by_section.setdefault(item.slug, []).append(item)
    ordered = [slug for slug in outline.slugs if slug in by_section]
    return evaluation_sections_import(
        evaluation=evaluation,
        sections={slug: section_builder(slug, by_section[slug], outline) for slug in ordered},
        fingerprints=fingerprints,
        user=user,
        source=source,
        summary=f"从 Word 文档导入 {len(found)} 项（{len(ordered)} 个部分）",
    )
