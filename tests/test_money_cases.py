"""One table of amounts (tests/money_cases.json) against every server-side reader of amounts: the
parser itself, the form field and the Excel import. The browser's copy runs it in tests/e2e/.
"""

import pytest
from django.core.exceptions import ValidationError

from budgets.forms import MoneyField
from budgets.importing.cells import CellError, read_amount
from budgets.money import AmountError, parse_amount

from .money_cases import load_cases, random_texts

CASES = load_cases()
TYPED = [case for case in CASES if case.typed or case.input is None]


def outcome(parse, value):
    """What a reader made of ``value``: ('value', Decimal or None) or ('refused', code)."""
    try:
        return ("value", parse(value))
    except (AmountError, CellError) as error:
        return ("refused", error.code)


def expected(case):
    return ("refused", case.refused) if case.refused else ("value", case.value)


def test_the_table_covers_every_rule():
    codes = {case.refused for case in CASES if case.refused}
    assert codes == {"invalid", "negative", "decimals", "too_large"}
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_parse_amount(case):
    result = outcome(parse_amount, case.input)
    assert result == expected(case)
    if case.value is not None:
        assert result[1].as_tuple().exponent == -2  # always two places: 478.90, never 478.9


@pytest.mark.parametrize("case", TYPED, ids=lambda case: case.id)
def test_money_field(case):
    field = MoneyField(required=False)
    try:
        assert ("value", field.clean(case.input)) == expected(case)
    except ValidationError as error:
        assert ("refused", error.code) == expected(case)
        assert "万元" in error.messages[0]  # every message says the unit, and how to fix the amount


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_excel_read_amount(case):
    assert outcome(read_amount, case.input) == expected(case)


def test_nothing_but_amount_errors_for_random_text():
    for text in random_texts(3000):
        outcome(parse_amount, text)  # anything but AmountError would fail the test
