"""Reading the parts of an .xlsx the import needs, trusting nothing the file says about itself.

``safety.check_file`` has already looked at what the zip *declares*. Here every part is
decompressed as a stream and parsed as it arrives (expat), counting what is really there:

* bytes decompressed, per part and in all (``MAX_PART_BYTES``, ``MAX_READ_BYTES``), and XML
  elements per part — a part that keeps going is stopped, not read to its end;
* shared strings: how many, and their total length; one cell's text: Excel's own 32,767 limit;
* rows and cells actually present in a sheet — the ``<dimension>`` a sheet declares is ignored,
  so rows beyond it are read (and counted against ``MAX_ROWS_PER_SHEET``) like any others;
* no DOCTYPE, no entity declarations (so no "billion laughs", no external entities);
* broken XML, corrupted compressed data (CRC), impossible cell positions: the file is refused.

Anything wrong with the file as a whole raises ``FileRefused`` with a Chinese message. A single
cell whose stored value no spreadsheet program writes (``NaN``, ``inf``, 5,000 digits, a string
index that does not exist …) becomes an ``Unreadable`` value, reported at its cell by the reader.

Values are typed as openpyxl types them (int or float, str, bool, datetime for date-formatted
numbers), with the cached result of a formula as its value, so the cell readers see what they
always saw; only the import reads workbooks, openpyxl still writes them.
"""

import io
import logging
import math
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from .safety import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_CELLS_PER_SHEET,
    MAX_PART_BYTES,
    MAX_READ_BYTES,
    MAX_ROWS_PER_SHEET,
    MAX_SHARED_STRING_CHARS,
    MAX_SHARED_STRINGS,
    MAX_STYLES,
    MAX_XML_ELEMENTS,
    SAVE_AS_XLSX,
    FileRefused,
)

logger = logging.getLogger("security")

CHUNK = 64 * 1024
MAX_EXCEL_ROW = 1_048_576
MAX_EXCEL_COLUMN = 16_384
MAX_NUMBER_CHARS = 40  # "-1.2345678901234567E+308" is 24; nothing a spreadsheet writes is longer
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$")
_CELL_REF = re.compile(r"^([A-Z]{1,3})([1-9]\d{0,6})$")
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

CORRUPTED = "文件已损坏（压缩数据或内部 XML 无法读取），无法导入。" + SAVE_AS_XLSX
FORBIDDEN_DECLARATION = (
    "文件包含不允许的 XML 声明（DOCTYPE 或实体），Excel 不会写出这样的文件，为安全起见未读取。" + SAVE_AS_XLSX
)
TOO_BIG = "文件解压后体积异常（疑似“压缩炸弹”），为安全起见未读取。请使用系统提供的导入模板重新填写。"
TOO_MUCH_TEXT = (
    "文件中的文字数据过多（超过 {limit}），为安全起见未读取。请使用系统提供的导入模板，只填写本部门本年度的数据。"
)


@dataclass(frozen=True)
class Unreadable:
    """A cell value that is not a value (``NaN``, a 5,000-digit number, a missing shared string …)."""

    shown: str
    reason: str

    def __str__(self):
        return self.shown


@dataclass
class Sheet:
    name: str
    values: dict = field(default_factory=dict)  # (row, column) → value, columns up to max_columns only
    formulas: dict = field(default_factory=dict)  # (row, column) → "=…", only where no cached result is stored
    rows_read: int = 0
    cells_read: int = 0

    def row_numbers(self) -> list[int]:
        return sorted({row for row, _ in self.values} | {row for row, _ in self.formulas})


class _Stop(Exception):
    """Raised inside a parser callback to abandon the part; carries the ``FileRefused``."""

    def __init__(self, refusal: FileRefused):
        self.refusal = refusal


def _refuse(message: str):
    raise _Stop(FileRefused(message))


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _Budget:
    """Bytes decompressed over the whole file."""

    def __init__(self):
        self.read = 0


def _parse_part(archive: zipfile.ZipFile, name: str, handler, budget: _Budget) -> None:
    """Stream-decompress ``name`` into an expat parser driving ``handler`` (start, end, text)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def forbidden(*args):
        _refuse(FORBIDDEN_DECLARATION)

    parser.StartDoctypeDeclHandler = forbidden
    parser.EntityDeclHandler = forbidden
    parser.ExternalEntityRefHandler = forbidden
    elements = 0
    start = handler.start

    def counted_start(tag, attributes):
        nonlocal elements
        elements += 1
        if elements > MAX_XML_ELEMENTS:
            _refuse("文件内部结构异常（XML 元素过多），为安全起见未读取。" + SAVE_AS_XLSX)
        start(_local(tag), attributes)

    parser.StartElementHandler = counted_start
    parser.EndElementHandler = lambda tag: handler.end(_local(tag))
    parser.CharacterDataHandler = handler.text
    part_bytes = 0
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            part_bytes += len(chunk)
            budget.read += len(chunk)
            if part_bytes > MAX_PART_BYTES or budget.read > MAX_READ_BYTES:
                _refuse(TOO_BIG)
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


# Small parts: relationships, workbook, custom properties, styles -------------------------------------
class _Collect:
    """Calls ``on_start(tag, attributes)``; collects the text of elements named in ``text_of``."""

    def __init__(self, on_start=None, text_of=(), on_text=None):
        self.on_start = on_start
        self.text_of = set(text_of)
        self.on_text = on_text
        self.buffer: list[str] | None = None

    def start(self, tag, attributes):
        if self.on_start:
            self.on_start(tag, attributes)
        if tag in self.text_of:
            self.buffer = []

    def end(self, tag):
        if tag in self.text_of and self.buffer is not None:
            self.on_text(tag, "".join(self.buffer))
            self.buffer = None

    def text(self, data):
        if self.buffer is not None:
            self.buffer.append(data)
            if len(self.buffer) > 64 and sum(map(len, self.buffer)) > MAX_CELL_CHARS:
                _refuse(TOO_MUCH_TEXT.format(limit=f"{MAX_CELL_CHARS:,} 字的单个值"))


def _relationships(archive, name: str, budget) -> dict[str, tuple[str, str]]:
    """Id → (type, part name) of a .rels part; {} when there is none."""
    if name not in archive.NameToInfo:
        return {}
    base = posixpath.dirname(posixpath.dirname(name))  # xl/_rels/workbook.xml.rels → xl
    found = {}

    def on_start(tag, attributes):
        if tag == "Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            found[attributes.get("Id", "")] = (attributes.get("Type", ""), path)

    _parse_part(archive, name, _Collect(on_start), budget)
    return found


def _of_type(relationships: dict, kind: str) -> str | None:
    return next((path for rel_type, path in relationships.values() if rel_type == _REL_TYPE + kind), None)


def _custom_properties(archive, name: str, budget) -> dict[str, str]:
    properties, current = {}, []

    def on_start(tag, attributes):
        if tag == "property":
            current[:] = [attributes.get("name", "")]

    def on_text(tag, text):
        if current and current[0] not in properties:
            properties[current[0]] = text

    _parse_part(archive, name, _Collect(on_start, ("lpwstr", "lpstr", "i4", "int", "decimal"), on_text), budget)
    return properties


def _date_styles(archive, name: str | None, budget) -> tuple[set[int], set[int]]:
    """Indexes of the cell formats (``s``) that show numbers as dates, and as durations."""
    if not name or name not in archive.NameToInfo:
        return set(), set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"cell_xfs": False}

    def on_start(tag, attributes):
        if tag == "numFmt":
            try:
                custom[int(attributes.get("numFmtId", ""))] = attributes.get("formatCode", "")
            except ValueError:
                pass
        elif tag == "cellXfs":
            state["cell_xfs"] = True
        elif tag == "xf" and state["cell_xfs"]:
            if len(formats) >= MAX_STYLES:
                _refuse("文件内部结构异常（单元格格式过多），为安全起见未读取。" + SAVE_AS_XLSX)
            try:
                formats.append(int(attributes.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    class Styles(_Collect):
        def end(self, tag):
            if tag == "cellXfs":
                state["cell_xfs"] = False

    _parse_part(archive, name, Styles(on_start), budget)
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    dates, durations = set(), set()
    for index, format_id in enumerate(formats):
        code = custom.get(format_id, BUILTIN_FORMATS.get(format_id, "General"))
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


# Shared strings ---------------------------------------------------------------------------------------
class _SharedStrings:
    def __init__(self):
        self.strings: list[str] = []
        self.chars = 0
        self.depth_rph = 0
        self.buffer: list[str] | None = None  # text of the current <si>
        self.collecting = False

    def start(self, tag, attributes):
        if tag == "si":
            self.buffer = []
        elif tag == "rPh":
            self.depth_rph += 1
        elif tag == "t" and self.buffer is not None and not self.depth_rph:
            self.collecting = True

    def end(self, tag):
        if tag == "t":
            self.collecting = False
        elif tag == "rPh":
            self.depth_rph -= 1
        elif tag == "si" and self.buffer is not None:
            text = "".join(self.buffer).replace("x005F_", "")  # as openpyxl reads them
            self.buffer = None
            if len(self.strings) >= MAX_SHARED_STRINGS:
                _refuse(TOO_MUCH_TEXT.format(limit=f"{MAX_SHARED_STRINGS:,} 个不同的文字值"))
            self.strings.append(text)

    def text(self, data):
        if self.collecting:
            self.chars += len(data)
            if self.chars > MAX_SHARED_STRING_CHARS:
                _refuse(TOO_MUCH_TEXT.format(limit=f"{MAX_SHARED_STRING_CHARS:,} 字"))
            self.buffer.append(data)
            if len(data) > MAX_CELL_CHARS or sum(map(len, self.buffer)) > MAX_CELL_CHARS:
                _refuse(TOO_MUCH_TEXT.format(limit=f"{MAX_CELL_CHARS:,} 字的单个值"))


# Worksheets -----------------------------------------------------------------------------------------
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _number(text: str):
    """A stored number as openpyxl types it (int, or float with a point or exponent), or Unreadable."""
    shown = text if len(text) <= 30 else text[:30] + "…"
    if len(text) > MAX_NUMBER_CHARS or not _NUMBER.match(text):
        return Unreadable(
            shown, f"单元格中保存的数值“{shown}”不是有效的数字（Excel 不会写出这样的值）。请重新输入该数字。"
        )
    if "." in text or "e" in text or "E" in text:
        value = float(text)
        if not math.isfinite(value):
            return Unreadable(shown, f"单元格中保存的数值“{shown}”超出了数字的范围。请重新输入该数字。")
        return value
    return int(text)


class _Worksheet:
    def __init__(self, sheet: Sheet, *, shared: list[str], dates, durations, epoch, max_columns: int, totals):
        self.sheet = sheet
        self.shared = shared
        self.dates, self.durations, self.epoch = dates, durations, epoch
        self.max_columns = max_columns
        self.totals = totals  # cells read in the whole workbook, shared by the sheets
        self.row = 0
        self.column = 0
        self.cell = None  # (row, column, type, style) of the open <c>
        self.target: list[str] | None = None  # where character data goes
        self.value: list[str] | None = None
        self.formula: list[str] | None = None
        self.inline: list[str] | None = None
        self.in_inline = False
        self.depth_rph = 0
        self.chars = 0

    def start(self, tag, attributes):
        if tag == "c":
            self.open_cell(attributes)
        elif self.cell is None:
            if tag == "row":
                self.open_row(attributes)
        elif tag == "v":
            self.value = self.target = []
        elif tag == "f":
            self.formula = self.target = []
        elif tag == "is":
            self.in_inline, self.inline = True, []
        elif tag == "rPh":
            self.depth_rph += 1
        elif tag == "t" and self.in_inline and not self.depth_rph:
            self.target = self.inline

    def open_row(self, attributes):
        self.sheet.rows_read += 1
        number = attributes.get("r")
        if number is None:
            self.row += 1
        elif number.isdigit() and 0 < int(number) <= MAX_EXCEL_ROW:
            self.row = int(number)
        else:
            self.bad_position(f"第 {number[:20]} 行")
        if self.sheet.rows_read > MAX_ROWS_PER_SHEET or self.row > MAX_ROWS_PER_SHEET:
            self.too_many_rows()
        self.column = 0

    def too_many_rows(self):
        _refuse(
            f"工作表「{self.sheet.name}」超过 {MAX_ROWS_PER_SHEET:,} 行，未读取。"
            "导入模板只需要几十行，请删除多余的行（包括设置了格式的空行）后再上传。"
        )

    def open_cell(self, attributes):
        sheet = self.sheet
        sheet.cells_read += 1
        self.totals[0] += 1
        if sheet.cells_read > MAX_CELLS_PER_SHEET or self.totals[0] > MAX_CELLS:
            _refuse(
                f"工作表「{sheet.name}」的单元格过多（全部工作表合计不超过 {MAX_CELLS:,} 个，"
                f"每张不超过 {MAX_CELLS_PER_SHEET:,} 个），未读取。请删除多余的行和列后再上传。"
            )
        reference = attributes.get("r")
        if reference is None:
            row, column = self.row or 1, self.column + 1
        else:
            match = _CELL_REF.match(reference)
            column = _column_number(match.group(1)) if match else 0
            row = int(match.group(2)) if match else 0
            if not match or column > MAX_EXCEL_COLUMN or row > MAX_EXCEL_ROW:
                self.bad_position(f"“{reference[:20]}”")
            if row > MAX_ROWS_PER_SHEET:
                self.too_many_rows()
        self.row, self.column = row, column
        self.cell = (row, column, attributes.get("t", "n"), attributes.get("s"))
        self.value = self.formula = self.inline = self.target = None
        self.in_inline, self.depth_rph, self.chars = False, 0, 0

    def bad_position(self, where: str):
        _refuse(
            f"文件内部结构异常（工作表「{self.sheet.name}」中的单元格位置 {where} 无效），无法读取。" + SAVE_AS_XLSX
        )

    def end(self, tag):
        if tag == "c":
            self.close_cell()
        elif tag in ("v", "f", "t"):
            self.target = None
        elif tag == "is":
            self.in_inline = False
        elif tag == "rPh":
            self.depth_rph -= 1

    def text(self, data):
        if self.target is not None:
            self.chars += len(data)
            if self.chars > MAX_CELL_CHARS:
                _refuse(TOO_MUCH_TEXT.format(limit=f"{MAX_CELL_CHARS:,} 字的单个值"))
            self.target.append(data)

    def close_cell(self):
        row, column, kind, style = self.cell
        self.cell = None
        if column > self.max_columns:
            return
        key = (row, column)
        if self.formula is not None and not self.value:  # a formula without its result
            if kind != "inlineStr":
                text = "".join(self.formula)
                text = text if len(text) <= 60 else text[:60] + "…"  # quoted in a message
                self.sheet.formulas[key] = "=" + text if text else "=（共享公式）"
                self.sheet.values.pop(key, None)
                return
        value = self.typed(kind, style)
        if value is None:
            self.sheet.values.pop(key, None)
        else:
            self.sheet.values[key] = value
        self.sheet.formulas.pop(key, None)

    def typed(self, kind: str, style):
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else None
        text = "".join(self.value) if self.value is not None else ""
        if text == "":
            return None
        shown = text if len(text) <= 30 else text[:30] + "…"
        if kind == "n":
            number = _number(text)
            if isinstance(number, Unreadable) or style is None or not style.isdigit():
                return number
            index = int(style)
            if index in self.dates:
                from openpyxl.utils.datetime import from_excel

                try:
                    return from_excel(number, self.epoch, timedelta=index in self.durations)
                except (OverflowError, ValueError, ArithmeticError):
                    return Unreadable(shown, f"单元格设置为日期格式，但其中的数值“{shown}”不是有效日期。")
            return number
        if kind == "s":
            if text.isdigit() and int(text) < len(self.shared):
                return self.shared[int(text)]
            return Unreadable(
                shown, "单元格引用了文件中不存在的文字（共享字符串），文件可能已损坏。请重新输入该单元格。"
            )
        if kind == "str" or kind == "e":
            return text
        if kind == "b":
            return (
                text in ("1", "true")
                if text in ("0", "1", "true", "false")
                else Unreadable(shown, f"单元格中保存的逻辑值“{shown}”无效。请重新输入。")
            )
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                value = from_ISO8601(text)
            except (ValueError, OverflowError, TypeError):
                value = None
            return value if value is not None else Unreadable(shown, f"单元格中保存的日期“{shown}”无效。")
        return Unreadable(shown, f"单元格的数据类型“{kind[:10]}”无法识别，文件可能已损坏。请重新输入该单元格。")


# The workbook -------------------------------------------------------------------------------------------
def read_workbook(data: bytes, *, sheet_names, max_columns: int) -> tuple[dict[str, Sheet], dict[str, str]]:
    """The named sheets that exist (values and formulas), and the workbook's custom properties."""
    try:
        return _read(data, set(sheet_names), max_columns)
    except _Stop as stop:
        raise stop.refusal from None
    except FileRefused:
        raise
    except expat.ExpatError as error:
        logger.info("导入文件的 XML 无法解析：%s", error, extra={"event": "import_xml_error"})
        raise FileRefused(CORRUPTED) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, KeyError):
        raise FileRefused(CORRUPTED) from None
    except Exception:  # any other failure to read an untrusted file is the file's fault, not a 500
        logger.warning("导入文件读取时出现意外错误", exc_info=True, extra={"event": "import_reader_error"})
        raise FileRefused(CORRUPTED) from None


def _read(data: bytes, wanted: set[str], max_columns: int):
    # openpyxl only where a workbook is read: every command and page that merely imports this module skips it.
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    budget = _Budget()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = _relationships(archive, "_rels/.rels", budget)
        workbook_part = _of_type(package, "officeDocument") or "xl/workbook.xml"
        rels_part = posixpath.join(
            posixpath.dirname(workbook_part), "_rels", posixpath.basename(workbook_part) + ".rels"
        )
        relationships = _relationships(archive, rels_part, budget)

        sheets, epoch = [], [CALENDAR_WINDOWS_1900]

        def on_start(tag, attributes):
            if tag == "sheet":
                rid = next((v for k, v in attributes.items() if _local(k) == "id"), "")
                sheets.append((attributes.get("name", ""), rid))
            elif tag == "workbookPr" and attributes.get("date1904") in ("1", "true"):
                epoch[0] = CALENDAR_MAC_1904

        _parse_part(archive, workbook_part, _Collect(on_start), budget)

        custom_part = next(
            (path for rel_type, path in package.values() if rel_type.endswith("/custom-properties")),
            "docProps/custom.xml",
        )
        identity = _custom_properties(archive, custom_part, budget) if custom_part in archive.NameToInfo else {}

        shared: list[str] = []
        shared_part = _of_type(relationships, "sharedStrings")
        if shared_part and shared_part in archive.NameToInfo:
            reader = _SharedStrings()
            _parse_part(archive, shared_part, reader, budget)
            shared = reader.strings
        dates, durations = _date_styles(archive, _of_type(relationships, "styles"), budget)

        result, totals = {}, [0]
        for name, rid in sheets:
            if name not in wanted or name in result:
                continue
            rel_type, part = relationships.get(rid, ("", ""))
            if not rel_type.endswith("/worksheet") or part not in archive.NameToInfo:
                continue  # reported as a missing sheet
            sheet = Sheet(name)
            handler = _Worksheet(
                sheet,
                shared=shared,
                dates=dates,
                durations=durations,
                epoch=epoch[0],
                max_columns=max_columns,
                totals=totals,
            )
            _parse_part(archive, part, handler, budget)
            result[name] = sheet
    return result, identity
