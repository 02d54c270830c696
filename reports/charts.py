"""Charts drawn on the server as SVG by matplotlib (ADR 7), for the page, the PDF and the dashboard.

No JavaScript and nothing the Content-Security-Policy refuses (``style-src 'self'``): matplotlib's
SVG carries ``style="…"`` attributes and a ``<style>`` element, so ``clean_svg`` rewrites every
style declaration as the equivalent SVG presentation attribute, drops the ``<style>`` element and
the metadata, and prefixes every id with the chart's own id (several charts share one page).
Text stays text (``svg.fonttype: none``), in the 黑体 the PDF uses (FandolHei, then Noto Sans CJK
SC), so labels are real text in the browser and vector text in the PDF, and the bars are paths.

Each chart comes with its data as a table (``Chart.headers`` / ``Chart.rows``): the text
alternative printed under it. matplotlib is imported on first use, not at start-up.

The .docx of the analysis takes raster images: ``chart_png`` draws the same figure from the same
data again (the chart keeps its drawing function) with matplotlib's Agg backend at print resolution.
"""

import io
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("svg", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# The 黑体 of print.css (h2, 附件 labels), then the screen fonts of Windows and macOS clients.
FONT_FAMILY = "FandolHei, 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
MEASURE_FONTS = ["FandolHei", "Noto Sans CJK SC", "DejaVu Sans"]
COLOURS = ("#3b5b92", "#c8102e", "#7f9cc9", "#e0a030")
WIDTH_IN, HEIGHT_IN = 6.1, 2.9  # 439 × 209 pt: the 156 mm text block of GB/T 9704

_lock = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe


@dataclass
class Chart:
    id: str
    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    labels: list[str] = field(default_factory=list)
    draw: Callable | None = field(default=None, repr=False, compare=False)  # draws the chart on a Figure


def _matplotlib():
    import matplotlib

    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # text as <text>, not glyph outlines
            "svg.hashsalt": "jxpj",  # ids that do not change between renders of the same data
            "font.family": MEASURE_FONTS,
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.unicode_minus": False,
        }
    )
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    return Figure, FigureCanvasSVG


def _figure(canvas=None):
    Figure, Canvas = _matplotlib()
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    (canvas or Canvas)(figure)
    return figure


PNG_DPI = 300  # print resolution for the .docx


def chart_png(chart: Chart, *, dpi: int = PNG_DPI) -> bytes:
    """The chart as PNG bytes: the same drawing as its SVG, rasterised (for Word)."""
    with _lock:
        _matplotlib()
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        figure = _figure(FigureCanvasAgg)
        chart.draw(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()


STYLE_PROPERTIES = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linejoin",
    "stroke-linecap",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "font-size",
    "font-family",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "clip-path",
}
ID_REFERENCE = re.compile(r"url\(#([^)]+)\)")


def clean_svg(svg: str, *, chart_id: str, title: str) -> str:
    """matplotlib's SVG made CSP-clean and unique on a page (see the module docstring)."""
    root = ET.fromstring(svg)  # noqa: S314 — matplotlib's own output, never a user's file
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag.split("}")[-1]
            if tag in ("metadata", "style"):
                parent.remove(child)
    root.set("stroke-linejoin", "round")  # what the dropped <style> said for every element
    root.set("stroke-linecap", "butt")
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for declaration in style.split(";"):
                if ":" not in declaration:
                    continue
                name, value = (part.strip() for part in declaration.split(":", 1))
                if name not in STYLE_PROPERTIES:
                    raise ValueError(f"unexpected style property {name!r} in chart SVG")
                element.set(name, FONT_FAMILY if name == "font-family" else value)
        if "id" in element.attrib:
            element.set("id", f"{chart_id}-{element.get('id')}")
        href = f"{{{XLINK_NS}}}href"
        if element.get(href, "").startswith("#"):
            element.set(href, f"#{chart_id}-{element.get(href)[1:]}")
        for name in ("clip-path", "mask", "filter"):
            if name in element.attrib:
                element.set(name, ID_REFERENCE.sub(lambda m: f"url(#{chart_id}-{m.group(1)})", element.get(name)))
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("class", "chart")
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{chart_id}-title"})
    title_element.text = title
    root.insert(0, title_element)
    # ElementTree writes prefixed names (``svg:path``); inline SVG in HTML needs the default namespace.
    # Text is escaped, so ``<svg:`` only ever starts a tag.
    text = ET.tostring(root, encoding="unicode")
    return text.replace("<svg:", "<").replace("</svg:", "</").replace("xmlns:svg=", "xmlns=", 1)


def _render(figure, chart_id: str, title: str) -> SafeString:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return mark_safe(clean_svg(buffer.getvalue(), chart_id=chart_id, title=title))  # noqa: S308 — numbers and escaped text only


def bar_chart(
    *, chart_id: str, title: str, labels: list[str], series: list[tuple[str, list]], unit: str, note: str = ""
) -> Chart:
    """Vertical bars, one group per label and one bar per series; each bar's value printed on it.

    Each bar is the path inside ``<g id="{chart_id}-bar-{series}-{label index}">``."""
    values_as_float = [[float(value) for value in values] for _name, values in series]

    def draw(figure):
        axes = figure.add_subplot()
        width = 0.8 / len(series)
        for number, ((name, values), floats) in enumerate(zip(series, values_as_float, strict=True)):
            positions = [i + (number - (len(series) - 1) / 2) * width for i in range(len(labels))]
            bars = axes.bar(positions, floats, width=width * 0.92, color=COLOURS[number % len(COLOURS)], label=name)
            for index, bar in enumerate(bars):
                bar.set_gid(f"bar-{number}-{index}")
            axes.bar_label(bars, labels=[str(value) for value in values], padding=2, fontsize=8)
        axes.set_xticks(range(len(labels)), labels)
        axes.set_ylabel(unit, rotation=0, labelpad=12)
        axes.margins(y=0.15)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=8)
        if len(labels) > 5:
            axes.tick_params(axis="x", labelsize=8)
        figure.tight_layout()

    with _lock:
        figure = _figure()
        draw(figure)
        svg = _render(figure, chart_id, title)
    headers = ["项目", *(f"{name}（{unit}）" for name, _values in series)]
    rows = [[label, *(str(values[i]) for _name, values in series)] for i, label in enumerate(labels)]
    return Chart(chart_id, title, svg, headers, rows, note, list(labels), draw)


def line_chart(
    *, chart_id: str, title: str, labels: list[str], series: list[tuple[str, list[int]]], unit: str, note: str = ""
) -> Chart:
    """Lines over time (labels are dates), one per series; each line is ``<g id="{chart_id}-line-{n}">``."""

    def draw(figure):
        axes = figure.add_subplot()
        for number, (name, values) in enumerate(series):
            (line,) = axes.plot(
                range(len(labels)), values, marker="o", markersize=3, color=COLOURS[number % len(COLOURS)], label=name
            )
            line.set_gid(f"line-{number}")
        step = max(1, len(labels) // 8)
        axes.set_xticks(range(0, len(labels), step), labels[::step])
        axes.tick_params(axis="x", labelsize=8)
        axes.set_ylabel(unit, rotation=0, labelpad=12)
        axes.set_ylim(bottom=0)
        axes.legend(frameon=False, fontsize=8)
        figure.tight_layout()

    with _lock:
        figure = _figure()
        draw(figure)
        svg = _render(figure, chart_id, title)
    headers = ["日期", *(f"{name}（{unit}）" for name, _values in series)]
    rows = [[label, *(str(values[i]) for _name, values in series)] for i, label in enumerate(labels)]
    return Chart(chart_id, title, svg, headers, rows, note, list(labels), draw)
