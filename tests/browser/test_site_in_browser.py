"""The built site in a real browser: search, filters, matrix, accessibility, phones, print, privacy."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Served, serious_axe_violations
from tests.site_helpers import HOSTILE_TITLE

pytestmark = pytest.mark.browser


def _expected_titles(catalogue: dict[str, Any], theme: str, phase: str) -> list[str]:
    return sorted(c["title"] for c in catalogue["cases"] if theme in c["theme"] and phase in c["phase"])


def _shown_titles(page: Page) -> list[str]:
    """Every case the finder lists, after drawing all of them ("Show more" until none is left)."""
    page.wait_for_function("!document.getElementById('px-finder-status').textContent.startsWith('Searching')")
    page.wait_for_load_state("networkidle")
    more = page.locator(".px-finder__more")
    while more.is_visible():
        shown = page.locator("ol.px-finder__results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('ol.px-finder__results li').length > {shown}")
    return page.locator("ol.px-finder__results li h3 a").all_inner_texts()


def test_the_header_search_opens_the_finder_with_the_attendance_case_studies(page: Page, real_site: Served) -> None:
    expected = {c["title"] for c in real_site.catalogue()["cases"] if "attendance" in c["theme"]}
    assert expected, "the real collection has no attendance case study"
    page.goto(real_site.url)
    page.fill("#px-header-q", "attendance")
    page.press("#px-header-q", "Enter")
    page.wait_for_url("**/find/?q=attendance")
    titles = set(_shown_titles(page))
    assert expected <= titles, f"missing from the results: {sorted(expected - titles)}"
    status = page.locator("#px-finder-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("mention “attendance”")
    expect(page.get_by_label("Search the case studies")).to_have_value("attendance")


def test_finder_results_show_a_hostile_title_as_text(page: Page, synthetic_site: Served) -> None:
    page.goto(synthetic_site.url + "find/?q=placeholder")
    titles = _shown_titles(page)
    assert HOSTILE_TITLE in titles
    assert page.locator(".px-finder__results script").count() == 0
    # Summaries and the words a case mentions further on keep <mark> highlights as elements, and nothing else.
    shown = [f".px-finder__results .px-finder__{part}" for part in ("excerpt", "mentions")]
    assert page.locator(", ".join(f"{where} mark" for where in shown)).count() > 0
    inside = page.locator(", ".join(f"{where} *" for where in shown))
    assert inside.evaluate_all("els => [...new Set(els.map(e => e.tagName))]") == ["MARK"]


def test_send_and_primary_filter_shows_exactly_the_matching_cases(page: Page, synthetic_site: Served) -> None:
    catalogue = synthetic_site.catalogue()
    expected = sorted(c["title"] for c in catalogue["cases"] if "send" in c["theme"] and "primary" in c["phase"])
    assert len(expected) == 3
    page.goto(synthetic_site.url + "find/")
    page.check("#px-f-theme-send")
    page.check("#px-f-phase-primary")
    expect(page.locator("#px-finder-status")).to_have_text("3 case studies match (SEND, Primary).")
    assert sorted(_shown_titles(page)) == expected
    assert parse_qs(urlsplit(page.url).query) == {"theme": ["send"], "phase": ["primary"]}
    # Counts follow the other filters: with send ticked, secondary would add two cases.
    expect(page.locator("label[for=px-f-phase-secondary] .px-finder__count")).to_have_text("(2)")


def test_a_matrix_cell_links_to_its_cases(page: Page, real_site: Served) -> None:
    page.goto(real_site.url + "matrix/")
    # A phase cell (the total cell links to the theme alone).
    cell = page.locator('td a[href*="&phase="]:not([href*="not-reported"])').first
    query = parse_qs(urlsplit(cell.get_attribute("href") or "").query)
    theme, phase = query["theme"][0], query["phase"][0]
    count = int((cell.inner_text()).split()[0])
    cell.click()
    page.wait_for_url("**/find/?*")
    expected = _expected_titles(real_site.catalogue(), theme, phase)
    assert len(expected) == count
    assert sorted(_shown_titles(page)) == expected


# The matrix's own layout, shading and links: tests/browser/test_matrix.py.


def _first_case(site: Served) -> str:
    return site.url + str(site.catalogue()["cases"][0]["url"])


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("where", ["", "case"])
def test_no_serious_or_critical_accessibility_violations(
    browser: Any, real_site: Served, where: str, width: int
) -> None:
    # The finder and the matrix have theirs at both widths in test_finder.py and test_matrix.py.
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(_first_case(real_site) if where == "case" else real_site.url + where)
    bad = serious_axe_violations(page)
    context.close()
    assert not bad, "\n".join(bad)


def test_pages_request_nothing_outside_localhost(page: Page, real_site: Served) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for where in ["", "about/", "matrix/", "find/"]:
        page.goto(real_site.url + where)
        page.wait_for_load_state("networkidle")
    page.goto(_first_case(real_site))
    page.wait_for_load_state("networkidle")
    outside = [url for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
    outside = [url for url in outside if urlsplit(url).hostname != "127.0.0.1"]
    assert requested and not outside, outside


def test_pages_request_nothing_that_is_not_there(page: Page, real_site: Served) -> None:
    # Material reads every <link rel=alternate> as another language of the site and fetches its
    # sitemap.xml: the feed's link asked for feeds/sitemap.xml, a 404 page, on every page view.
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    for where in ["", "find/?q=attendance", "matrix/"]:
        page.goto(real_site.url + where)
        page.wait_for_load_state("networkidle")
    page.goto(_first_case(real_site))
    page.wait_for_load_state("networkidle")
    assert missing == []


def test_a_search_requests_nothing_outside_localhost(page: Page, real_site: Served) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(real_site.url + "find/?q=attendance")
    page.wait_for_selector(".px-finder__result")
    page.get_by_label("Search the case studies").fill("coaching")
    page.wait_for_load_state("networkidle")
    searched = [url for url in requested if "/pagefind/" in url]
    assert any(url.endswith("pagefind.js") for url in searched), "the search did not load Pagefind"
    assert any("/fragment/" in url for url in searched), "the search fetched no result"
    outside = [url for url in requested if urlsplit(url).hostname != "127.0.0.1"]
    assert not outside, outside
    # Pagefind's own UI is not used: its script and styles were heavier than the search data.
    assert not [url for url in searched if "pagefind-ui" in url or "pagefind-worker" in url]


def test_a_case_page_fits_a_390px_phone(browser: Any, real_site: Served) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for url in (
        _first_case(real_site),
        real_site.url + "find/",
        real_site.url + "find/?q=attendance",
        real_site.url,
    ):
        page.goto(url)
        if "find/" in url:
            page.wait_for_selector(".px-finder__result")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width}px wide"
    context.close()


def test_a_case_page_prints_without_navigation(page: Page, real_site: Served) -> None:
    page.goto(_first_case(real_site))
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".px-header-search"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".px-card")).to_be_visible()


def test_keyboard_focus_on_the_header_search_box_is_visible(page: Page, real_site: Served) -> None:
    # Material takes the outline off inputs; a keyboard user must still see where they are.
    page.goto(_first_case(real_site))
    page.locator("#px-header-q").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.id, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style[0] == "px-header-q"
    assert style[1] != "none" and style[2] >= 2, style
