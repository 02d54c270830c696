"""Last year's Word report mapped onto a report's outline — pure: body items in, findings out.

Headings are recognised by Word's heading styles / outline levels or by their manual numbering
(一、 （一） 1、 1. （1）); each is matched to an outline item (or a section's own sub-heading) by
its wording with numbering, years and explanations in brackets removed, so 「（一）2017年度整体支出
情况」 and 「（一）整体支出情况」 both find 二（一）. Text under a heading goes to that section's
narratives; sentence lists (「内设五个科室，分别是…」, 「一是…二是…」) become list rows only when
their pattern is unambiguous (the stated count must match, else the names are listed for the
user to type); figures come only from tables (整体支出, 三公) and from the fixed sentences of 一 1
(编制, 实有在职, 其中主任…). Lines: 一 2's
functional lines from 「主要用于A 1.5万元、B 2万元」 or a 科目/金额 table, each category by its code or
its exact name in the year's catalogue, else the closest categories are offered for the user to
choose; 二（四）'s project lines from 「其中A 93.14万元，主要用于…，…；B…」 or a 项目名称/决算 table — only
when every item reads that way. Headings may be numbered by Word's automatic list numbering. Everything
else is listed as unmatched: offered, never guessed.
"""

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from budgets.fields import BUDGET_TABLE_LABELS, THREE_PUBLIC_LABELS
from evaluations.outlines.builtin import BUILTIN_OUTLINES

from .reading import DocParagraph, DocTable

NUMERALS = "一二三四五六七八九十"
HEADING_NUMBER = re.compile(
    rf"^\s*(?:(?P<l2>[{NUMERALS}]+\s*[、.．])|(?P<l3>[（(]\s*[{NUMERALS}]+\s*[）)]\s*[、.．]?)"
    r"|(?P<l4>\d{1,2}\s*[、.．](?!\d))|(?P<l5>[（(]\s*\d{1,2}\s*[）)]))\s*"
)
ORDINAL = re.compile(rf"(?:^|(?<=[；;。]))\s*([{NUMERALS}]+)是")
ATTACHMENT = re.compile(r"^附件\s*\d+\s*$")
BRACKETED = re.compile(r"[（(][^）)]*[）)]")


@dataclass(frozen=True)
class Found:
    """One value the document offers for a field of the report."""

    slug: str  # section
    key: str  # "part.field" (a form field) or "part" (a list of rows)
    label: str
    value: object  # str, or a list of row dicts for a list
    source: str  # where in the document it was found

    @property
    def shown(self) -> str:
        if isinstance(self.value, list):
            return rows_text(self.value)
        return str(self.value)


def rows_text(rows: list[dict], names: dict | None = None) -> str:
    """A list's rows for the preview: 「办公室；业务科」, 「2010306 政务公开审批、373.98」 (``names``: code → name)."""
    shown = []
    for row in rows:
        values = []
        for key, value in row.items():
            if key in ("id", "candidates") or value in (None, "", False):
                continue
            if key == "category" and names and value in names:
                value = f"{value} {names[value]}"
            values.append("重点项目" if value is True else str(value))
        shown.append("、".join(values))
    return "；".join(shown)


@dataclass
class Mapping:
    found: list[Found] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # paragraphs and tables nobody took, described
    headings: list[tuple[str, str]] = field(default_factory=list)  # (heading in the document, what it matched)


def chinese_number(text: str) -> int | None:
    values = {ch: i for i, ch in enumerate("零一二三四五六七八九十")}
    values["两"] = 2
    if not text or any(ch not in values for ch in text):
        return None
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + values[text[1]]
    if len(text) == 2 and text.endswith("十"):
        return values[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return values[text[0]] * 10 + values[text[2]]
    return values[text] if len(text) == 1 else None


def heading_level(paragraph: DocParagraph) -> int | None:
    """2 (一、), 3 （一）, 4 (1、) or 5 （1）; None for body text."""
    text = paragraph.text.strip()
    if not text or len(text) > 60:
        return None
    match = HEADING_NUMBER.match(text)
    numbered_level = None
    if match:
        numbered_level = next(int(name[1]) for name in ("l2", "l3", "l4", "l5") if match.group(name))
        rest = text[match.end() :]
        if not rest or "。" in rest.rstrip("。") or rest.startswith(("是", "、")):
            numbered_level = None
    if paragraph.outline_level is not None:
        return numbered_level or min(paragraph.outline_level + 2, 5)
    if numbered_level is None and by_list_numbering(paragraph):
        return min(paragraph.list_level + 2, 5)
    return numbered_level


def by_list_numbering(paragraph: DocParagraph) -> bool:
    """A short paragraph whose only number is Word's automatic list numbering (w:numPr, the 「一、」
    drawn by Word, not typed): a heading if its wording matches one, else body text."""
    text = paragraph.text.strip()
    return (
        paragraph.list_level is not None
        and paragraph.outline_level is None
        and HEADING_NUMBER.match(text) is None
        and len(text) <= 40
        and not text.endswith(("。", "；", ";", "：", ":"))
    )


def core_words(text: str) -> str:
    """A heading's wording without its number, years, explanations in brackets and punctuation."""
    text = HEADING_NUMBER.sub("", text.strip(), count=1)
    text = BRACKETED.sub("", text)
    text = re.sub(r"\d{4}\s*年度?", "", text)
    text = re.sub(r"\{year\}年度?", "", text)
    return re.sub(r"[\s“”\"'‘’、，,。：:；;（）()—-]", "", text)


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.9 * min(len(a), len(b)) / max(len(a), len(b)) + 0.1
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class Target:
    """A heading the report knows: an outline item (``field`` None) or a sub-heading that owns a text."""

    slug: str | None  # None: a group heading (二、部门整体支出管理及使用情况), whose sections follow
    words: tuple[str, ...]
    field: str | None = None
    label: str = ""
    level: int = 0


def outline_targets(outline) -> list[Target]:
    """The report's own headings first, then the wording the shipped outlines of other years use for
    the same sections (a 2019 report read into a 2020-outline report, and the other way round), then
    the sub-headings sections print themselves, each heading a text (``Section.document_sub_headings``)."""
    targets = []
    labels = {item.slug: item.label for item in outline}
    entries = [(i.slug, i.title, i.heading, i.level, i.group_heading) for i in outline]
    for other in BUILTIN_OUTLINES:
        entries += [(slug, title, heading, level, group) for slug, _n, title, heading, level, group in other["entries"]]
    seen = set()
    for slug, title, heading, level, group in entries:
        if group and core_words(group) and (None, core_words(group)) not in seen:
            seen.add((None, core_words(group)))
            targets.append(Target(None, (core_words(group),), None, group, 2))
        words = tuple(sorted({core_words(heading), core_words(title)} - {""}))
        if slug in labels and words and (slug, words) not in seen:
            seen.add((slug, words))
            targets.append(Target(slug, words, None, labels[slug], level))
    for item in outline:
        for words, name in item.section.document_sub_headings.items():
            targets.append(Target(item.slug, (words,), name, words, item.level + 1))
    return targets


def match_heading(text: str, targets: list[Target], level: int, threshold: float = 0.6) -> Target | None:
    """The target whose wording is closest; the heading's level breaks ties (「整体支出情况」 is both
    一 2 and, without its year, 二（一）)."""
    words = core_words(text)
    scored = []
    for index, target in enumerate(targets):
        score = max(similarity(words, w) for w in target.words)
        scored.append((score, score + (0.05 if target.level == level else 0), -index))
    if not scored:
        return None
    score, _, index = max(scored, key=lambda entry: (entry[1], entry[2]))
    return targets[-index] if score >= threshold else None


# ---------------------------------------------------------------- sentences with figures


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return chinese_number(text)


PROFILE_PAGE = "请导入后在“一 1 部门基本情况”页面上填写"


def profile_findings(text: str, source: str) -> tuple[list[Found], list[str]]:
    """The fixed sentences of 一 1: 编制, 实有在职, 其中主任…, 内设N个科室，分别是… — and what is offered
    instead of taken (a count of 科室 that does not match the names listed)."""
    found, offered = [], []
    quota = re.search(r"核定[^，。；]*?(行政|事业)编制\s*(\d+)\s*名", text)
    if quota:
        found.append(
            Found(
                "profile",
                "profile.staffing_type",
                "编制类型",
                "administrative" if quota.group(1) == "行政" else "institutional",
                source,
            )
        )
        found.append(Found("profile", "profile.staff_quota", "编制数", quota.group(2), source))
    actual = re.search(r"实有在职([^\d，。；]{0,6}?)(\d+)\s*人", text)
    if actual:
        found.append(Found("profile", "profile.staff_actual", "实有在职人数", actual.group(2), source))
        if actual.group(1):
            found.append(Found("profile", "profile.staff_noun", "在职人员称谓", actual.group(1), source))
    posts = re.search(r"其中((?:[^，。；\d]{1,12}\d+人[，、,]?)+)", text)
    if posts:
        rows = [
            {"title": title, "count": count}
            for title, count in re.findall(r"([^，。；、,\d]{1,12}?)(\d+)人", posts.group(1))
        ]
        if rows:
            found.append(Found("profile", "posts", "领导职数", rows, source))
    divisions = re.search(rf"内设([{NUMERALS}两\d]+)个(科室|股室|处室|部门|机构)[，,：:]?(?:分别)?是?([^。；]+)", text)
    if divisions:
        names = [name.strip() for name in re.split(r"[、，,和及]", divisions.group(3)) if name.strip()]
        if _int(divisions.group(1)) == len(names):  # the stated count must match the list
            found.append(Found("profile", "divisions", "内设机构", [{"name": name} for name in names], source))
        else:
            offered.append(
                f"{source}：写明内设{divisions.group(1)}个{divisions.group(2)}，但列出{len(names)}个名称"
                f"（{'、'.join(names)}），内设机构未导入，{PROFILE_PAGE}"
            )
    return found, offered


def ordinal_list(texts: list[str]) -> list[str] | None:
    """「一是…；二是…」 (in one paragraph or one per paragraph) → the items, or None if not such a list."""
    joined = "".join(texts)
    marks = list(ORDINAL.finditer(joined))
    if not marks or joined[: marks[0].start()].strip():
        return None
    numbers = [chinese_number(m.group(1)) for m in marks]
    if numbers != list(range(1, len(marks) + 1)):
        return None
    items = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(joined)
        items.append(joined[mark.end() : end].strip().rstrip("；;").strip())
    return items


# ---------------------------------------------------------------- tables


def amount(text: str | None) -> str | None:
    """A table cell as a plain amount (「478.9」, 「1,234.50」, 「0」, 「—」/「-」 → 0), else None."""
    if text is None:
        return None
    cleaned = text.strip().replace(",", "").replace("，", "").replace("万元", "")
    if cleaned in ("—", "-", "－", "/"):
        return "0"
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return format(value, "f") if value >= 0 else None


BUDGET_ROWS = (("年初", "initial"), ("调整", "adjusted"), ("决算", "actual"), ("资产购置", "asset"))
BUDGET_COLUMNS = (("基本", "basic"), ("项目", "project"), ("专项", "special"))
THREE_PUBLIC_COLUMNS = (("出国", "abroad"), ("公车", "vehicle"), ("车", "vehicle"), ("接待", "reception"))


def _header_columns(header: list[str | None], names) -> dict[int, str]:
    columns = {}
    for index, text in enumerate(header):
        if index == 0 or not text:
            continue
        for word, key in names:
            if word in text and key not in columns.values():
                columns[index] = key
                break
    return columns


def header_rows(table: DocTable) -> int:
    """How many rows the header takes: those before the first row with an amount (a header with
    merged cells — 「其中」 over 基本支出/项目支出/政府专项 — takes two)."""
    for number, row in enumerate(table.rows):
        if any(amount(cell) is not None for cell in row[1:] if cell):
            return max(number, 1)
    return 1


def header(table: DocTable) -> list[str | None]:
    """Each column's heading, the texts of the header rows joined (merged cells count once)."""
    rows = table.rows[: header_rows(table)]
    width = max((len(row) for row in rows), default=0)
    return ["".join(row[i] or "" for row in rows if i < len(row)) or None for i in range(width)]


def table_kind(table: DocTable) -> str | None:
    text = "".join(cell or "" for row in table.rows[:2] for cell in row)
    if "基本支出" in text and "项目支出" in text:
        return "budget-table"
    if "公务接待" in text or "因公出国" in text:
        return "three-public"
    if "项目名称" in text and "决算" in text:
        return "projects"
    if "科目" in text and "金额" in text:
        return "spending"
    return None


def budget_table_findings(table: DocTable, source: str) -> list[Found]:
    columns = _header_columns(header(table), BUDGET_COLUMNS)
    found = []
    first = header_rows(table)
    for row_number, row in enumerate(table.rows[first:], start=first + 1):
        label = (row[0] or "").strip()
        key = next((key for word, key in BUDGET_ROWS if word in label), None)
        if key is None:
            continue
        for index, column in columns.items():
            value = amount(row[index] if index < len(row) else None)
            if value is None:
                continue
            name = f"asset_purchase_{column}" if key == "asset" else f"{column}_{key}"
            found.append(
                Found(
                    "budget-table",
                    f"table.{name}",
                    BUDGET_TABLE_LABELS[name],
                    value,
                    f"{source} 第{row_number}行第{index + 1}列",
                )
            )
    return found


def three_public_findings(table: DocTable, source: str) -> tuple[list[Found], list[str]]:
    """预算数 / 决算数 of each kind. 公车 (购置 + 运行) goes in only when it is 0: a sum cannot be split."""
    columns = _header_columns(header(table), THREE_PUBLIC_COLUMNS)
    found, offered = [], []
    first = header_rows(table)
    for row_number, row in enumerate(table.rows[first:], start=first + 1):
        label = (row[0] or "").strip()
        side = "budget_amount" if "预算" in label else "actual_amount" if "决算" in label else None
        if side is None:
            continue
        side_label = THREE_PUBLIC_LABELS[side]
        for index, kind in columns.items():
            value = amount(row[index] if index < len(row) else None)
            if value is None:
                continue
            where = f"{source} 第{row_number}行第{index + 1}列"
            if kind == "vehicle":
                if Decimal(value) == 0:
                    for part, part_label in (("vehicle_purchase", "公车购置"), ("vehicle_operation", "公车运行维护")):
                        found.append(
                            Found("three-public", f"three.{part}__{side}", f"{part_label}{side_label}", "0", where)
                        )
                else:
                    offered.append(
                        f"{where}：公车购置、运行{side_label} {value} 万元（购置与运行维护各多少无法从合计拆分，请在页面上分别填写）"
                    )
                continue
            kind_label = "因公出国（境）" if kind == "abroad" else "公务接待"
            found.append(Found("three-public", f"three.{kind}__{side}", f"{kind_label}{side_label}", value, where))
    return found, offered


# ---------------------------------------------------------------- lines: 一 2 功能分类支出 and 二（四） 项目


LINE_PHRASE = re.compile(r"^(?:(?P<code>\d{3,7})\s*)?(?P<name>\D.*?)\s*(?P<amount>\d+(?:\.\d+)?)\s*万元$")
CODE_IN_NAME = re.compile(r"[（(]\s*(\d{3,7})\s*[）)]")
USES = re.compile(r"主要用于(?P<items>[^。；;]+)")
PROJECTS_SENTENCE = re.compile(r"项目资金共\s*\d+(?:\.\d+)?\s*万元[，,]\s*其中(?P<items>[^。]+)。")
PROJECT_ITEM = re.compile(
    r"^(?P<name>\D.*?)\s*(?P<actual>\d+(?:\.\d+)?)\s*万元"
    r"(?:[，,]\s*主要用于(?P<purpose>[^，,]*))?(?:[，,]\s*(?P<management>.+))?$"
)
TOTAL_ROW = re.compile(r"^(?:合\s*计|小\s*计|总\s*计)")
MAX_CANDIDATES = 5
SPENDING_PAGE = "请导入后在“一 2 整体支出情况”页面上填写"
PROJECTS_PAGE = "请导入后在“二（四） 项目资金使用管理情况分析”页面上填写"


def _compact(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    for ending in ("支出", "经费", "费"):
        if name.endswith(ending) and len(name) > len(ending) + 1:
            return name[: -len(ending)]
    return name


def resolve_category(code: str | None, name: str, catalogue: dict) -> tuple[str, list[str]]:
    """``(code, [])`` when the code, or the exact name, is one category of the year's catalogue;
    otherwise ``("", candidates)``: the closest categories, offered for the user to choose, never guessed."""
    if code and code in catalogue:
        return code, []
    exact = sorted(key for key, category in catalogue.items() if category.name == name)
    if len(exact) == 1:
        return exact[0], []
    if exact:  # the same name under several 款 (行政运行…): the user says which
        return "", exact[:MAX_CANDIDATES]
    wanted = _compact(name)
    scored = sorted(
        (-similarity(wanted, _compact(category.name)), key)
        for key, category in catalogue.items()
        if similarity(wanted, _compact(category.name)) >= 0.5
    )
    return "", [key for _, key in scored[:MAX_CANDIDATES]]


def _line_row(code: str | None, name: str, amount_text: str, catalogue: dict) -> dict:
    bracket = CODE_IN_NAME.search(name)
    if bracket:
        code = code or bracket.group(1)
        name = (name[: bracket.start()] + name[bracket.end() :]).strip()
    resolved, candidates = resolve_category(code, name, catalogue)
    if resolved:
        shown = "" if catalogue[resolved].name == name else name
        return {"category": resolved, "display_name": shown, "amount": amount_text}
    return {"category": "", "display_name": name, "amount": amount_text, "candidates": candidates}


def _offered_rows(rows: list[dict], where: str, notes: list[str]) -> list[dict]:
    """Rows nothing in the catalogue resembles are listed as unmatched instead."""
    kept = []
    for row in rows:
        if "candidates" in row and not row["candidates"]:
            notes.append(
                f"{where}：“{row['display_name']}”（{row['amount']}万元）在本年度支出功能分类科目中找不到，{SPENDING_PAGE}"
            )
        else:
            kept.append(row)
    return kept


def functional_lines_from_text(text: str, source: str, catalogue: dict) -> tuple[Found | None, list[str]]:
    """「主要用于政务公开审批373.98万元、干部教育培训支出5.1万元…」 → functional lines, when every
    phrase is 「科目 + 金额」; categories by code or exact name, the rest offered."""
    uses = list(USES.finditer(text))
    if not uses:
        return None, []
    if len(uses) > 1:
        return None, [f"{source}：有多处“主要用于……”，功能分类支出未导入，{SPENDING_PAGE}"]
    rows = []
    for phrase in re.split(r"[、，,]", uses[0].group("items")):
        match = LINE_PHRASE.match(phrase.strip())
        value = amount(match.group("amount")) if match else None
        if value is None:
            return None, [f"{source}：“主要用于……”未能逐项拆分为“科目+金额”，功能分类支出未导入，{SPENDING_PAGE}"]
        rows.append(_line_row(match.group("code"), match.group("name").strip(), value, catalogue))
    notes: list[str] = []
    rows = _offered_rows(rows, source, notes)
    return (Found("spending", "lines", "功能分类支出", rows, source) if rows else None), notes


def project_lines_from_text(text: str, source: str) -> tuple[Found | None, list[str]]:
    """「项目资金共148.35万元，其中政务公开审批93.14万元，主要用于…，…；干部教育培训5.01万元，…」 → project
    lines (名称, 决算, 主要用途, 管理和监督方式), when every item reads 「名称 + 金额万元」."""
    match = PROJECTS_SENTENCE.search(text)
    if match is None:
        return None, []
    rows = []
    for item in match.group("items").split("；"):
        parts = PROJECT_ITEM.match(item.strip())
        value = amount(parts.group("actual")) if parts else None
        if value is None or not parts.group("name").strip():
            return None, [f"{source}：“其中……”未能逐项拆分为“项目名称+金额”，项目支出明细未导入，{PROJECTS_PAGE}"]
        rows.append(
            {
                "name": parts.group("name").strip(),
                "actual": value,
                "purpose": (parts.group("purpose") or "").strip(),
                "management": (parts.group("management") or "").strip(),
            }
        )
    return Found("projects", "lines", "项目支出明细", rows, source), []


FUNCTIONAL_COLUMNS = (("编码", "code"), ("代码", "code"), ("科目", "name"), ("名称", "name"), ("金额", "amount"))
PROJECT_COLUMNS = (
    ("名称", "name"),
    ("年初", "initial"),
    ("调整", "adjusted"),
    ("决算", "actual"),
    ("用途", "purpose"),
    ("管理", "management"),
)


def _columns(table: DocTable, names) -> dict[int, str]:
    columns = {}
    for index, text in enumerate(header(table)):
        for word, key in names:
            if text and word in text and key not in columns.values():
                columns[index] = key
                break
    return columns


def _table_rows(table: DocTable, names, amounts: tuple[str, ...]) -> list[dict[str, str]] | None:
    """The data rows as {key: text}; None when an amount cell is not an amount (nothing guessed)."""
    columns = _columns(table, names)
    rows = []
    for row in table.rows[header_rows(table) :]:
        values = {key: (row[i] or "").strip() if i < len(row) else "" for i, key in columns.items()}
        label = values.get("name") or (row[0] or "").strip()
        if not label or TOTAL_ROW.match(label):
            continue
        for key in amounts:
            if values.get(key):
                values[key] = amount(values[key])
                if values[key] is None:
                    return None
        rows.append(values)
    return rows


def functional_table_findings(table: DocTable, source: str, catalogue: dict) -> tuple[Found | None, list[str]]:
    rows = _table_rows(table, FUNCTIONAL_COLUMNS, ("amount",))
    if not rows or any(not row.get("amount") or not row.get("name") for row in rows):
        return None, [f"{source}：功能分类支出表中有无法识别的科目或金额，未导入，{SPENDING_PAGE}"]
    lines = []
    for row in rows:
        code, name = row.get("code") or None, row["name"]
        leading = re.match(r"^(\d{3,7})\s*(.*)$", name)
        if leading:
            code, name = code or leading.group(1), leading.group(2).strip() or name
        lines.append(_line_row(code, name, row["amount"], catalogue))
    notes: list[str] = []
    lines = _offered_rows(lines, source, notes)
    return (Found("spending", "lines", "功能分类支出", lines, source) if lines else None), notes


def project_table_findings(table: DocTable, source: str) -> tuple[Found | None, list[str]]:
    rows = _table_rows(table, PROJECT_COLUMNS, ("initial", "adjusted", "actual"))
    if not rows or any(not row.get("name") or not row.get("actual") for row in rows):
        return None, [f"{source}：项目支出表中有无法识别的项目名称或金额，未导入，{PROJECTS_PAGE}"]
    return Found("projects", "lines", "项目支出明细", rows, source), []


# ---------------------------------------------------------------- the document


def _source(paragraph: DocParagraph) -> str:
    shown = paragraph.text.strip()
    return f"第{paragraph.index + 1}段「{shown[:24]}{'…' if len(shown) > 24 else ''}」"


def map_document(items: list, outline, catalogue: dict | None = None) -> Mapping:
    """Walk the body in order, keep the current section and text target, and collect findings.
    ``catalogue`` (code → category with ``.name``): the year's 支出功能分类, for functional lines."""
    catalogue = catalogue or {}
    mapping = Mapping()
    targets = outline_targets(outline)
    slugs = {item.slug for item in outline}
    sections = {item.slug: item.section for item in outline}
    current: Target | None = None
    texts: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (slug, field) → [(text, source)]
    profile_parts: list[DocParagraph] = []
    list_parts: dict[str, list[DocParagraph]] = {"key_work": [], "goals": []}
    table_number = 0
    started = False
    for item in items:
        if isinstance(item, DocTable):
            table_number += 1
            source = f"表{table_number}"
            kind = table_kind(item)
            if kind == "budget-table" and kind in slugs:
                mapping.found += budget_table_findings(item, source)
            elif kind == "three-public" and kind in slugs:
                found, offered = three_public_findings(item, source)
                mapping.found += found
                mapping.unmatched += offered
            elif kind == "projects" and kind in slugs:
                lines, notes = project_table_findings(item, source)
                mapping.found += [lines] if lines else []
                mapping.unmatched += notes
            elif kind == "spending" and kind in slugs and catalogue:
                lines, notes = functional_table_findings(item, source, catalogue)
                mapping.found += [lines] if lines else []
                mapping.unmatched += notes
            else:
                first = "、".join(cell for cell in item.rows[0] if cell) if item.rows else ""
                mapping.unmatched.append(f"{source}（{len(item.rows)}行，首行：{first[:40]}）：未识别的表格")
            continue
        text = item.text.strip()
        if not text or text.startswith("单位：") or text.startswith("单位:"):
            continue
        if not started:  # the title: the first non-empty paragraph
            started = True
            if "报告" in text and heading_level(item) is None:
                continue
        if ATTACHMENT.match(text):
            break  # 附件1 评分表, 附件2 基础数据表: computed by the app, not imported
        level = heading_level(item)
        target = match_heading(text, targets, level) if level is not None else None
        if target is None and level is not None and by_list_numbering(item):
            level = None  # an automatically numbered list item, not a heading
        if level is not None:
            if target is not None:
                current = target if target.slug is not None else None
                mapping.headings.append((text, target.label or target.slug))
            elif level == 2:
                # a group heading (一、部门概况): its sections follow
                current = None
                mapping.headings.append((text, ""))
            else:
                mapping.unmatched.append(f"{_source(item)}：标题未能对应到报告提纲")
                current = None
            continue
        if current is None:
            mapping.unmatched.append(f"{_source(item)}：不在可识别的标题之下")
            continue
        if current.field is not None:
            texts.setdefault((current.slug, current.field), []).append((text, _source(item)))
        elif current.slug == "profile":
            profile_parts.append(item)
        elif current.slug == "goals":
            list_parts["goals"].append(item)
        elif sections[current.slug].document_text:  # the one text a section's plain paragraphs go to
            texts.setdefault((current.slug, sections[current.slug].document_text), []).append((text, _source(item)))
        else:
            mapping.unmatched.append(f"{_source(item)}：所在部分（{current.label}）不接收文字")
    mapping.found += _profile(profile_parts, mapping)
    mapping.found += _goals(list_parts["goals"], mapping)
    mapping.found += _lines_in_texts(texts, mapping, catalogue, slugs)
    labels = {target.field: target.label for target in targets if target.field} | {
        section.document_text: section.text_label(section.document_text)
        for section in sections.values()
        if section.document_text
    }
    for (slug, name), parts in texts.items():
        mapping.found.append(
            Found(
                slug,
                f"narratives.{name}",
                labels[name],
                "\n".join(t for t, _ in parts),
                "、".join(s for _, s in parts[:1]) + (f" 等{len(parts)}段" if len(parts) > 1 else ""),
            )
        )
    return mapping


def _profile(parts: list[DocParagraph], mapping: Mapping) -> list[Found]:
    """一 1: the staff sentence (figures and lists), 主要职责, the intro to 重点工作, 一是… items."""
    found: list[Found] = []
    duties: list[DocParagraph] = []
    key_work: list[DocParagraph] = []
    in_key_work = False
    for paragraph in parts:
        text = paragraph.text.strip()
        facts, offered = profile_findings(text, _source(paragraph))
        if (facts or offered) and not in_key_work:
            found += facts
            mapping.unmatched += offered
        elif re.search(r"重点工作[：:]?$", text) or "完成了以下" in text:
            in_key_work = True
        elif in_key_work or ORDINAL.match(text):
            in_key_work = True
            key_work.append(paragraph)
        elif "职责" in text or duties:
            duties.append(paragraph)
        else:
            mapping.unmatched.append(f"{_source(paragraph)}：一 1 中未能识别的段落")
    if duties:
        found.append(
            Found(
                "profile", "profile.duties", "主要职责", "\n".join(p.text.strip() for p in duties), _source(duties[0])
            )
        )
    if key_work:
        items = ordinal_list([p.text.strip() for p in key_work]) if len(key_work) == 1 else _one_per_paragraph(key_work)
        if items:
            found.append(Found("profile", "key_work", "重点工作", [{"text": t} for t in items], _source(key_work[0])))
        else:
            mapping.unmatched += [f"{_source(p)}：重点工作未能拆分为条目" for p in key_work]
    return found


def _one_per_paragraph(paragraphs: list[DocParagraph]) -> list[str] | None:
    items = []
    for number, paragraph in enumerate(paragraphs, start=1):
        match = ORDINAL.match(paragraph.text.strip())
        if not match or chinese_number(match.group(1)) != number:
            return None
        items.append(paragraph.text.strip()[match.end() :].strip())
    return items


def _goals(parts: list[DocParagraph], mapping: Mapping) -> list[Found]:
    if not parts:
        return []
    items = ordinal_list([p.text.strip() for p in parts])
    if items:
        items[-1] = items[-1].rstrip("。")
        return [Found("goals", "goals", "绩效目标", [{"text": t} for t in items], _source(parts[0]))]
    mapping.unmatched += [f"{_source(p)}：绩效目标未能拆分为“一是……二是……”条目" for p in parts]
    return []


def _lines_in_texts(texts: dict, mapping: Mapping, catalogue: dict, slugs: set) -> list[Found]:
    """Functional lines from 一 2's sentence and project lines from 项目组织实施情况's, unless a
    table already gave them."""
    taken = {(item.slug, item.key) for item in mapping.found}
    found = []
    readers = (
        (
            "spending",
            "spending_summary_override",
            lambda text, source: functional_lines_from_text(text, source, catalogue),
        ),
        ("projects", "project_implementation_override", project_lines_from_text),
    )
    for slug, name, read in readers:
        if slug not in slugs or (slug, "lines") in taken or (slug == "spending" and not catalogue):
            continue
        for text, source in texts.get((slug, name), []):
            lines, notes = read(text, source)
            mapping.unmatched += notes
            if lines or notes:
                found += [lines] if lines else []
                break
    return found
