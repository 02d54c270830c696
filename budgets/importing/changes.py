"""What an import would change: the difference between the stored state and the file's state.

Each change names the sheet (section), the line or row, the field, and the old and new value as
the user should see them. Functional lines are matched by category code, project lines by name
(in order, so two lines with the same name pair up one by one).
"""

from dataclasses import dataclass

from ..fields import (
    BASIC_DATA_FIELDS,
    BUDGET_AMOUNT_FIELDS,
    BUDGET_AMOUNT_LABELS,
    PROJECT_AMOUNTS,
    PROJECT_LINE_SHEET_LABELS,
    THREE_PUBLIC_TABLE_LABELS,
)
from ..models import ThreePublicKind
from .cells import display_amount
from .layout import (
    BASIC_DATA_TABLE,
    BUDGET_TABLE,
    DEFAULT_LAYOUT,
    FUNCTIONAL_LINES,
    PROJECT_LINES,
    THREE_PUBLIC_TABLE,
    Layout,
)

# A project line is named by its name; its other fields are what changes.
PROJECT_FIELD_LABELS = {name: label for name, label in PROJECT_LINE_SHEET_LABELS.items() if name != "name"}
# Where a figure no sheet of the layout holds is listed: 基础数据 and every 上年数 under 基础数据表.
_BASIC_DATA_FIELDS = {*BASIC_DATA_FIELDS, *(name for name in BUDGET_AMOUNT_FIELDS if name.startswith("prior_"))}


@dataclass(frozen=True)
class Change:
    sheet: str
    item: str  # the row or line, e.g. 部门决算数 or 2010306 政务公开审批
    field: str
    old: str
    new: str
    kind: str = "changed"  # changed / added / removed / moved


def _show(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or isinstance(value, str):
        return value if value else "（空）"
    return display_amount(value)


def _budget_changes(old: dict, new: dict, layout: Layout = DEFAULT_LAYOUT) -> list[Change]:
    changes = []
    for field, label in BUDGET_AMOUNT_LABELS.items():
        if old["budget"][field] != new["budget"][field]:
            sheet = layout.sheet_of(field) or (
                BASIC_DATA_TABLE.name if field in _BASIC_DATA_FIELDS else BUDGET_TABLE.name
            )
            changes.append(Change(sheet, label, "金额", _show(old["budget"][field]), _show(new["budget"][field])))
    return changes


def _three_public_changes(old: dict, new: dict) -> list[Change]:
    changes = []
    for kind in ThreePublicKind:
        for field, label in THREE_PUBLIC_TABLE_LABELS.items():
            before, after = old["three_public"][kind.value][field], new["three_public"][kind.value][field]
            if before != after:
                changes.append(Change(THREE_PUBLIC_TABLE.name, kind.label, label, _show(before), _show(after)))
    return changes


def _functional_changes(old: dict, new: dict, catalogue: dict[str, str]) -> list[Change]:
    sheet = FUNCTIONAL_LINES.name
    before = {line["code"]: line for line in old["functional_lines"]}
    after = {line["code"]: line for line in new["functional_lines"]}

    def name(code):
        return f"{code} {catalogue.get(code, '')}".strip()

    changes = []
    for code, line in after.items():
        if code not in before:
            shown = _show(line["amount"]) + (f"（报告中写作“{line['display_name']}”）" if line["display_name"] else "")
            changes.append(Change(sheet, name(code), "新增一行", "—", shown, "added"))
            continue
        for field, label in (("amount", "金额"), ("display_name", "报告中的名称")):
            if before[code][field] != line[field]:
                changes.append(Change(sheet, name(code), label, _show(before[code][field]), _show(line[field])))
    for code, line in before.items():
        if code not in after:
            changes.append(Change(sheet, name(code), "删除此行", _show(line["amount"]), "—", "removed"))
    kept_before = [code for code in before if code in after]
    kept_after = [code for code in after if code in before]
    if kept_before != kept_after:
        changes.append(Change(sheet, "行的顺序", "顺序", "、".join(kept_before), "、".join(kept_after), "moved"))
    return changes


def match_project_lines(old_lines: list[dict], new_lines: list[dict]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) by name in order; None on one side for added/removed lines."""
    unused: dict[str, list[int]] = {}
    for index, line in enumerate(old_lines):
        unused.setdefault(line["name"], []).append(index)
    pairs = []
    for index, line in enumerate(new_lines):
        candidates = unused.get(line["name"])
        pairs.append((candidates.pop(0) if candidates else None, index))
    matched = {old for old, _ in pairs if old is not None}
    pairs.extend((index, None) for index in range(len(old_lines)) if index not in matched)
    return pairs


def _project_changes(old: dict, new: dict) -> list[Change]:
    sheet = PROJECT_LINES.name
    old_lines, new_lines = old["project_lines"], new["project_lines"]
    changes = []
    pairs = match_project_lines(old_lines, new_lines)
    for old_index, new_index in pairs:
        if old_index is None:
            line = new_lines[new_index]
            amounts = "，".join(f"{PROJECT_FIELD_LABELS[f]} {_show(line[f])}" for f in PROJECT_AMOUNTS)
            changes.append(Change(sheet, line["name"], "新增项目", "—", amounts, "added"))
        elif new_index is None:
            line = old_lines[old_index]
            changes.append(Change(sheet, line["name"], "删除项目", f"决算 {_show(line['actual'])}", "—", "removed"))
        else:
            before, after = old_lines[old_index], new_lines[new_index]
            for field, label in PROJECT_FIELD_LABELS.items():
                if before[field] != after[field]:
                    changes.append(Change(sheet, after["name"], label, _show(before[field]), _show(after[field])))
    kept = [(o, n) for o, n in pairs if o is not None and n is not None]
    if [o for o, _ in kept] != sorted(o for o, _ in kept):
        changes.append(
            Change(
                sheet,
                "项目的顺序",
                "顺序",
                "、".join(old_lines[o]["name"] for o, _ in sorted(kept)),
                "、".join(new_lines[n]["name"] for _, n in kept),
                "moved",
            )
        )
    return changes


def state_changes(old: dict, new: dict, *, catalogue: dict[str, str], layout: Layout = DEFAULT_LAYOUT) -> list[Change]:
    """Every difference between two states, in the order of the sheets."""
    budget = _budget_changes(old, new, layout)
    by_sheet = {
        THREE_PUBLIC_TABLE.name: _three_public_changes(old, new),
        FUNCTIONAL_LINES.name: _functional_changes(old, new, catalogue),
        PROJECT_LINES.name: _project_changes(old, new),
    }
    for change in budget:
        by_sheet.setdefault(change.sheet, []).append(change)
    names = [*layout.names, *(name for name in by_sheet if name not in layout.names)]
    return [change for name in names for change in by_sheet.get(name, [])]
