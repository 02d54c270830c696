"""Writes of the district analysis: the bureau's wording of a paragraph, and restoring the draft."""

from django.db import transaction

from .drafting import PARAGRAPHS
from .models import AnalysisParagraph


def analysis_paragraph_save(*, region, year: int, key: str, text: str, user) -> AnalysisParagraph | None:
    """Keep ``text`` as the bureau's wording of paragraph ``key``; blank text restores the draft."""
    if key not in PARAGRAPHS:
        raise ValueError(f"unknown paragraph {key!r}")
    text = text.strip()
    if not text:
        analysis_paragraph_restore(region=region, year=year, key=key)
        return None
    with transaction.atomic():
        paragraph = (
            AnalysisParagraph.objects.select_for_update().filter(region=region, fiscal_year_id=year, key=key).first()
        )
        if paragraph is None:
            paragraph = AnalysisParagraph(region=region, fiscal_year_id=year, key=key)
        paragraph.text, paragraph.updated_by = text, user
        paragraph.full_clean()
        paragraph.save()
    return paragraph


def analysis_paragraph_restore(*, region, year: int, key: str) -> None:
    """Back to the drafted wording: the bureau's text of that paragraph is removed."""
    AnalysisParagraph.objects.filter(region=region, fiscal_year_id=year, key=key).delete()
