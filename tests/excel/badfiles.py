"""A corpus of bad upload files, generated in memory (no binary blobs in the repository).

Each builder returns bytes; ``BAD_FILES`` pairs them with the Chinese message the import must
give. Builders that need a valid workbook to start from take its bytes.
"""

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
                    # openpyxl writes the empty value as <v /> or, when lxml is installed, <v></v>.
                    xml = re.sub(
                        rf"<f>{re.escape(formula)}</f>(?:<v ?/>|<v></v>)</c>", f"<f>{formula}</f><v>{cached}</v></c>", xml
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
