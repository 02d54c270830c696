"""The district analysis as .docx: the same headings, paragraphs and 附表 as the HTML analysis, one
picture per chart followed by its data table, a recorded download, reviewers of the region only."""

import io
import struct

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from departments.models import AuditAction, AuditEvent, Region
from reports.analysis import analysis_context
from reports.charts import PNG_DPI, chart_png

from ..docx.helpers import document_texts

YEAR = 2018


def docx_url(region) -> str:
    return reverse("reports:analysis_docx", args=[region.pk, YEAR])


def html_parts(region):
    """Headings, paragraphs and table cells of the analysis as the HTML template prints it."""
    context = analysis_context(region=region, year=YEAR) | {"preview": False, "region": region}
    tree = lxml.html.fromstring(render_to_string("reports/analysis.html", context))
    for br in tree.iter("br"):  # a line break is a break in Word too
        br.tail = "\n" + (br.tail or "")
    clean = lambda element: " ".join(element.text_content().split())  # noqa: E731
    headings = [clean(h) for h in tree.xpath("//h1 | //h2")]
    paragraphs = [clean(p) for p in tree.xpath("//article//p | //figcaption") if clean(p)]
    cells = [clean(c) for c in tree.xpath("//table//th | //table//td") if clean(c)]
    return headings, paragraphs, cells, context


@pytest.fixture
def reviewer():
    client = Client()
    client.force_login(get_user_model().objects.get(username="reviewer"))
    return client


def test_docx_has_every_heading_paragraph_figure_and_one_picture_per_chart(district, reviewer):
    response = reviewer.get(docx_url(district))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))  # opens with python-docx
    texts = document_texts(response.content)
    flat = [" ".join(text.split()) for text in texts]
    joined = "\n".join(flat)
    headings, paragraphs, cells, context = html_parts(district)

    word_headings = [" ".join(p.text.split()) for p in document.paragraphs if p.style.name == "Heading 1"]
    assert word_headings == headings[1:]  # 一、… 七、 in order; the title is the Title paragraph
    assert document.paragraphs[0].style.name == "Title" and document.paragraphs[0].text == headings[0]
    for paragraph in paragraphs:  # every paragraph of the HTML, chart captions and notes included
        assert paragraph in joined, paragraph
    for cell in cells:  # every figure and name of the 附表 and of the charts' data tables
        assert cell in flat, cell

    charts = [chart for chart in context["charts"].values() if chart is not None]
    blips = document.element.body.findall(".//" + qn("a:blip"))
    assert len(blips) == len(charts) >= 5
    pictures = [document.part.related_parts[blip.get(qn("r:embed"))] for blip in blips]
    assert all(part.content_type == "image/png" for part in pictures)
    # Each chart is followed by its caption and its data table (the text alternative).
    for chart in charts:
        caption = next(i for i, text in enumerate(flat) if text.endswith(chart.title) and text.startswith("图"))
        assert flat[caption + 1 : caption + 1 + len(chart.headers)] == chart.headers


def test_chart_picture_is_the_same_drawing_at_print_resolution(district):
    chart = analysis_context(region=district, year=YEAR)["charts"]["grades"]
    png = chart_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (round(6.1 * PNG_DPI), round(2.9 * PNG_DPI))
    assert chart_png(chart) == png  # drawn from the chart's own data, the same every time


def test_docx_download_is_recorded_and_refused_to_fillers_and_other_regions(district, reviewer):
    reviewer.get(docx_url(district))
    event = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).latest("id")
    assert event.field == "区域分析 Word" and event.object_label.endswith(".docx」")
    User = get_user_model()
    for username in ("filler", "filler2"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        assert client.get(docx_url(district)).status_code == 403
    other = Region.objects.create(name="长沙市岳麓区", short_name="岳麓区")
    assert reviewer.get(reverse("reports:analysis_docx", args=[other.pk, YEAR])).status_code == 404
    assert Client().get(docx_url(district)).status_code == 302


def test_analysis_page_offers_the_word_download(district, reviewer):
    page = reviewer.get(reverse("reports:analysis", args=[district.pk, YEAR])).content.decode()
    assert f'href="{docx_url(district)}"' in page
