"""Money in this application: Decimal 万元 with two decimals, never float."""

import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

MONEY_PLACES = Decimal("0.01")
MONEY_MAX_DIGITS = 14  # up to 999,999,999,999.99 万元: far above any district budget

# The one upper bound of an amount typed or imported (see parse_amount); static/js/formset.js repeats it.
AMOUNT_LIMIT = Decimal("100000000")  # 10⁸ 万元 = 1 万亿元

AMOUNT_MESSAGES = {
    "invalid": "“%(value)s”不是有效的金额。请只填写数字（单位：万元），例如 478.9 或 1,234.56。",
    "negative": "金额不能为负数。请填写大于或等于 0 的数字（单位：万元）。",
    "decimals": "金额最多保留两位小数（单位：万元）。请四舍五入到分，例如 5.015 写成 5.02。",
    "too_large": f"金额过大：单位是万元，应小于 {AMOUNT_LIMIT:,} 万元。请检查是否把“元”当成“万元”填写了，或多输了位数。",
}

# Exactly the characters JavaScript's \s matches, plus the zero-width space pasted from web pages, so
# that the browser's parseCents drops the same ones. Python's own \s differs (\x1c-\x1f, \x85).
_SPACES = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")
# [0-9], not \d: Python's \d also takes Arabic-Indic and other digits that the browser would refuse.
_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")
_NUMBER = re.compile(r"([0-9]*)(?:\.([0-9]*))?")


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """An amount in 万元. Amounts may be empty while a report is a draft."""
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.DecimalField(verbose_name, max_digits=MONEY_MAX_DIGITS, decimal_places=2, **kwargs)


def non_negative(prefix: str, field: str, label: str) -> models.CheckConstraint:
    """A named DB constraint that keeps ``field`` ≥ 0 (NULL, i.e. not yet filled in, passes)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}) | Q(**{f"{field}__isnull": True}),
        name=f"{prefix}_{field}_non_negative",
        violation_error_message=f"{label}不能为负数，请填写大于或等于 0 的金额（单位：万元）。",
    )


def non_negative_all(prefix: str, model_fields: dict[str, str]) -> list[models.CheckConstraint]:
    return [non_negative(prefix, field, label) for field, label in model_fields.items()]


def total(*amounts) -> Decimal | None:
    """Sum of amounts; None when none of them is filled in, so 'empty' stays distinguishable from 0."""
    present = [a for a in amounts if a is not None]
    if not present:
        return None
    return sum(present, Decimal("0"))


def format_amount_text(amount: Decimal | None, missing: str = "（未填写）") -> str:
    """An amount as report prose writes it: 478.90 → '478.9', 0.00 → '0'."""
    if amount is None:
        return missing
    text = format(amount.quantize(MONEY_PLACES), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_amount_table(amount: Decimal | None, missing: str = "") -> str:
    """An amount as a table cell: always two decimals."""
    if amount is None:
        return missing
    return format(amount.quantize(MONEY_PLACES), "f")


# ---------------------------------------------------------------- parsing


class AmountError(ValidationError):
    """An amount that cannot be accepted: ``code`` names the rule, ``messages[0]`` says how to fix it."""


def parse_amount(value) -> Decimal | None:
    """The one parser of amounts in 万元, for forms (MoneyField), the Excel import and, repeated in
    ``parseCents`` of static/js/formset.js, the page's live totals. tests/money_cases.json holds the rules.

    Accepted: ``478.9``, ``1,234.56`` (thousands commas), ``.5``, ``5.``, full-width ``１２３．４５``,
    spaces anywhere, one trailing unit ``万元``; ints, Decimals and floats (Excel's cells; their binary
    noise such as 148.35000000000002 is rounded away). Returns a Decimal with two places, or None when
    empty. Anything else raises ``AmountError`` with code ``invalid`` (letters, other units, exponents,
    NaN, infinities, bools), ``negative`` (also -0), ``decimals`` (more than two after dropping trailing
    zeros) or ``too_large``; nothing else is ever raised.

    The limit: amounts must be below 10⁸ 万元 (1 万亿元). A district department spends a few hundred to a
    few hundred thousand 万元 a year; a figure at or above 10⁸ is always a unit or typing error (元 typed
    as 万元, extra digits). The DB column (14 digits) holds up to 10¹²: the 10⁴ headroom keeps sums of
    many amounts inside it, and keeps the browser's integer cents (< 10¹⁰) exactly representable far
    below 2⁵³. (The form used to allow ≤ 10⁹ and the Excel import < 10⁸: the stricter one was kept.)
    """
    number = _to_decimal(value)
    if number is None:
        return None
    if number.is_signed():
        raise _refused("negative")
    if number >= AMOUNT_LIMIT:  # before any rounding: quantize() cannot handle more than 28 digits
        raise _refused("too_large")
    if isinstance(value, float):
        number = _without_float_noise(number)
    if number != number.quantize(MONEY_PLACES):
        raise _refused("decimals")
    return number.quantize(MONEY_PLACES)


def _to_decimal(value) -> Decimal | None:
    """The exact number that ``value`` stands for; None when empty. Not yet checked against the rules."""
    if value is None:
        return None
    if isinstance(value, bool):  # a bool is an int: True would otherwise pass as 1 万元
        raise _refused("invalid", value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(str(value))  # the float as written (148.35000000000002), not its binary expansion
    elif isinstance(value, Decimal):
        number = value
    else:
        return _decimal_from_text(value)
    if not number.is_finite():
        raise _refused("invalid", value)
    return number


def _decimal_from_text(value) -> Decimal | None:
    text = _SPACES.sub("", unicodedata.normalize("NFKC", str(value))).removesuffix("万元")
    if text == "":
        return None
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if _GROUPED.fullmatch(digits):
        digits = digits.replace(",", "")
    match = _NUMBER.fullmatch(digits)
    if match is None or not (match[1] or match[2]):  # "." alone has no digit
        raise _refused("invalid", value)
    return Decimal(sign + digits)


def _without_float_noise(number: Decimal) -> Decimal:
    """A float's binary noise (0.1 + 0.2 = 0.30000000000000004) rounded to 0.01; a real third decimal
    (1.005) is left for the decimals rule to refuse.
    """
    rounded = number.quantize(MONEY_PLACES)
    noise = max(Decimal("1e-9"), number * Decimal("1e-12"))
    return rounded if abs(number - rounded) <= noise else number


def _refused(code: str, value=None) -> AmountError:
    params = {"value": _shown(value)} if code == "invalid" else None
    return AmountError(AMOUNT_MESSAGES[code], code=code, params=params)


def _shown(value) -> str:
    """The refused input as the message quotes it, cut short so a pasted essay does not flood the page."""
    text = str(value).strip()
    return text if len(text) <= 30 else text[:30] + "…"
