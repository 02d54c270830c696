"""Reading single cells: amounts as Decimal without float arithmetic, codes as text, yes/no."""

from decimal import Decimal

import pytest

from budgets.importing.cells import CellError, normalize_label, read_amount, read_code, read_text, read_yes_no


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  \u3000", None),
        (0, Decimal("0.00")),
        (478.9, Decimal("478.90")),
        (148.35000000000002, Decimal("148.35")),  # 93.14 + 5.01 + 50.1 + 0.1 in binary floating point
        (0.1 + 0.2, Decimal("0.30")),
        (99999999.99, Decimal("99999999.99")),
        ("478.9", Decimal("478.90")),
        ("1,234.56", Decimal("1234.56")),
        ("12,345,678.9", Decimal("12345678.90")),
        ("１２３４．５６", Decimal("1234.56")),
        ("１，２３４．５", Decimal("1234.50")),
        (" 7 ", Decimal("7.00")),
        ("5.100", Decimal("5.10")),
        (Decimal("5.1"), Decimal("5.10")),
    ],
)
def test_accepted_amounts(value, expected):
    result = read_amount(value)
    assert result == expected
    assert result is None or (isinstance(result, Decimal) and result.as_tuple().exponent == -2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "不是金额"),
        ("12.5万", "不是金额"),
        ("1e3", "不是金额"),
        ("1,23,4", "不是金额"),
        ("-5", "负数"),
        ("－１", "负数"),
        (-0.01, "负数"),
        ("1.234", "超过两位小数"),
        (1.005, "超过两位小数"),
        (148.351, "超过两位小数"),
        (1e8, "大得不合理"),
        ("123456789012", "大得不合理"),
        (True, "不是“是/否”"),
        (float("nan"), "不是金额"),
    ],
)
def test_refused_amounts_say_why(value, message):
    with pytest.raises(CellError, match=message):
        read_amount(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2010306, "2010306"),
        (2010306.0, "2010306"),
        ("2010306.0", "2010306"),
        (" 201 ", "201"),
        ("２０１０３", "20103"),
        (None, ""),
    ],
)
def test_codes_stay_text_without_trailing_zero(value, expected):
    assert read_code(value) == expected


@pytest.mark.parametrize("value", ["20103066", "20a", 2010306.5, "1"])
def test_invalid_codes(value):
    with pytest.raises(CellError, match="科目编码"):
        read_code(value)


def test_text_yes_no_and_labels():
    assert read_text(12.0, max_length=10) == "12"
    with pytest.raises(CellError, match="最多 3 字"):
        read_text("四个字啊", max_length=3)
    assert [read_yes_no(v) for v in ("是", "否", None, "Y", True, "0")] == [True, False, False, True, True, False]
    with pytest.raises(CellError, match="“是”或“否”"):
        read_yes_no("可能")
    assert normalize_label("其中：资产购置支出") == normalize_label("资产购置支出")
    assert normalize_label("1. 公务用车购置和运行维护费") == normalize_label("公务用车购置和运行维护费")
    assert normalize_label("上年决算数（系统中无上年度数据时填写）") == "上年决算数"
    assert normalize_label("“三公”经费合计") == "三公经费合计"
