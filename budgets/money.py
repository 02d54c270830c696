"""Money in this application: Decimal 万元 with two decimals, never float."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

MONEY_PLACES = Decimal("0.01")
MONEY_MAX_DIGITS = 14  # up to 999,999,999,999.99 万元: far above any district budget


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
