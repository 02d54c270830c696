"""Checks on an uploaded .docx before python-docx parses it (the ideas of budgets/importing/safety.py).

Order: size → magic bytes (.doc, encrypted, PDF, text) → the zip container as declared (entries,
uncompressed sizes, compression ratio, encryption flag) → what it holds (a Word document at all;
macros; embedded objects; external references) → its XML (no DTD, so no entities) → every other
entry decompressed once, so a damaged part (bad CRC, broken deflate stream, data cut short) is
refused here with ``DAMAGED`` rather than failing later. Python's ``zipfile`` never returns more
than an entry's declared size, and the declared sizes are bounded first, so memory stays bounded
whatever the file claims.
"""

import io
import re
import zipfile
import zlib
from contextlib import contextmanager

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_XML_PART_BYTES = 20 * 1024 * 1024  # any one XML part, decompressed
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024
MAX_ZIP_ENTRIES = 1_000

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE_NAME = "EncryptedPackage".encode("utf-16-le")
SAVE_AS_DOCX = "请在 Word/WPS 中另存为 .docx 后上传"
ALLOWED_EXTERNAL = ("/hyperlink",)  # relationship types that may point outside the file
DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
DAMAGED = "文件已损坏，无法读取。请在 Word/WPS 中打开并另存为 .docx 后重新上传。"
# What reading a damaged archive or part raises: a bad CRC or header (BadZipFile), a broken deflate
# stream (zlib.error), data cut short (EOFError), a missing entry (KeyError), an unknown compression
# method (NotImplementedError), text that does not decode (ValueError), XML that is not well-formed
# (lxml's XMLSyntaxError is a SyntaxError).
DAMAGED_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    OSError,
    NotImplementedError,
    RuntimeError,
    SyntaxError,
)


class DocxRefused(Exception):
    """The file cannot be read; ``str(error)`` is the Chinese message for the user."""


@contextmanager
def _damaged_as_refusal():
    """Turn the errors of reading a damaged file into ``DocxRefused(DAMAGED)``."""
    try:
        yield
    except DAMAGED_ERRORS:
        raise DocxRefused(DAMAGED) from None


def _read_through(archive, entry) -> None:
    """Decompress a binary entry (images and the like) in pieces: its CRC and stream are checked."""
    with archive.open(entry) as stream:
        while stream.read(1024 * 1024):
            pass


def too_large_message(size: int | None = None) -> str:
    shown = f"（{size / 1024 / 1024:.1f} MB）" if size else ""
    return f"文件过大{shown}，超过 10 MB 的上限，未读取。请删除文档中的图片后{SAVE_AS_DOCX}。"


def check_kind(data: bytes) -> None:
    if not data:
        raise DocxRefused(f"上传的文件是空的（0 字节）。{SAVE_AS_DOCX}。")
    if data.startswith(ZIP_MAGIC):
        return
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE_NAME in data:
            raise DocxRefused(
                "文档设置了打开密码（已加密），系统无法读取。请在 Word/WPS 中打开，取消密码后另存为 .docx 再上传。"
            )
        raise DocxRefused(f"这是旧版 Word 97-2003 文档（.doc），系统只能读取 .docx。{SAVE_AS_DOCX}。")
    if data.startswith(b"{\\rtf"):
        raise DocxRefused(f"这是 RTF 文档，系统只能读取 .docx。{SAVE_AS_DOCX}。")
    if data.startswith(b"%PDF"):
        raise DocxRefused(f"这是 PDF 文件，无法从中读取报告内容。请上传报告的 Word 原稿（{SAVE_AS_DOCX}）。")
    raise DocxRefused(f"无法识别的文件，不是 Word 文档（.docx），也可能已经损坏。{SAVE_AS_DOCX}。")


def _content_types(archive, names) -> str:
    if "[Content_Types].xml" not in names or archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
        return ""
    return archive.read("[Content_Types].xml").decode("utf-8", "replace")


def check_container(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DocxRefused(DAMAGED) from None
    with archive, _damaged_as_refusal():
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if len(entries) > MAX_ZIP_ENTRIES:
            raise DocxRefused("文件内部结构异常（包含的部件过多），为安全起见未读取。")
        declared = sum(entry.file_size for entry in entries)
        bomb = any(
            entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
            for entry in entries
        )
        if declared > MAX_UNCOMPRESSED_BYTES or bomb:
            raise DocxRefused("文件解压后体积异常（疑似“压缩炸弹”），为安全起见未读取。")
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise DocxRefused("文档已加密，系统无法读取。请取消密码后另存为 .docx 再上传。")
        content_types = _content_types(archive, names)
        if "xl/workbook.xml" in names:
            raise DocxRefused("这是 Excel 工作簿，不是 Word 文档。Excel 预算数据请用“从 Excel 导入预算数据”。")
        if "word/document.xml" not in names or not content_types:
            raise DocxRefused(f"文件不是 Word 文档（.docx）。{SAVE_AS_DOCX}。")
        lowered = {name.lower() for name in names}
        if any(name.endswith("vbaproject.bin") for name in lowered) or "macroenabled" in content_types.lower():
            raise DocxRefused(f"这是启用宏的文档（.docm），为安全起见不予读取。{SAVE_AS_DOCX}（不含宏）。")
        if any(name.startswith("word/embeddings/") or "activex" in name for name in lowered):
            raise DocxRefused(
                "文档中嵌入了其他文件或控件（如 Excel 表格对象、OLE 对象），为安全起见不予读取。"
                f"请把嵌入的表格复制为普通 Word 表格、删除其他嵌入对象后{SAVE_AS_DOCX}。"
            )
        for entry in entries:
            if not entry.filename.endswith((".xml", ".rels")):
                _read_through(archive, entry)
                continue
            if entry.file_size > MAX_XML_PART_BYTES:
                raise DocxRefused("文档内容过大，为安全起见未读取。")
            part = archive.read(entry)
            if DTD.search(part):
                raise DocxRefused("文档包含 XML 实体声明（DTD），为安全起见不予读取。" + SAVE_AS_DOCX + "。")
            if entry.filename.endswith(".rels"):
                for relationship in re.finditer(rb"<Relationship\b[^>]*>", part):
                    tag = relationship.group(0)
                    if b'TargetMode="External"' in tag and not any(
                        kind.encode() + b'"' in tag for kind in ALLOWED_EXTERNAL
                    ):
                        raise DocxRefused(
                            "文档引用了外部文件（如链接的模板、图片或子文档），为安全起见不予读取。"
                            f"请删除这些链接后{SAVE_AS_DOCX}。"
                        )


def check_docx(data: bytes) -> None:
    """Everything before parsing; raises ``DocxRefused``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise DocxRefused(too_large_message(len(data)))
    check_kind(data)
    check_container(data)
