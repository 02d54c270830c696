"""A new year's 支出功能分类 catalogue copied from an earlier year, with the known renames applied.

``catalogue_copy_plan`` reads only: what the copy would add, row by row (renamed or not), and what
the target year already has. ``catalogue_copy`` writes that plan in one transaction, and refuses
when either catalogue changed since the plan was shown.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from departments.audit import audit_security
from departments.models import AuditAction

from .importing.catalogue import NEW, RENAMED
from .models import CatalogueRename, FunctionalCategory

ADD, RENAME, EXISTS = "add", "rename", "exists"
STATUS_LABELS = {ADD: "新增", RENAME: "新增（更名）", EXISTS: "已有，不变"}


@dataclass(frozen=True)
class CopyRow:
    code: str
    level: str
    parent_code: str
    old_name: str  # the name in the source year
    new_name: str  # the name the target year gets (or already has)
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _renamed(code: str, name: str, renames: list[CatalogueRename], to_year: int) -> str:
    applicable = [rename for rename in renames if rename.code == code and rename.from_year <= to_year]
    return max(applicable, key=lambda rename: rename.from_year).name if applicable else name


def catalogue_copy_plan(*, from_year: int, to_year: int) -> list[CopyRow]:
    if from_year >= to_year:
        raise ValidationError("只能把较早年度的科目复制到较晚的年度。")
    source = list(FunctionalCategory.objects.filter(fiscal_year_id=from_year).select_related("parent"))
    if not source:
        raise ValidationError(f"{from_year}年度没有支出功能分类科目可复制。")
    existing = {c.code: c for c in FunctionalCategory.objects.filter(fiscal_year_id=to_year)}
    renames = list(CatalogueRename.objects.filter(from_year__lte=to_year))
    rows = []
    for category in source:
        if category.code in existing:
            status, new_name = EXISTS, existing[category.code].name
        else:
            new_name = _renamed(category.code, category.name, renames, to_year)
            status = RENAME if new_name != category.name else ADD
        rows.append(
            CopyRow(
                code=category.code,
                level=category.level,
                parent_code=category.parent.code if category.parent else "",
                old_name=category.name,
                new_name=new_name,
                status=status,
            )
        )
    return rows


def plan_fingerprint(rows: list[CopyRow]) -> str:
    text = "\n".join(f"{r.code}|{r.level}|{r.parent_code}|{r.new_name}|{r.status}" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def catalogue_copy(*, from_year: int, to_year: int, fingerprint: str) -> list[CopyRow]:
    """Add the plan's new rows to ``to_year`` (parents of the same year); returns the rows added."""
    rows = catalogue_copy_plan(from_year=from_year, to_year=to_year)
    if plan_fingerprint(rows) != fingerprint:
        raise ValidationError("预览之后，科目表已有变化。请重新预览后再确认。")
    by_code = {c.code: c for c in FunctionalCategory.objects.filter(fiscal_year_id=to_year)}
    added = []
    for row in sorted(rows, key=lambda r: (len(r.code), r.code)):  # parents first
        if row.status == EXISTS:
            continue
        category = FunctionalCategory(
            fiscal_year_id=to_year,
            code=row.code,
            name=row.new_name,
            level=row.level,
            parent=by_code.get(row.parent_code) if row.parent_code else None,
        )
        category.full_clean()
        category.save()
        by_code[row.code] = category
        added.append(row)
    return added


def catalogue_import(*, year: int, rows, user=None, source: str = "") -> tuple[int, int]:
    """Write the previewed rows of an imported 科目 list (``budgets.importing.catalogue``) to ``year``,
    all or nothing: new codes added (parents first, of the same year), renamed ones renamed. Refused
    when the year's catalogue changed since the preview. Returns (added, renamed)."""
    with transaction.atomic():
        by_code = {
            category.code: category
            for category in FunctionalCategory.objects.select_for_update().filter(fiscal_year_id=year)
        }
        for row in rows:
            now = by_code[row.code].name if row.code in by_code else ""
            if now != row.old_name:
                raise ValidationError("预览之后，该年度的科目表已有变化。请重新上传文件，核对新的预览后再确认。")
        added = renamed = 0
        for row in sorted(rows, key=lambda r: (len(r.code), r.code)):  # parents first
            if row.kind == NEW:
                category = FunctionalCategory(
                    fiscal_year_id=year,
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    parent=by_code.get(row.parent_code) if row.parent_code else None,
                )
                category.full_clean()
                category.save()
                by_code[row.code] = category
                added += 1
            elif row.kind == RENAMED:
                category = by_code[row.code]
                category.name = row.name
                category.full_clean()
                category.save(update_fields=["name"])
                renamed += 1
        changes = [f"{row.code}：{row.old_name or '（新增）'} → {row.name}" for row in rows if row.kind != "unchanged"]
        audit_security(
            AuditAction.IMPORT,
            user=user,
            object_label=f"导入{year}年度支出功能分类科目“{source}”"[:200],
            field="支出功能分类科目",
            new_value="\n".join(changes),
            fiscal_year_id=year,
        )
    return added, renamed
