"""Files the Word import refuses before parsing, each with a Chinese message; nothing is read or saved."""

import io
import zipfile

import pytest

from reports.docx.importing import read_docx
from reports.docx.safety import MAX_UPLOAD_BYTES, DocxRefused

from .corpus import seed_docx


def rebuilt(extra: dict | None = None, replace: dict | None = None, flag_encrypted=False) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(seed_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
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
        read_docx(data)
    return str(error.value)


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
