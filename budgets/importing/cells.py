"""Reading one cell of an imported workbook: amounts, codes, text, yes/no.

Each reader returns the value or raises ``CellError`` with a Chinese explanation that says how
to fix the cell; the caller adds sheet, row and column. Amounts are Decimal 万元 with two decimals,
never float: Excel's binary noise (148.35000000000002) is removed, real third decimals are refused.
"""

import math
import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from ..money import MONEY_PLACES

# Above this an amount in 万元 is a typing error (元 entered instead of 万元, extra digits …):
# 1 亿万元 = 1 万亿元, far more than any district department spends in a year.
MAX_AMOUNT = Decimal("100000000")

_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_PLAIN_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_GROUPED_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


class CellError(ValueError):
    """A cell that cannot be read; ``str(error)`` is the Chinese message for the user."""


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
    text = str(value).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def _without_float_noise(number: Decimal) -> Decimal:
    """Round to 0.01 when the difference is only binary floating-point noise; else refuse."""
    rounded = number.quantize(MONEY_PLACES)
    if rounded == number:
        return rounded
    noise = max(Decimal("1e-9"), abs(number) * Decimal("1e-12"))
    if abs(number - rounded) <= noise:
        return rounded
    raise CellError(f"金额“{number}”超过两位小数。金额以万元为单位，最多保留两位小数，请四舍五入后重新填写。")


def read_amount(value) -> Decimal | None:
    """An amount in 万元, or None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError("这里应填写金额（数字），不是“是/否”。")
    if isinstance(value, datetime | date | time):
        raise CellError("这里应填写金额，单元格却是日期格式。请把单元格格式改为“数值”后重新输入金额。")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("金额不是有效数字。")
        number = Decimal(str(value))  # repr of the float, e.g. '148.35000000000002', never binary expansion
    elif isinstance(value, Decimal):
        number = value
    else:
        text = _SPACES.sub("", normalize_text(value))
        if text == "":
            return None
        if text.startswith("-") and _PLAIN_NUMBER.match(text[1:].replace(",", "")):
            raise CellError(f"金额“{_shown(value)}”是负数。金额不能为负数，请填写大于或等于 0 的数。")
        if _GROUPED_NUMBER.match(text):
            text = text.replace(",", "")
        if not _PLAIN_NUMBER.match(text):
            raise CellError(
                f"“{_shown(value)}”不是金额。请只填写数字（单位：万元），如 478.9 或 1,234.56，不要带文字、单位或符号。"
            )
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern above already guarantees digits
            raise CellError(f"“{_shown(value)}”不是金额。") from None
    if number < 0:
        raise CellError(f"金额“{_shown(value)}”是负数。金额不能为负数，请填写大于或等于 0 的数。")
    number = _without_float_noise(number)
    if number >= MAX_AMOUNT:
        raise CellError(
            f"金额“{number}”万元大得不合理（上限 1 亿万元）。请确认单位是万元而不是元，并检查是否多输了位数。"
        )
    return number


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
