"""The handout on paper, and the public-service pages in a real browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from practice_exchange.wording import long_date
from tests.browser.conftest import Served, serious_axe_violations

pytestmark = pytest.mark.browser

_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _printed_pages(page: Page) -> int:
    """Print the page to A4 as a reader's browser would (print styles, A4) and count the sheets."""
    page.emulate_media(media="print")
    return len(_PDF_PAGE.findall(page.pdf(format="A4", prefer_css_page_size=True)))


def test_a_600_word_case_prints_on_at_most_two_a4_pages(page: Page, synthetic_site: Served) -> None:
    page.goto(synthetic_site.url + "cases/long-handout-case/")
    assert _printed_pages(page) <= 2


def test_the_longest_real_case_prints_on_at_most_two_a4_pages(page: Page, real_site: Served) -> None:
    cases = real_site.catalogue()["cases"]
    longest = max(
        cases, key=lambda c: len((real_site.root / c["url"] / "index.html").read_text(encoding="utf-8").split())
    )
    page.goto(real_site.url + longest["url"])
    assert _printed_pages(page) <= 2, longest["id"]


def test_the_handout_leaves_out_related_practice_and_carries_a_print_footer(page: Page, synthetic_site: Served) -> None:
    page.goto(synthetic_site.url + "cases/long-handout-case/")
    page.emulate_media(media="print")
    expect(page.locator("#related-practice")).to_be_hidden()
    expect(page.locator("ul.px-list").first).to_be_hidden()
    expect(page.locator(".px-footer")).to_be_hidden()
    # print-date.js writes the footer into the bottom margin of every sheet (an @page margin box).
    margin = page.evaluate("[...document.querySelectorAll('style[media=print]')].map(s => s.textContent).join()")
    assert "@bottom-left" in margin
    for expected in (
        "Practice Exchange",
        "http://127.0.0.1:8000/cases/long-handout-case/",
        "Printed " + long_date(dt.date.today().isoformat()),
    ):
        assert expected in margin
    # Headings stay with their text: no heading is the last thing on a printed page.
    assert page.evaluate(
        "[...document.querySelectorAll('.md-typeset h2')].every("
        "h => getComputedStyle(h).breakAfter === 'avoid' || getComputedStyle(h).pageBreakAfter === 'avoid')"
    )


@pytest.mark.parametrize("where", ["cases/archived-case/", "glossary/", "accessibility/", "cases/long-handout-case/"])
def test_no_serious_or_critical_violations_on_the_public_service_pages(
    page: Page, synthetic_site: Served, where: str
) -> None:
    page.goto(synthetic_site.url + where)
    bad = serious_axe_violations(page)
    assert not bad, "\n".join(bad)


def test_a_tombstone_sends_the_reader_to_the_replacing_case(page: Page, synthetic_site: Served) -> None:
    page.goto(synthetic_site.url + "cases/archived-case/")
    page.get_by_role("link", name="A long case study that must print on two pages").click()
    page.wait_for_url("**/cases/long-handout-case/")


def test_the_case_page_and_glossary_fit_a_390px_phone(browser: Browser, synthetic_site: Served) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for where in ("cases/long-handout-case/", "cases/archived-case/", "glossary/", "accessibility/"):
        page.goto(synthetic_site.url + where)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{where} is {width}px wide"
    context.close()
