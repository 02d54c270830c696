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
