"""Amounts are typed the way people type them; wrong ones are refused with a message saying how to fix it."""

from decimal import Decimal

import pytest
from django import forms

from budgets.forms import MoneyField
from departments.forms import CountField


class AmountForm(forms.Form):
    amount = MoneyField(label="年初预算")


class CountForm(forms.Form):
    count = CountField(label="编制数")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("478.9", "478.90"),
        ("1,234.56", "1234.56"),
        ("12,345,678", "12345678.00"),
        ("１２３．４５", "123.45"),
        ("１，２３４．５", "1234.50"),
        ("  5.01  ", "5.01"),
        ("\u3000２\u3000", "2.00"),
        ("0", "0.00"),
        ("148.350", "148.35"),
        ("2万元", "2.00"),
        (".5", "0.50"),
        ("99999999.99", "99999999.99"),
    ],
)
def test_accepted_amounts(typed, expected):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(expected)
    assert isinstance(form.cleaned_data["amount"], Decimal)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "请只填写数字"),
        ("12a", "请只填写数字"),
        ("1.2.3", "请只填写数字"),
        ("1,23", "请只填写数字"),
        ("-5", "不能为负数"),
        ("－５", "不能为负数"),
        ("1.234", "最多保留两位小数"),
        ("0.001", "最多保留两位小数"),
        ("100000000", "金额过大"),
        ("1000000000.01", "金额过大"),
        ("99999999999999", "金额过大"),
        ("NaN", "请只填写数字"),
        ("1e5", "请只填写数字"),
    ],
)
def test_refused_amounts_say_how_to_fix(typed, message):
    form = AmountForm({"amount": typed})
    assert not form.is_valid()
    [error] = form.errors["amount"]
    assert message in error
    assert "万元" in error


def test_empty_amount_is_required_unless_optional():
    assert "没有发生的请填 0" in AmountForm({"amount": " "}).errors["amount"][0]
    optional = MoneyField(required=False)
    assert optional.clean("") is None


def test_stored_amount_is_shown_with_two_decimals():
    form = AmountForm(initial={"amount": Decimal("5.1")})
    assert 'value="5.10"' in str(form["amount"])


@pytest.mark.parametrize(("typed", "expected"), [("10", 10), ("１０", 10), (" 8 ", 8), ("8人", 8)])
def test_head_counts(typed, expected):
    form = CountForm({"count": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["count"] == expected


@pytest.mark.parametrize(("typed", "message"), [("8.5", "整数"), ("八", "整数"), ("-1", "不能为负数")])
def test_bad_head_counts(typed, message):
    assert message in CountForm({"count": typed}).errors["count"][0]
