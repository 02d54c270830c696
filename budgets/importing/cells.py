"""Reading one cell of an imported workbook: amounts, codes, text, yes/no.

Each reader returns the value or raises ``CellError`` with a Chinese explanation that says how
to fix the cell; the caller adds sheet, row and column. Amounts follow ``budgets.money.parse_amount``
(the same rules and limit as the forms); only the wording, which quotes the cell, is the import's own.
"""

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal

from ..money import AMOUNT_LIMIT, MONEY_PLACES, AmountError, parse_amount

_SPACES = re.compile(r"[\s\u00a0\u3000]+")

# parse_amount's codes, worded for a spreadsheet: the cell's content is quoted, since the person reads
# the message on the upload page, away from the workbook.
_AMOUNT_MESSAGES = {
    "invalid": "“{shown}”不是金额。请只填写数字（单位：万元），如 478.9 或 1,234.56，不要带其他文字或符号。",
    "negative": "金额“{shown}”是负数。金额不能为负数，请填写大于或等于 0 的数。",
    "decimals": "金额“{shown}”超过两位小数。金额以万元为单位，最多保留两位小数，请四舍五入后重新填写。",
    "too_large": "金额“{shown}”万元大得不合理（应小于 {limit:,} 万元）。请确认单位是万元而不是元，并检查是否多输了位数。",
}


class CellError(ValueError):
    """A cell that cannot be read; ``str(error)`` is the Chinese message for the user, ``code`` (for
    amounts) the rule of ``parse_amount`` it breaks.
    """

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.code = code


def normalize_text(value) -> str:
    """Full-width characters to their ASCII forms (NFKC), spaces removed at both ends."""
    return unicodedata.normalize("NFKC", str(value)).strip()


_QUOTES = re.compile("[\"'“”‘’]")
_NUMBERING = re.compile(r"^(\d+|[一二三四五六七八九十]+)[.、)]")


def normalize_label(value) -> str:
    """A row or column label for matching: NFKC; no spaces, quotes, numbering, 其中, or remark in brackets."""
    text = _QUOTES.sub("", _SPACES.sub("", normalize_text(value)))
    text = re.sub(r"^其中:?", "", _NUMBERING.sub("", text))
    return re.sub(r"\(.*?\)$", "", text) or text


def _shown(value) -> str:
    """A cell's content quoted in a message, cut short so a pasted essay does not flood the page."""
    # str() of an int over 4,300 digits raises ValueError (a guard of Python's); a Decimal prints any length.
    is_int = isinstance(value, int) and not isinstance(value, bool)
    text = str(Decimal(value) if is_int else value).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def read_amount(value) -> Decimal | None:
    """An amount in 万元, or None for an empty cell."""
    if isinstance(value, bool):
        raise CellError("这里应填写金额（数字），不是“是/否”。", code="invalid")
    if isinstance(value, datetime | date | time):
        raise CellError("这里应填写金额，单元格却是日期格式。请把单元格格式改为“数值”后重新输入金额。", code="invalid")
    try:
        return parse_amount(value)
    except AmountError as error:
        message = _AMOUNT_MESSAGES[error.code].format(shown=_shown(value), limit=AMOUNT_LIMIT)
        raise CellError(message, code=error.code) from None


def read_code(value) -> str:
    """A functional-classification code as text: 2010306, never '2010306.0'; '' when empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError("这里应填写科目编码（如 2010306）。")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"科目编码“{_shown(value)}”不是整数编码，请填写 3、5 或 7 位数字编码，如 2010306。")
        value = int(value)
    text = _SPACES.sub("", normalize_text(value))
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text and not (text.isascii() and text.isdigit() and len(text) in (3, 5, 7)):
        raise CellError(f"科目编码“{_shown(value)}”无效。应为 3 位（类）、5 位（款）或 7 位（项）数字，如 2010306。")
    return text


def read_text(value, *, max_length: int) -> str:
    """Free text; numbers typed into a text cell keep their written form (no trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date | time):
        raise CellError("这里应填写文字，单元格却是日期格式。")
    text = str(value).strip()
    if len(text) > max_length:
        raise CellError(f"内容过长（{len(text)} 字），最多 {max_length} 字。")
    return text


_YES = {"是", "Y", "YES", "TRUE", "1", "√", "✓"}
_NO = {"否", "N", "NO", "FALSE", "0", ""}


def read_yes_no(value) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = normalize_text(value).upper()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"“{_shown(value)}”无法识别。请填写“是”或“否”。")


def display_amount(value: Decimal | None) -> str:
    """An amount for messages and the preview: two decimals, or （空） for an empty cell."""
    return "（空）" if value is None else format(value.quantize(MONEY_PLACES), "f")
