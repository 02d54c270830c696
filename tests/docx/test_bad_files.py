"""Files the Word import refuses, each with a Chinese message; nothing is read or saved."""

import io
import struct
import zipfile
import zlib

import pytest

from departments.models import AuditEvent
from reports.docx.importing import read_body, read_docx, word_import_prepare
from reports.docx.safety import MAX_UPLOAD_BYTES, DocxRefused

from .corpus import seed_docx
from .helpers import upload

DAMAGED = "文件已损坏，无法读取。请在 Word/WPS 中打开并另存为 .docx 后重新上传。"
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def rebuilt(extra: dict | None = None, replace: dict | None = None, flag_encrypted=False, stored=None) -> bytes:
    """The seed document rewritten: parts added or replaced; ``stored`` replaces parts by bytes written
    as they are, uncompressed."""
    source = zipfile.ZipFile(io.BytesIO(seed_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename in (stored or {}):
                target.writestr(entry, stored[entry.filename], compress_type=zipfile.ZIP_STORED)
                continue
            data = (replace or {}).get(entry.filename, source.read(entry))
            target.writestr(entry, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    content = out.getvalue()
    if flag_encrypted:  # set the "encrypted" bit of the first local header and its central record
        content = bytearray(content)
        content[6] |= 1
        central = content.find(b"PK\x01\x02")
        content[central + 8] |= 1
        content = bytes(content)
    return content


def refused(data: bytes) -> str:
    with pytest.raises(DocxRefused) as error:
        read_body(data)
    return str(error.value)


# Damaged archives: the zip's own fields rewritten in place (offsets unchanged) -----------------------------
LOCAL_FIELDS = {"method": 8, "crc": 14, "size": 22}  # offsets in a local file header
CENTRAL_FIELDS = {"method": 10, "crc": 16, "size": 24}  # and in a central directory record


def with_fields(content: bytes, name: str, *, method=None, crc=None, size=None) -> bytes:
    """``content`` with the compression method, CRC-32 or uncompressed size of ``name`` rewritten in
    both its local header and its central directory record."""
    local = zipfile.ZipFile(io.BytesIO(content)).getinfo(name).header_offset
    central = content.find(b"PK\x01\x02")
    while (
        content[central + 46 : central + 46 + struct.unpack("<H", content[central + 28 : central + 30])[0]]
        != name.encode()
    ):
        central = content.find(b"PK\x01\x02", central + 4)
    out = bytearray(content)
    for start, fields in ((local, LOCAL_FIELDS), (central, CENTRAL_FIELDS)):
        for field, value, form in (("method", method, "<H"), ("crc", crc, "<I"), ("size", size, "<I")):
            if value is not None:
                at = start + fields[field]
                out[at : at + struct.calcsize(form)] = struct.pack(form, value)
    return bytes(out)


def wrong_crc(name="word/document.xml", extra=None) -> bytes:
    """The seed document with the CRC-32 recorded for ``name`` not that of its contents."""
    content = rebuilt(extra=extra)
    return with_fields(content, name, crc=zipfile.ZipFile(io.BytesIO(content)).getinfo(name).CRC ^ 0xFFFFFFFF)


def document_stream(damage) -> bytes:
    """The seed document whose word/document.xml deflate stream is ``damage(stream)``, its headers
    still declaring the original size and CRC-32."""
    xml = zipfile.ZipFile(io.BytesIO(seed_docx())).read("word/document.xml")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = damage(compressor.compress(xml) + compressor.flush())
    content = rebuilt(stored={"word/document.xml": stream})  # stored, then marked as deflated
    return with_fields(content, "word/document.xml", method=zipfile.ZIP_DEFLATED, crc=zlib.crc32(xml), size=len(xml))


DAMAGED_FILES = {
    "wrong CRC of document.xml": lambda: wrong_crc(),
    "wrong CRC of an image": lambda: wrong_crc(
        "word/media/image1.png", extra={"word/media/image1.png": b"\x89PNG" * 64}
    ),
    "deflate stream cut short": lambda: document_stream(lambda stream: stream[: len(stream) // 2]),
    # the first block's type set to 3, which deflate does not have
    "deflate stream garbled": lambda: document_stream(lambda stream: b"\x07" + stream[1:]),
    "document.xml not well-formed": lambda: rebuilt(
        replace={"word/document.xml": b"<w:document " + W + b"><w:body><w:p>"}
    ),
    "document.xml without a body": lambda: rebuilt(replace={"word/document.xml": b"<w:document " + W + b"/>"}),
    "a cell spanning a billion columns": lambda: rebuilt(
        replace={
            "word/document.xml": b"<w:document "
            + W
            + b'><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p/></w:tc>'
            b"</w:tr></w:tbl></w:body></w:document>"
        }
    ),
}


@pytest.mark.parametrize("damage", DAMAGED_FILES.values(), ids=DAMAGED_FILES.keys())
def test_a_damaged_file_is_refused_as_damaged(damage):
    assert refused(damage()) == DAMAGED


@pytest.mark.django_db
@pytest.mark.parametrize("damage", DAMAGED_FILES.values(), ids=DAMAGED_FILES.keys())
def test_the_import_refuses_a_damaged_file(damage, empty_report):
    with pytest.raises(DocxRefused) as error:
        word_import_prepare(evaluation=empty_report, data=damage())
    assert str(error.value) == DAMAGED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["wrong CRC of document.xml", "deflate stream garbled", "document.xml not well-formed"]
)
def test_a_damaged_upload_is_refused_at_the_field_and_changes_nothing(name, filler, empty_report):
    before = type(empty_report).objects.get(pk=empty_report.pk).updated_at
    response = upload(filler, empty_report, DAMAGED_FILES[name](), name="上年报告.docx")
    page = response.content.decode()
    assert response.status_code == 400  # as every refused file, not a server error
    assert 'id="import-refused"' in page and DAMAGED in page and "上年报告.docx" in page
    assert 'aria-describedby="import-refused file-help id_file_name" aria-invalid="true"' in page
    assert f"word_import:{empty_report.pk}" not in filler.session  # no preview waiting to be confirmed
    assert not AuditEvent.objects.filter(department=empty_report.department).exists()
    assert type(empty_report).objects.get(pk=empty_report.pk).updated_at == before
    assert not empty_report.department.budgets.exists()  # the seed document's figures were not saved


def test_doc_binary_asks_to_save_as_docx():
    assert "请在 Word/WPS 中另存为 .docx 后上传" in refused(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)


def test_encrypted_word_document():
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le")
    assert "密码" in refused(ole)
    assert "加密" in refused(rebuilt(flag_encrypted=True))


def test_macro_enabled_document():
    assert ".docm" in refused(rebuilt(extra={"word/vbaProject.bin": b"\0" * 64}))


def test_embedded_objects():
    assert "嵌入" in refused(rebuilt(extra={"word/embeddings/oleObject1.bin": b"\0" * 64}))


def test_xml_entities():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    assert "DTD" in refused(rebuilt(replace={"word/document.xml": bomb}))


def test_external_references():
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"'
        b' Target="file:///etc/passwd" TargetMode="External"/></Relationships>'
    )
    assert "外部" in refused(rebuilt(extra={"word/_rels/settings.xml.rels": rels}))


def test_too_large():
    assert "10 MB" in refused(b"PK\x03\x04" + b"\0" * (MAX_UPLOAD_BYTES + 1))


def test_zip_bomb_is_refused_from_declared_sizes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    assert "压缩炸弹" in refused(out.getvalue())


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "空的"), (b"%PDF-1.7", "PDF"), (b"hello", "无法识别"), (b"PK\x03\x04broken", "损坏")],
)
def test_other_non_documents(data, words):
    assert words in refused(data)


def test_a_good_document_opens():
    assert read_docx(seed_docx()).paragraphs[0].text.startswith("天心区部门整体支出")
