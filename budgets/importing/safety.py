"""Checks on the uploaded bytes before any spreadsheet parser sees them.

Order: size → what kind of file it is (magic bytes) → the zip container (declared uncompressed
sizes, compression ratio, number of entries, macros, that it is an Excel workbook at all). Only
a file that passes everything is handed to openpyxl, in read-only mode.

What the zip declares is only a first filter: a file within every declared limit can still hold
60 MB of shared strings, rows beyond its declared dimension or broken XML. ``xlsx.read_workbook``
therefore counts what it actually decompresses and parses, against the limits below.
"""

import io
import zipfile

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS_PER_SHEET = 10_000
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024  # all entries together, as the zip declares them
MAX_COMPRESSION_RATIO = 100  # per entry, for entries above RATIO_CHECK_FROM bytes
RATIO_CHECK_FROM = 1024 * 1024
MAX_ZIP_ENTRIES = 2_000

# What the reader (xlsx.py) actually decompresses and parses, whatever the zip declares. A filled-in
# template is under 1 MB of XML; 10,000 project lines with long texts stay within these.
MAX_PART_BYTES = 16 * 1024 * 1024  # one XML part, counted while decompressing
MAX_READ_BYTES = 40 * 1024 * 1024  # all parts read, together
MAX_XML_ELEMENTS = 800_000  # per part: 10,000 rows × 20 cells × 3 elements plus rows, with room
MAX_SHARED_STRINGS = 200_000  # distinct texts in the file
MAX_SHARED_STRING_CHARS = 4_000_000  # their total length (the preview keeps at most 2,000,000)
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of one cell
MAX_CELLS_PER_SHEET = 200_000  # cells actually present, including empty formatted ones
MAX_CELLS = 400_000  # in all the data sheets together
MAX_STYLES = 100_000  # cell formats (Excel allows 64,000)

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE_NAME = "EncryptedPackage".encode("utf-16-le")
ENCRYPTION_INFO_NAME = "EncryptionInfo".encode("utf-16-le")

SAVE_AS_XLSX = "请在 Excel 中打开导入模板，填写后用“文件 → 另存为 → Excel 工作簿（*.xlsx）”保存，再上传该 .xlsx 文件。"


class FileRefused(Exception):
    """The file as a whole cannot be imported; ``str(error)`` is the Chinese message."""


def too_large_message(size: int | None = None) -> str:
    shown = f"（{size / 1024 / 1024:.1f} MB）" if size else ""
    return (
        f"文件过大{shown}，超过 5 MB 的上限，未读取。导入模板填写完成后通常不到 100 KB；"
        "请删除多余的工作表、图片和大量空行后另存为 .xlsx 再上传。"
    )


def check_size(size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise FileRefused(too_large_message(size))


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        return printable >= 0.95 * max(len(text), 1)
    return False


def check_kind(data: bytes) -> None:
    """Refuse anything that is not a zip container, with a message naming what it is."""
    if not data:
        raise FileRefused("上传的文件是空的（0 字节）。" + SAVE_AS_XLSX)
    if data.startswith(ZIP_MAGIC):
        return
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE_NAME in data or ENCRYPTION_INFO_NAME in data:
            raise FileRefused(
                "文件设置了打开密码（已加密），系统无法读取其中的数据。请在 Excel 中打开文件，"
                "选择“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码并保存为 .xlsx 后再上传。"
            )
        raise FileRefused("这是旧版 Excel 97-2003 工作簿（.xls），系统只接受 .xlsx 格式。" + SAVE_AS_XLSX)
    if data.startswith(b"%PDF"):
        raise FileRefused("这是 PDF 文件，不是 Excel 工作簿，无法从中导入数据。" + SAVE_AS_XLSX)
    if _looks_like_text(data):
        raise FileRefused("这是文本文件（如 CSV），不是 Excel 工作簿。" + SAVE_AS_XLSX)
    raise FileRefused("无法识别的文件，不是 Excel 工作簿（.xlsx），也可能已经损坏。" + SAVE_AS_XLSX)


def check_container(data: bytes) -> None:
    """Open the zip without decompressing anything and check what it declares."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused("文件已损坏，无法作为 Excel 工作簿（.xlsx）打开。" + SAVE_AS_XLSX) from None
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if len(entries) > MAX_ZIP_ENTRIES:
            raise FileRefused("文件内部结构异常（包含的部件过多），为安全起见未读取。" + SAVE_AS_XLSX)
        declared = sum(entry.file_size for entry in entries)
        suspicious = any(
            entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
            for entry in entries
        )
        if declared > MAX_UNCOMPRESSED_BYTES or suspicious:
            raise FileRefused(
                "文件解压后体积异常（疑似“压缩炸弹”），为安全起见未读取。请使用系统提供的导入模板重新填写。"
            )
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise FileRefused("文件已加密，系统无法读取。请取消密码后另存为 .xlsx 再上传。")
        if "word/document.xml" in names:
            raise FileRefused("这是 Word 文档，不是 Excel 工作簿。" + SAVE_AS_XLSX)
        if "ppt/presentation.xml" in names:
            raise FileRefused("这是 PowerPoint 演示文稿，不是 Excel 工作簿。" + SAVE_AS_XLSX)
        content_types = ""
        if "[Content_Types].xml" in names and archive.getinfo("[Content_Types].xml").file_size <= 1024 * 1024:
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        if any(name.lower().endswith("vbaproject.bin") for name in names) or "macroenabled" in content_types.lower():
            raise FileRefused(
                "这是启用宏的工作簿（.xlsm），为安全起见不予导入。"
                "请在 Excel 中“另存为 → Excel 工作簿（*.xlsx）”（不含宏）后再上传。"
            )
        if "xl/workbook.bin" in names:
            raise FileRefused("这是 Excel 二进制工作簿（.xlsb），系统只接受 .xlsx 格式。" + SAVE_AS_XLSX)
        if "xl/workbook.xml" not in names or not content_types:
            raise FileRefused("文件不是 Excel 工作簿（.xlsx）。" + SAVE_AS_XLSX)


def check_file(data: bytes) -> None:
    """All checks that come before parsing; raises ``FileRefused``."""
    check_size(len(data))
    check_kind(data)
    check_container(data)
