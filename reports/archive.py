"""Which file serves a report's PDF or .docx, and the zip of many PDFs (ADR 12).

- approved: the files stored at approval (``ApprovedSnapshot.pdf_name`` / ``docx_name``), streamed
  as stored; an approved report is never rendered again (a lost file is an error for the
  administrator: restore it from the backup of the storage).
- submitted: the PDF stored when the report was submitted (``store_submitted_pdf``, run after
  the submission commits, outside any lock), named by the content fingerprint. If the content
  changed since (a reviewer's manual score) or the file is missing, it is rendered once, stored
  and served; the next download streams it.
- draft / returned: rendered on demand, through the ``pdf`` cache all processes share
  (``rendering.render_report_pdf``).
"""

import logging
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from evaluations.models import Evaluation, EvaluationStatus
from evaluations.selectors import evaluation_queryset

from . import stored
from .models import ApprovedSnapshot
from .rendering import PdfError, render_report_pdf, report_filename
from .review import NOT_STARTED, NOT_SUBMITTED_STATUSES, report_fingerprint

logger = logging.getLogger(__name__)

STORED_STATUSES = {EvaluationStatus.SUBMITTED, EvaluationStatus.APPROVED}


class ArchiveMissing(Exception):
    """An approved report's stored file is gone (the storage lost it): never re-rendered."""

    message = "审核通过的存档文件缺失，无法下载。请联系系统管理员从存储备份中恢复。"


def _approved_snapshot(evaluation: Evaluation) -> ApprovedSnapshot | None:
    if evaluation.status != EvaluationStatus.APPROVED:
        return None
    return ApprovedSnapshot.objects.filter(evaluation=evaluation).defer("data").first()


def store_submitted_pdf(evaluation: Evaluation) -> str:
    """Render the PDF of a submitted report (or of an approved one archived before PDFs were
    stored) and store it under its content fingerprint; the stored name."""
    kind = "approved" if evaluation.status == EvaluationStatus.APPROVED else "submitted"
    fingerprint = report_fingerprint(evaluation)
    name = f"{kind}/{evaluation.fiscal_year_id}/{evaluation.pk}/{fingerprint}.pdf"
    if not stored.exists(name):
        stored.store(name, render_report_pdf(evaluation=evaluation, cache=False))
    return name


def stored_pdf_name(evaluation: Evaluation) -> str | None:
    """The name of the stored PDF that serves this report, rendering and storing it first when a
    submitted report's is missing; None for a draft (rendered on demand). ``ArchiveMissing`` when
    an approved report's file is gone; ``PdfError`` when a needed render fails."""
    if evaluation.status not in STORED_STATUSES:
        return None
    snapshot = _approved_snapshot(evaluation)
    if snapshot is not None:
        if not stored.exists(snapshot.pdf_name):
            logger.error("approved PDF %s of evaluation %s is missing", snapshot.pdf_name, evaluation.pk)
            raise ArchiveMissing(snapshot.pdf_name)
        return snapshot.pdf_name
    return store_submitted_pdf(evaluation)


def approved_docx_name(evaluation: Evaluation) -> str | None:
    """The stored .docx of an approved report; None when the report is not approved. A report
    approved before .docx files were archived gets its .docx made once (the report is locked since
    its approval, so its content is what was approved), stored and recorded."""
    snapshot = _approved_snapshot(evaluation)
    if snapshot is None:
        return None
    if not snapshot.docx_name:
        from .docx.export import render_report_docx  # python-docx only here (docs/adr/0014)

        content = render_report_docx(evaluation=evaluation)
        name = stored.approved_name(evaluation, snapshot.fingerprint or snapshot.pdf_sha256, "docx")
        stored.store(name, content)
        ApprovedSnapshot.objects.filter(pk=snapshot.pk).update(docx_name=name, docx_sha256=stored.sha256_of(content))
        return name
    if not stored.exists(snapshot.docx_name):
        logger.error("approved .docx %s of evaluation %s is missing", snapshot.docx_name, evaluation.pk)
        raise ArchiveMissing(snapshot.docx_name)
    return snapshot.docx_name


def on_report_submitted(sender, evaluation: Evaluation, **kwargs) -> None:
    """``evaluations.signals.report_submitted``: store the submitted PDF now, so downloads and the
    zip stream it. A failure is logged and leaves the submission as it is: the first download
    renders it."""
    try:
        fresh = evaluation_queryset().get(pk=evaluation.pk)
        if fresh.status == EvaluationStatus.SUBMITTED:
            store_submitted_pdf(fresh)
    except PdfError as error:
        logger.warning("PDF of submitted evaluation %s not stored: %s", evaluation.pk, error.message)
    except Exception:
        logger.exception("PDF of submitted evaluation %s not stored", evaluation.pk)


# ---------------------------------------------------------------- the zip of many PDFs


@dataclass
class ZipPlan:
    """What a zip of these reports will hold: how many PDFs are stored and how many drafts must be
    rendered on the way (about ``SECONDS_PER_RENDER`` each), for the dashboard's link."""

    total: int
    drafts: int

    SECONDS_PER_RENDER = 0.6

    @property
    def stored(self) -> int:
        return self.total - self.drafts

    @property
    def draft_seconds(self) -> int:
        return round(self.drafts * self.SECONDS_PER_RENDER)


def zip_plan(evaluations: Iterable[Evaluation]) -> ZipPlan:
    statuses = [e.status for e in evaluations]
    return ZipPlan(total=len(statuses), drafts=sum(1 for s in statuses if s not in STORED_STATUSES))


def zip_plan_from_counts(counts: dict[str, int], status: str = "") -> ZipPlan:
    """The same plan from the dashboard's counts of reports by status (no row is read), for the
    filter ``status``: one status, ``not_submitted`` (草稿 and 已退回) or every report."""
    reported = {key: n for key, n in counts.items() if key in EvaluationStatus.values}
    if status == "not_submitted":
        chosen = NOT_SUBMITTED_STATUSES - {NOT_STARTED}
    elif status:
        chosen = {status}
    else:
        chosen = set(reported)
    total = sum(n for key, n in reported.items() if key in chosen)
    drafts = sum(n for key, n in reported.items() if key in chosen and key not in STORED_STATUSES)
    return ZipPlan(total=total, drafts=drafts)


class _Sink:
    """A write-only, unseekable file for ``zipfile``: what is written is drained to the response."""

    def __init__(self):
        self.chunks = []
        self.position = 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def drain(self) -> bytes:
        out, self.chunks = b"".join(self.chunks), []
        return out


def _failure_note(archive, evaluation, message: str) -> None:
    note = report_filename(evaluation, "txt").replace(".txt", "（未能生成PDF）.txt")
    archive.writestr(note, f"{evaluation}：PDF 未能生成。{message}\n")


def zip_stream(evaluations: list[Evaluation]) -> Iterator[bytes]:
    """The zip of these reports' PDFs, produced as it is read: submitted and approved reports'
    stored files are copied in ``stored.CHUNK`` pieces (memory stays bounded whatever the number
    of reports), drafts are rendered through the cache one at a time; output follows every chunk,
    so the connection never sits idle for longer than one render. A report whose PDF cannot be
    made becomes a short note in the zip, never a broken download."""
    approved = dict(
        ApprovedSnapshot.objects.filter(evaluation__in=[e.pk for e in evaluations]).values_list(
            "evaluation_id", "pdf_name"
        )
    )
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for evaluation in evaluations:
            try:
                if evaluation.status == EvaluationStatus.APPROVED and evaluation.pk in approved:
                    name = approved[evaluation.pk]
                else:
                    name = store_submitted_pdf(evaluation) if evaluation.status in STORED_STATUSES else None
                if name is None:
                    archive.writestr(report_filename(evaluation), render_report_pdf(evaluation=evaluation))
                else:
                    with stored.open_file(name) as source, archive.open(report_filename(evaluation), "w") as entry:
                        for chunk in iter(lambda source=source: source.read(stored.CHUNK), b""):
                            entry.write(chunk)
                            yield sink.drain()
            except PdfError as error:
                _failure_note(archive, evaluation, error.message)
            except FileNotFoundError:
                logger.error("stored PDF of evaluation %s is missing", evaluation.pk)
                _failure_note(archive, evaluation, ArchiveMissing.message)
            yield sink.drain()
    yield sink.drain()


# ---------------------------------------------------------------- superseded files


def _submitted_files(storage, year_dir: str) -> Iterator[tuple[int, str]]:
    """(report id, name) of every file under ``submitted/<year>/``."""
    report_dirs, _files = storage.listdir(year_dir)
    for report_dir in report_dirs:
        if report_dir.isdigit():
            for file_name in storage.listdir(f"{year_dir}/{report_dir}")[1]:
                yield int(report_dir), f"{year_dir}/{report_dir}/{file_name}"


def superseded_submitted_pdfs(*, older_than: timedelta) -> list[str]:
    """Stored PDFs of submitted reports that no longer serve anything: the report was edited since
    (a reviewer's score), returned, approved (its approved PDF serves) or deleted. The one PDF of a
    report still submitted with its current content is kept, and so is every file younger than
    ``older_than`` (a submission or download may be storing it right now). Approved files are
    records and never superseded."""
    storage = stored.report_storage()
    if not storage.exists("submitted"):
        return []
    cutoff = timezone.now() - older_than
    files = [
        (report_id, name)
        for year_dir in storage.listdir("submitted")[0]
        for report_id, name in _submitted_files(storage, f"submitted/{year_dir}")
    ]
    submitted = evaluation_queryset().filter(
        pk__in={report_id for report_id, _name in files}, status=EvaluationStatus.SUBMITTED
    )
    current = {stored.submitted_pdf_name(evaluation, report_fingerprint(evaluation)) for evaluation in submitted}
    return [name for _id, name in files if name not in current and storage.get_modified_time(name) < cutoff]


def superseded_delete(names: list[str]) -> None:
    storage = stored.report_storage()
    for name in names:
        storage.delete(name)
