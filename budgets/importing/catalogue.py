"""The MoF 支出功能分类 list of a year from Excel: the 「科目」 sheet, one 类 (3 digits), 款 (5) or
项 (7) per row with its name; the parent follows from the code. Reading and checking only, with a
problem at the cell for anything wrong; the write is ``budgets.catalogue.catalogue_import``.

The preview sorts each row into new / renamed / unchanged against the year's catalogue. Codes of the
year that the file does not list stay as they are (reports may use them).
"""

from dataclasses import dataclass, field

from ..models import CODE_LENGTH_BY_LEVEL, FunctionalCategory
from .cells import CellError, read_code, read_text
from .listsheet import Column, ListReader
from .reader import Problem

CATALOGUE_SHEET = "科目"
CATALOGUE_COLUMNS = [Column("code", "科目编码", required=True), Column("name", "科目名称", required=True)]
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTH_BY_LEVEL.items()}
NEW, RENAMED, UNCHANGED = "new", "renamed", "unchanged"
KIND_LABELS = {NEW: "新增", RENAMED: "更名", UNCHANGED: "不变"}


@dataclass(frozen=True)
class CatalogueRow:
    code: str
    name: str
    old_name: str  # the year's current name, "" for a new code
    kind: str

    @property
    def level(self) -> str:
        return LEVEL_BY_LENGTH[len(self.code)]

    @property
    def parent_code(self) -> str:
        return {3: "", 5: self.code[:3], 7: self.code[:5]}[len(self.code)]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class CataloguePreview:
    year: int
    problems: list[Problem] = field(default_factory=list)
    rows: list[CatalogueRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def of_kind(self, kind: str) -> list[CatalogueRow]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def changes(self) -> list[CatalogueRow]:
        return [row for row in self.rows if row.kind != UNCHANGED]


def _required_code(value) -> str:
    code = read_code(value)
    if not code:
        raise CellError("必填：科目编码不能为空。")
    return code


def _name(value) -> str:
    name = read_text(value, max_length=100)  # as written: official names keep their full-width （）
    if not name:
        raise CellError("必填：科目名称不能为空。")
    return name


def catalogue_import_prepare(*, year: int, data: bytes) -> CataloguePreview:
    """Read and check the workbook; compare with ``year``'s catalogue. Writes nothing."""
    reader = ListReader(data, [CATALOGUE_SHEET])
    current = dict(FunctionalCategory.objects.filter(fiscal_year_id=year).values_list("code", "name"))
    seen, parsed = {}, []
    for sheet, row, columns in reader.rows(CATALOGUE_SHEET, CATALOGUE_COLUMNS):
        code = reader.cell(sheet, row, columns["code"], _required_code)
        name = reader.cell(sheet, row, columns["name"], _name)
        if code is None or name is None:
            continue
        if code in seen:
            reader.problem(sheet.name, row, columns["code"], f"科目编码“{code}”与第 {seen[code]} 行重复。")
            continue
        seen[code] = row
        parsed.append((row, columns["code"], code, name))
    for row, column, code, _ in parsed:
        parent = {3: "", 5: code[:3], 7: code[:5]}[len(code)]
        if parent and parent not in seen and parent not in current:
            reader.problem(
                CATALOGUE_SHEET,
                row,
                column,
                f"上级科目“{parent}”既不在本文件中，也不在{year}年度的科目表中。请先填写上级科目的行（上级科目由编码的前 {len(parent)} 位确定）。",
            )
    rows = []
    for _, _, code, name in sorted(parsed, key=lambda item: item[2]):
        old = current.get(code, "")
        kind = NEW if code not in current else (UNCHANGED if old == name else RENAMED)
        rows.append(CatalogueRow(code=code, name=name, old_name=old, kind=kind))
    if not reader.problems and not rows:
        reader.problem(CATALOGUE_SHEET, None, None, "工作表中没有任何科目。")
    return CataloguePreview(year=year, problems=reader.problems, rows=rows)


def catalogue_rows_to_json(rows: list[CatalogueRow]) -> list[list[str]]:
    return [[row.code, row.name, row.old_name, row.kind] for row in rows]


def catalogue_rows_from_json(data: list) -> list[CatalogueRow]:
    return [CatalogueRow(code=c, name=n, old_name=o, kind=k) for c, n, o, k in data]
