"""A .docx body in reading order: paragraphs (with their style) and tables (with merged cells once).

Used by the Word import and by the tests that compare an exported .docx with the PDF.
"""

from dataclasses import dataclass

from docx.oxml.ns import qn

MAX_GRID_SPAN = 63  # Word's own limit of columns in a table


@dataclass(frozen=True)
class DocParagraph:
    index: int  # position among the body's paragraphs and tables
    text: str
    style: str  # the style's name, e.g. "Heading 1", "Normal"
    outline_level: int | None  # 0 for Heading 1 (style or paragraph w:outlineLvl), None for body text
    numbered: bool  # automatic list numbering (w:numPr) on the paragraph or its style
    list_level: int | None = None  # the w:ilvl of the paragraph's own automatic numbering (0 = first level)


@dataclass(frozen=True)
class DocTable:
    index: int
    rows: list[list[str | None]]  # cell texts; None where a merged cell continues (gridSpan / vMerge)


def _text(element) -> str:
    """The text of a paragraph or cell: runs' w:t, tabs and breaks as spaces / newlines."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:p")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag == qn("w:p"):
            if parts:
                parts.append("\n")
        else:
            parts.append("\n")
    return "".join(parts).strip("\n")


def _style_info(styles, style_id):
    """Name, outline level and numbering of a paragraph style (following w:basedOn)."""
    name, level, numbered = "Normal", None, False
    seen = set()
    first = True
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.get(style_id)
        if style is None:
            break
        if first:
            name_node = style.find(qn("w:name"))
            name = name_node.get(qn("w:val")) if name_node is not None else style_id
            name = name[:1].upper() + name[1:]  # Word stores built-in names in lower case ("heading 1")
            first = False
        ppr = style.find(qn("w:pPr"))
        if ppr is not None:
            if level is None and ppr.find(qn("w:outlineLvl")) is not None:
                level = int(ppr.find(qn("w:outlineLvl")).get(qn("w:val")))
            numbered = numbered or ppr.find(qn("w:numPr")) is not None
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    if level is None and name.lower().startswith("heading "):
        try:
            level = int(name.split()[1]) - 1
        except (IndexError, ValueError):
            level = None
    return name, level, numbered


def _list_level(num_pr) -> int | None:
    """The paragraph's list level, or None when the numbering is switched off (numId 0)."""
    num_id = num_pr.find(qn("w:numId"))
    if num_id is not None and num_id.get(qn("w:val")) == "0":
        return None
    ilvl = num_pr.find(qn("w:ilvl"))
    try:
        return int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    except (TypeError, ValueError):
        return None


def _styles_by_id(document) -> dict:
    try:
        root = document.styles.element
    except (KeyError, AttributeError):
        return {}
    return {style.get(qn("w:styleId")): style for style in root.findall(qn("w:style"))}


def _table_rows(tbl) -> list[list[str | None]]:
    rows = []
    for tr in tbl.findall(qn("w:tr")):
        cells: list[str | None] = []
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if tc_pr is not None:
                grid_span = tc_pr.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(int(grid_span.get(qn("w:val"), "1")), 1)
                    if span > MAX_GRID_SPAN:  # a damaged file's; the row would be that many cells long
                        raise ValueError(f"gridSpan {span}")
                v_merge = tc_pr.find(qn("w:vMerge"))
                continued = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
            cells.append(None if continued else _text(tc))
            cells.extend([None] * (span - 1))
        rows.append(cells)
    return rows


def body_items(document) -> list[DocParagraph | DocTable]:
    """The body's paragraphs and top-level tables in order (tables nested in cells are read as text)."""
    styles = _styles_by_id(document)
    items: list[DocParagraph | DocTable] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            ppr = element.find(qn("w:pPr"))
            style_id, level, numbered, list_level = None, None, False, None
            if ppr is not None:
                style_node = ppr.find(qn("w:pStyle"))
                style_id = style_node.get(qn("w:val")) if style_node is not None else None
                outline = ppr.find(qn("w:outlineLvl"))
                level = int(outline.get(qn("w:val"))) if outline is not None else None
                num_pr = ppr.find(qn("w:numPr"))
                numbered = num_pr is not None
                if numbered:
                    list_level = _list_level(num_pr)
            name, style_level, style_numbered = _style_info(styles, style_id or "Normal")
            if level is None or level >= 9:
                level = style_level if style_level is not None and style_level < 9 else None
            items.append(DocParagraph(len(items), _text(element), name, level, numbered or style_numbered, list_level))
        elif element.tag == qn("w:tbl"):
            items.append(DocTable(len(items), _table_rows(element)))
    return items
