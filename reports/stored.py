"""Report files kept in the ``reports`` storage (``settings.STORAGES["reports"]``: a directory by
default, an S3-compatible object store with ``REPORTS_STORAGE=s3``; ADR 12).

Names are content-addressed — the report's content fingerprint (``review.report_fingerprint``) —
so a name always holds the same report, writes are idempotent and can happen outside any lock,
and a file written for content that was then refused is harmless:

    submitted/<year>/<report id>/<fingerprint>.pdf   the PDF of a submitted report (with the 草稿 mark)
    approved/<year>/<report id>/<fingerprint>.pdf    the approved PDF (its name and SHA-256 in ApprovedSnapshot)
    approved/<year>/<report id>/<fingerprint>.docx   the approved .docx

Files are read in chunks (``CHUNK``): serving and the zip of all PDFs never hold a whole file.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import storages

STORAGE = "reports"
CHUNK = 256 * 1024


def report_storage():
    return storages[STORAGE]


def submitted_pdf_name(evaluation, fingerprint: str) -> str:
    return f"submitted/{evaluation.fiscal_year_id}/{evaluation.pk}/{fingerprint}.pdf"


def approved_name(evaluation, fingerprint: str, extension: str) -> str:
    return f"approved/{evaluation.fiscal_year_id}/{evaluation.pk}/{fingerprint}.{extension}"


def store(name: str, content: bytes) -> str:
    """Write ``content`` under ``name`` (replacing what the name held) and return the name."""
    saved = report_storage().save(name, ContentFile(content, name=name.rsplit("/", 1)[-1]))
    if saved != name:  # a storage that renames instead of overwriting would break content addressing
        raise RuntimeError(f"report storage saved {name} as {saved}")
    return saved


def exists(name: str) -> bool:
    return bool(name) and report_storage().exists(name)


def open_file(name: str):
    """The stored file opened for reading in binary; ``FileNotFoundError`` when it is missing."""
    storage = report_storage()
    if not storage.exists(name):
        raise FileNotFoundError(name)
    return storage.open(name, "rb")


def read(name: str) -> bytes:
    with open_file(name) as handle:
        return handle.read()


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
