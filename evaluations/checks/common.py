"""Small helpers shared by the rules: rounding tolerance, formatting, text scanning."""

import re
from decimal import Decimal

from budgets.money import format_amount_table

from .findings import Figure

ROUNDING_PER_LINE = Decimal("0.005")

# A number as reports write it: 478.9, 1,234.56, ４７８.９ is normalised before matching.
NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def rounding_tolerance(parts: int) -> Decimal:
    """|Σ parts − total| up to 0.005 × n is explained by rounding each of n lines to 0.01 万元."""
    return ROUNDING_PER_LINE * parts


def money(amount: Decimal | None) -> str:
    return format_amount_table(amount, missing="（未填写）")


def figure(label: str, amount: Decimal | None) -> Figure:
    return Figure(label, money(amount))


def tolerance_text(tolerance: Decimal) -> str:
    """0.015 → '0.015', 0.03 → '0.03': the tolerance exactly, with at least two decimals."""
    text = format(tolerance.quantize(Decimal("0.001")), "f")
    return text[:-1] if text.endswith("0") else text


def signed(amount: Decimal) -> str:
    return ("+" if amount > 0 else "") + money(amount)


def parse_number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def normalise_digits(text: str) -> str:
    return text.translate(FULL_WIDTH)


def compact_name(name: str) -> str:
    """A category or project name without spacing and the generic 支出/经费 endings, for matching."""
    name = re.sub(r"\s+", "", name)
    for ending in ("支出", "经费", "费"):
        if name.endswith(ending) and len(name) > len(ending) + 1:
            name = name[: -len(ending)]
    return name


def excerpt(text: str, start: int, end: int, width: int = 12) -> str:
    """The matched text with a little context, for a message: '…于2017年完成…'."""
    left, right = max(0, start - width), min(len(text), end + width)
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")
