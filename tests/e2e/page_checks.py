"""The check every browser test runs on a page a user reaches, on a 390 × 844 phone screen:

- no horizontal overflow (the page never scrolls sideways);
- axe-core (bundled by axe-playwright-python) finds no serious or critical violation
  (GB/T 37668-2019, WCAG 2.1 AA);
- the browser logs no Content-Security-Policy violation and no JavaScript error.

``test_every_page`` runs it on every page its crawl reaches by GET; the journeys run it on the pages
reached only by POST (import previews, a failed save).
"""

from axe_playwright_python.sync_playwright import Axe

PHONE = {"width": 390, "height": 844}
AXE = Axe()
OVERFLOW = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


def check_page(page, path: str, console: list[str], problems: list[str]) -> None:
    """Append to ``problems`` what is wrong with the page shown now; ``console`` holds the messages the
    page logged (JavaScript errors, CSP refusals) and is emptied."""
    page.wait_for_load_state("load")
    scroll_width, inner_width = page.evaluate(OVERFLOW)
    if scroll_width > inner_width:
        problems.append(f"{path}: scrolls sideways ({scroll_width} px wide on a {inner_width} px screen)")
    # The page's own CSP messages are in by now; axe-core then inserts <style> elements of its own,
    # which the CSP refuses too: those messages are the test's, not the page's, and are dropped.
    if console:
        problems.extend(f"{path}: {message}" for message in console)
        console.clear()
    results = AXE.run(page)
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")
    console.clear()
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            problems.append(f"{path}: axe {violation['impact']} {violation['id']}: {violation['help']} {targets}")


def assert_fits_a_phone_and_passes_axe(page, console: list[str], what: str) -> None:
    """The page shown now, at 390 × 844 (the viewport is set to it): no sideways scroll, no serious or
    critical axe violation, no CSP message or JavaScript error."""
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    check_page(page, what, console, problems)
    assert problems == [], "\n".join(problems)
