"""The browser's parseCents (static/js/formset.js) follows the same table of amounts as the server."""

import pytest
from django.contrib.staticfiles import finders

from budgets.money import AmountError, parse_amount

from ..money_cases import load_cases, random_texts

pytestmark = pytest.mark.browser

# parseCents answers integer cents, null for empty, NaN when refused; sent back as text or null.
PARSE_ALL = """texts => texts.map(text => {
  const cents = window.Formset.parseCents(text);
  return cents === null ? null : Number.isNaN(cents) ? "refused" : String(cents);
})"""


def server_answer(text):
    """parse_amount's verdict in parseCents' terms."""
    try:
        amount = parse_amount(text)
    except AmountError:
        return "refused"
    return None if amount is None else str(int(amount * 100))


@pytest.fixture
def parse_cents(page):
    """parseCents of the real static file, loaded (as the finders serve it) into an empty page."""
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=finders.find("js/formset.js"))
    return lambda texts: page.evaluate(PARSE_ALL, texts)


def test_the_shared_table(parse_cents):
    cases = [case for case in load_cases() if case.typed]
    wanted = [
        "refused" if case.refused else None if case.value is None else str(int(case.value * 100)) for case in cases
    ]
    answers = parse_cents([case.input for case in cases])
    mismatches = [(case.id, want, got) for case, want, got in zip(cases, wanted, answers, strict=True) if want != got]
    assert mismatches == []


def test_random_texts_agree_with_the_server(parse_cents):
    texts = random_texts(3000)
    answers = parse_cents(texts)
    mismatches = [(text, server_answer(text), got) for text, got in zip(texts, answers, strict=True)]
    assert [m for m in mismatches if m[1] != m[2]] == []


def test_live_totals_group_thousands_and_call_only_small_differences_rounding(page):
    """formatCents groups thousands; differenceNote says 尾差 only within 0.005 万元 per line, in the
    words of evaluations.sections.base.difference_note."""
    from decimal import Decimal

    from evaluations.sections.base import difference_note

    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=finders.find("js/formset.js"))
    assert page.evaluate("window.Formset.formatCents(123456789)") == "1,234,567.89"
    assert page.evaluate("window.Formset.formatCents(-99999)") == "-999.99"
    for cents, lines in [(0, 3), (1, 3), (2, 3), (1, 1), (99999, 10), (-1, 2)]:
        live = page.evaluate("([d, n]) => window.Formset.differenceNote(d, n)", [cents, lines])
        whole = Decimal(100)
        assert live == difference_note(whole + Decimal(cents) / 100, whole, lines), (cents, lines)
    assert "正常尾差" in difference_note(Decimal("478.89"), Decimal("478.90"), 6)
    assert "超出" in difference_note(Decimal("1478.89"), Decimal("478.90"), 6)
