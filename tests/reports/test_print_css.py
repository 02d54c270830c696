"""The print stylesheet names a CJK family first everywhere (page-margin boxes included) and stays lean."""

import re
from pathlib import Path

from django.conf import settings

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"
CJK_FAMILIES = {
    "FandolFang",
    "FandolSong",
    "FandolKai",
    "FandolHei",
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "AR PL UKai CN",
}


def test_every_font_family_starts_with_a_cjk_family():
    css = re.sub(r"/\*.*?\*/", "", PRINT_CSS.read_text(encoding="utf-8"), flags=re.S)
    declarations = re.findall(r"font-family:\s*([^;}]+)", css)
    assert len(declarations) >= 8
    first = [declaration.split(",")[0].strip().strip('"') for declaration in declarations]
    assert [family for family in first if family not in CJK_FAMILIES] == []


def test_page_number_boxes_declare_their_font():
    css = PRINT_CSS.read_text(encoding="utf-8")
    for box in ("@bottom-left", "@bottom-right"):
        block = css[css.index(box) : css.index("}", css.index(box))]
        assert 'content: "— " counter(page) " —"' in block
        assert re.search(r'font-family:\s*"(Fandol\w+|Noto Serif CJK SC)"', block)
        assert "font-size: 14pt" in block


def test_no_bootstrap_in_the_pdf():
    css = re.sub(r"/\*.*?\*/", "", PRINT_CSS.read_text(encoding="utf-8"), flags=re.S)
    assert "@import" not in css and "bootstrap" not in css.lower()
