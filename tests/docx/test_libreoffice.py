"""LibreOffice (Debian's libreoffice-writer-nogui, installed by scripts/system-packages.sh test) opens
the exported .docx and prints every heading and figure of the app's own PDF."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.reports.conftest import PAGE_NUMBER
from tests.seed_document import seed_headings

from .conftest import normalize

FONT_ALIASES = Path(__file__).resolve().parents[2] / "deploy" / "fontconfig" / "official-fonts.conf"


def convert_to_pdf(docx: bytes, tmp_path: Path) -> bytes:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: run  scripts/system-packages.sh test  (as root) or  make test")
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    fonts = tmp_path / "fonts.conf"
    fonts.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<include>{FONT_ALIASES}</include></fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": str(tmp_path)}
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    return (tmp_path / "report.pdf").read_bytes()


@pytest.fixture(scope="module")
def converted_pdf(exported_demo, tmp_path_factory) -> PdfReader:
    return PdfReader(io.BytesIO(convert_to_pdf(exported_demo.docx, tmp_path_factory.mktemp("soffice"))))


@pytest.fixture(scope="module")
def converted(converted_pdf) -> str:
    return "\n".join(PAGE_NUMBER.sub("", page.extract_text()) for page in converted_pdf.pages)


def test_every_heading_of_the_report_survives_libreoffice(exported_demo, converted):
    text = normalize(converted)
    position = 0
    for heading in [normalize("天心区部门整体支出（2018年度）绩效自评报告"), *map(normalize, seed_headings())]:
        found = text.find(heading, position)
        assert found >= 0, f"heading missing or out of order: {heading}"
        position = found + len(heading)
    for attachment in ("附件1", "附件2"):
        assert attachment in text


def test_every_figure_of_the_app_pdf_survives_libreoffice(exported_demo, converted):
    figures = set(re.findall(r"\d+(?:\.\d+)?%?", exported_demo.pdf_body_text))
    assert figures - set(re.findall(r"\d+(?:\.\d+)?%?", converted)) == set()
    assert len(figures) > 40


def test_libreoffice_keeps_the_page_numbers_and_the_landscape_attachment(converted_pdf):
    reader = converted_pdf
    for number, page in enumerate(reader.pages, start=1):
        assert page.extract_text().rstrip().endswith(f"— {number} —")
    widths = [round(float(page.mediabox.width)) for page in reader.pages]
    assert 842 in widths and 595 in widths  # A4 landscape (评分表) and portrait, in points
