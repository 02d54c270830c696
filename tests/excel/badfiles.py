"""A corpus of bad upload files, generated in memory (no binary blobs in the repository).

Each builder returns bytes; ``BAD_FILES`` pairs them with the Chinese message the import must
give. Builders that need a valid workbook to start from take its bytes.
"""

import functools
import io
import random
import re
import struct
import zipfile

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def csv_file() -> bytes:
    return "科目编码,科目名称,金额\n2010306,政务公开审批,373.98\n2050802,干部教育,5.10\n".encode()


def xls_file() -> bytes:
    """An OLE compound file as Excel 97-2003 writes it: the magic, a header and a 'Workbook' stream name."""
    header = OLE_MAGIC + bytes(16) + struct.pack("<HHH", 0x3E, 0x3, 0xFFFE) + bytes(512 - 30)
    directory = "Root Entry".encode("utf-16-le").ljust(64, b"\0") + "Workbook".encode("utf-16-le").ljust(64, b"\0")
    return header + directory + bytes(1024)


def encrypted_xlsx() -> bytes:
    """A password-protected .xlsx: Office stores it as an OLE container with these two streams."""
    header = OLE_MAGIC + bytes(16) + struct.pack("<HHH", 0x3E, 0x3, 0xFFFE) + bytes(512 - 30)
    names = [b"Root Entry", b"EncryptionInfo", b"EncryptedPackage", b"\x06DataSpaces"]
    directory = b"".join(name.decode("latin-1").encode("utf-16-le").ljust(128, b"\0") for name in names)
    return header + directory + random.Random(1).randbytes(4096)


def renamed_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + bytes(200) + b"\n%%EOF\n"


def random_bytes() -> bytes:
    data = random.Random(20181231).randbytes(8192)
    assert not data.startswith((b"PK", OLE_MAGIC[:2], b"%PDF"))
    return data


def empty_file() -> bytes:
    return b""


def _rezip(source: bytes, *, add: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            data = (replace or {}).get(info.filename, archive.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def macro_enabled(valid_xlsx: bytes) -> bytes:
    """The same workbook saved as .xlsm: a VBA project part and the macro-enabled content type."""
    with zipfile.ZipFile(io.BytesIO(valid_xlsx)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return _rezip(valid_xlsx, add={"xl/vbaProject.bin": b"\xcc" * 512}, replace={"[Content_Types].xml": types.encode()})


def oversized(valid_xlsx: bytes, size: int = 5 * 1024 * 1024 + 1) -> bytes:
    """A real workbook padded (with an incompressible extra part) past the 5 MB limit."""
    padding = random.Random(5).randbytes(size)
    data = _rezip(valid_xlsx, add={"xl/media/padding.bin": padding})
    assert len(data) > 5 * 1024 * 1024
    return data


def zip_bomb(valid_xlsx: bytes, declared_mb: int = 20) -> bytes:
    """A workbook with one part that inflates to ``declared_mb`` MB from a few hundred KB."""
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(valid_xlsx)) as archive:
        names = archive.namelist()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(valid_xlsx)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            target.writestr(name, archive.read(name))
        with target.open("xl/worksheets/sheet99.xml", "w") as handle:
            for _ in range(declared_mb):
                handle.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    return data


def word_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "不是 Excel")
    return out.getvalue()


def truncated(valid_xlsx: bytes) -> bytes:
    return valid_xlsx[: len(valid_xlsx) // 2]


def with_cached_results(valid_xlsx: bytes, results: dict[str, str]) -> bytes:
    """Store a cached result for formulas (openpyxl writes formulas without one; Excel saves both).

    ``results`` maps a formula as written in the cell without '=' (e.g. ``"B5+C5"``) to its value.
    """
    replace = {}
    with zipfile.ZipFile(io.BytesIO(valid_xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = archive.read(name).decode()
                for formula, cached in results.items():
                    # openpyxl writes an empty <v /> (xml.etree) or <v/> / <v></v> (lxml)
                    xml = re.sub(
                        rf"<f>{re.escape(formula)}</f>\s*(<v\s*/>|<v></v>)?\s*</c>",
                        f"<f>{formula}</f><v>{cached}</v></c>",
                        xml,
                    )
                replace[name] = xml.encode()
    return _rezip(valid_xlsx, replace=replace)


# (name, builder needing a valid workbook?, expected message fragment)
SIMPLE_BAD_FILES = [
    ("csv", csv_file, "这是文本文件（如 CSV），不是 Excel 工作簿"),
    ("xls", xls_file, "这是旧版 Excel 97-2003 工作簿（.xls）"),
    ("encrypted", encrypted_xlsx, "文件设置了打开密码（已加密）"),
    ("renamed_pdf", renamed_pdf, "这是 PDF 文件，不是 Excel 工作簿"),
    ("random_bytes", random_bytes, "无法识别的文件，不是 Excel 工作簿（.xlsx）"),
    ("empty", empty_file, "上传的文件是空的"),
    ("word", word_document, "这是 Word 文档，不是 Excel 工作簿"),
    ("plain_zip", plain_zip, "文件不是 Excel 工作簿（.xlsx）"),
]
DERIVED_BAD_FILES = [
    ("macro_enabled", macro_enabled, "这是启用宏的工作簿（.xlsm），为安全起见不予导入"),
    ("oversized", oversized, "文件过大"),
    ("zip_bomb", zip_bomb, "文件解压后体积异常（疑似“压缩炸弹”）"),
    ("truncated", truncated, "文件已损坏"),
]


# Hostile workbooks: valid zip containers within every declared limit (size, ratio, entries), whose
# content costs a naive reader time and memory, hides rows, or breaks the XML parser. ---------------
def sheet_part(valid_xlsx: bytes, sheet_name: str) -> str:
    """The zip part of a sheet, found the way a reader must: workbook.xml → its relationships."""
    with zipfile.ZipFile(io.BytesIO(valid_xlsx)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet_name)}"[^>]*r:id="([^"]+)"', workbook).group(1)
    target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels).group(1)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _edit_part(valid_xlsx: bytes, part: str, edit) -> bytes:
    with zipfile.ZipFile(io.BytesIO(valid_xlsx)) as archive:
        xml = archive.read(part).decode()
    return _rezip(valid_xlsx, replace={part: edit(xml).encode()})


def _with_shared_strings(valid_xlsx: bytes, sst: bytes) -> bytes:
    """Add xl/sharedStrings.xml, declared in the content types and the workbook's relationships."""
    with zipfile.ZipFile(io.BytesIO(valid_xlsx)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
        '.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml" Id="rIdSst"/></Relationships>',
    )
    return _rezip(
        valid_xlsx,
        replace={"[Content_Types].xml": types.encode(), "xl/_rels/workbook.xml.rels": rels.encode()},
        add={"xl/sharedStrings.xml": sst},
    )


_PHRASE = "天心区政务服务中心按照预算管理要求加强项目资金管理确保资金使用规范安全有效提高财政资金使用效益"


@functools.lru_cache(maxsize=2)
def shared_strings_bomb(valid_xlsx: bytes, megabytes: float = 59.8) -> bytes:
    """59.8 MB of shared strings (69,000 strings of ~300 characters) in a 1.5 MB file: every declared
    size and the compression ratio (≈ 40) are within the limits, yet a reader that loads the string
    table (openpyxl, twice) spends 20 s and 400 MB on it."""
    rng = random.Random(598)
    pieces = [_PHRASE[i:] + _PHRASE[:i] for i in range(32)]
    parts, size = (
        [
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        ],
        0,
    )
    while size < megabytes * 1_000_000:
        item = ("<si><t>" + "".join(rng.choice(pieces) for _ in range(6)) + "</t></si>").encode()
        parts.append(item)
        size += len(item)
    parts.append(b"</sst>")
    data = _with_shared_strings(valid_xlsx, b"".join(parts))
    assert len(data) < 5 * 1024 * 1024
    return data


@functools.lru_cache(maxsize=2)
def shared_strings_count_bomb(valid_xlsx: bytes) -> bytes:
    """1.8 million tiny shared strings (≈ 50 MB of XML, ratio ≈ 25)."""
    rng = random.Random(25)
    words = ["部门", "预算", "项目", "资金", "管理", "绩效", "目标", "支出", "决算", "调整", "经费", "三公"]
    items = [f"<si><t>{rng.choice(words)}{rng.choice(words)}</t></si>" for _ in range(1_800_000)]
    sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + "".join(items) + "</sst>"
    return _with_shared_strings(valid_xlsx, sst.encode())


def _row(number: int, name: str) -> str:
    return f'<row r="{number}"><c r="B{number}" t="inlineStr"><is><t>{name}</t></is></c></row>'


def rows_beyond_dimension(valid_xlsx: bytes, rows: int = 20_003) -> bytes:
    """项目支出 declares ``<dimension ref="A1:B2"/>`` but holds 20,003 rows: a reader that trusts the
    dimension reads 2 rows and never sees that the 10,000-row limit is exceeded."""
    part = sheet_part(valid_xlsx, "项目支出")

    def edit(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]+"\s*/>', '<dimension ref="A1:B2"/>', xml)
        body = "".join(_row(number, f"项目{number}") for number in range(100, 100 + rows))
        return xml.replace("</sheetData>", body + "</sheetData>")

    return _edit_part(valid_xlsx, part, edit)


def understated_dimension(valid_xlsx: bytes) -> bytes:
    """A real template whose sheets all declare ``A1:A1``: every row must still be read."""
    with zipfile.ZipFile(io.BytesIO(valid_xlsx)) as archive:
        parts = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        replace = {
            name: re.sub(
                r'<dimension ref="[^"]+"\s*/>', '<dimension ref="A1:A1"/>', archive.read(name).decode()
            ).encode()
            for name in parts
        }
    return _rezip(valid_xlsx, replace=replace)


def too_many_cells(valid_xlsx: bytes) -> bytes:
    """1,000 rows of 301 numeric cells each in 项目支出 (rows within the limit, cells not)."""
    part = sheet_part(valid_xlsx, "项目支出")
    rng = random.Random(301)

    def edit(xml: str) -> str:
        rows = []
        for number in range(100, 1100):
            cells = "".join(f'<c r="{_column(c)}{number}"><v>{rng.randint(0, 999)}</v></c>' for c in range(1, 302))
            rows.append(f'<row r="{number}">{cells}</row>')
        return xml.replace("</sheetData>", "".join(rows) + "</sheetData>")

    return _edit_part(valid_xlsx, part, edit)


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def element_flood(valid_xlsx: bytes) -> bytes:
    """1.2 million empty elements (with varied attributes, so the ratio stays low) after the sheet data."""
    part = sheet_part(valid_xlsx, "整体支出")
    rng = random.Random(12)

    def edit(xml: str) -> str:
        flood = "".join(f'<x a="{rng.randint(0, 99999)}"/>' for _ in range(1_200_000))
        return xml.replace("</worksheet>", f"<extLst>{flood}</extLst></worksheet>")

    return _edit_part(valid_xlsx, part, edit)


def malformed_xml(valid_xlsx: bytes) -> bytes:
    """整体支出's XML cut off in the middle of a cell."""
    part = sheet_part(valid_xlsx, "整体支出")
    return _edit_part(valid_xlsx, part, lambda xml: xml[: xml.index("<sheetData>") + 40])


def billion_laughs(valid_xlsx: bytes) -> bytes:
    """Nested entity definitions that expand to 10⁹ characters when a cell uses the last one."""
    part = sheet_part(valid_xlsx, "整体支出")
    doctype = (
        "<!DOCTYPE worksheet [<!ENTITY l0 'ha'>"
        + "".join(f"<!ENTITY l{i} '{('&l' + str(i - 1) + ';') * 10}'>" for i in range(1, 10))
        + "]>"
    )

    def edit(xml: str) -> str:
        xml = re.sub(r"^<\?xml[^>]*\?>", "", xml)
        return doctype + re.sub(r'(<c r="A4"[^>]*>)<is><t>[^<]*</t></is>', r"\1<is><t>&l9;</t></is>", xml, count=1)

    return _edit_part(valid_xlsx, part, edit)


def external_entity(valid_xlsx: bytes) -> bytes:
    """An external entity (XXE) naming a local file, used in a cell."""
    part = sheet_part(valid_xlsx, "整体支出")

    def edit(xml: str) -> str:
        xml = re.sub(r"^<\?xml[^>]*\?>", "", xml)
        xml = re.sub(r'(<c r="A4"[^>]*>)<is><t>[^<]*</t></is>', r"\1<is><t>&xxe;</t></is>", xml, count=1)
        return '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + xml

    return _edit_part(valid_xlsx, part, edit)


def invalid_cell_reference(valid_xlsx: bytes) -> bytes:
    part = sheet_part(valid_xlsx, "整体支出")
    return _edit_part(valid_xlsx, part, lambda xml: xml.replace('<c r="C6"', '<c r="C0"', 1))


def lying_declared_size(valid_xlsx: bytes) -> bytes:
    """The zip's headers declare 整体支出's XML smaller than it is (a reader trusting them reads a prefix)."""
    part = sheet_part(valid_xlsx, "整体支出").encode()
    data = bytearray(valid_xlsx)
    for signature, size_offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        name_offset = 46 if signature == b"PK\x01\x02" else 30
        start = 0
        while (start := data.find(signature, start)) != -1:
            length = struct.unpack_from("<H", data, start + (28 if signature == b"PK\x01\x02" else 26))[0]
            if bytes(data[start + name_offset : start + name_offset + length]) == part:
                struct.pack_into("<I", data, start + size_offset, 200)
            start += 4
    return bytes(data)


def hostile_values(valid_xlsx: bytes) -> tuple[bytes, dict[str, str]]:
    """Cells of 整体支出 whose stored values no spreadsheet program writes; returns the file and, per cell,
    what it holds. Each must be reported at its cell (never a 500)."""
    cells = {
        "C4": '<c r="C4" t="n"><v>NaN</v></c>',
        "D4": '<c r="D4"><v>inf</v></c>',
        "E4": '<c r="E4"><v>-Infinity</v></c>',
        "C5": '<c r="C5"><v>1e308</v></c>',
        "D5": '<c r="D5"><v>1e400</v></c>',
        "E5": f'<c r="E5"><v>{"9" * 5000}</v></c>',
        "C6": '<c r="C6" t="s"><v>999999</v></c>',
        "D6": '<c r="D6" t="d"><v>not-a-date</v></c>',
        "E6": '<c r="E6" t="zz"><v>1</v></c>',
        "D7": '<c r="D7"><v>1.5.5</v></c>',
        "E7": '<c r="E7"><v>0x1F</v></c>',
    }
    part = sheet_part(valid_xlsx, "整体支出")

    def edit(xml: str) -> str:
        for ref, replacement in cells.items():
            xml, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', replacement, xml, count=1)
            assert count == 1, ref
        return xml

    return _edit_part(valid_xlsx, part, edit), cells


# (name, builder taking a valid workbook, expected message fragment): refused as a whole, nothing read.
HOSTILE_BAD_FILES = [
    ("shared_strings_bomb", shared_strings_bomb, "文字数据过多"),
    ("shared_strings_count_bomb", shared_strings_count_bomb, "文字数据过多"),
    ("rows_beyond_dimension", rows_beyond_dimension, "超过 10,000 行"),
    ("too_many_cells", too_many_cells, "单元格过多"),
    ("element_flood", element_flood, "文件内部结构异常"),
    ("malformed_xml", malformed_xml, "文件已损坏"),
    ("billion_laughs", billion_laughs, "不允许的 XML 声明"),
    ("external_entity", external_entity, "不允许的 XML 声明"),
    ("invalid_cell_reference", invalid_cell_reference, "文件内部结构异常"),
    ("lying_declared_size", lying_declared_size, "文件已损坏"),
]
