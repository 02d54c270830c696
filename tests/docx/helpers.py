"""Reading an exported .docx the way a person reads it, for comparison with the PDF; uploading one."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from reports.docx.reading import DocParagraph, body_items


def document_texts(content: bytes) -> list[str]:
    """Every non-empty paragraph and table cell of the body, in reading order."""
    texts = []
    for item in body_items(Document(io.BytesIO(content))):
        if isinstance(item, DocParagraph):
            if item.text.strip():
                texts.append(item.text)
        else:
            texts.extend(cell for row in item.rows for cell in row if cell)
    return texts


def upload(client, evaluation, data: bytes, name="2018年自评报告.docx"):
    """Post ``data`` to the Word import's upload page of ``evaluation``."""
    return client.post(reverse("reports:word_import", args=[evaluation.pk]), {"file": SimpleUploadedFile(name, data)})
