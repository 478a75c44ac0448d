"""The built site in a real browser: search, filters, matrix, accessibility, phones, print, privacy."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Served, serious_axe_violations
from tests.site_helpers import HOSTILE_TITLE

pytestmark = pytest.mark.browser


def _expected_ids(catalogue: dict[str, Any], theme: str, phase: str) -> list[str]:
    return sorted(c["id"] for c in catalogue["cases"] if theme in c["theme"] and phase in c["phase"])


def _shown_ids(page: Page) -> list[str]:
    page.wait_for_selector(".px-browse__status")
    return sorted(page.locator("li.px-browse__result").evaluate_all("els => els.map(e => e.dataset.caseId)"))


def _all_search_results(page: Page) -> list[str]:
    page.wait_for_selector(".px-search__result")
    more = page.locator(".px-search__more")
    while more.is_visible():
        shown = page.locator(".px-search__result").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.px-search__result').length > {shown}")
    return page.locator(".px-search__link").all_inner_texts()


def test_search_for_attendance_lists_the_attendance_case_studies(page: Page, real_site: Served) -> None:
    expected = {c["title"] for c in real_site.catalogue()["cases"] if "attendance" in c["theme"]}
    assert expected, "the real collection has no attendance case study"
    page.goto(real_site.url)
    page.fill("#px-header-q", "attendance")
    page.press("#px-header-q", "Enter")
    page.wait_for_url("**/search/?q=attendance")
    titles = set(_all_search_results(page))
    assert expected <= titles, f"missing from the results: {sorted(expected - titles)}"
    # The count is announced in a live region, and the search box holds the query.
    status = page.locator(".px-search__status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("results for “attendance”")
    expect(page.get_by_label("Search the case studies")).to_have_value("attendance")


def test_typing_on_the_search_page_searches_and_keeps_the_query_in_the_url(page: Page, real_site: Served) -> None:
    page.goto(real_site.url + "search/")
    expect(page.locator(".px-search__status")).to_have_text("")
    page.get_by_label("Search the case studies").fill("attendance")
    page.wait_for_selector(".px-search__result")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["attendance"]}
    page.get_by_label("Search the case studies").fill("zzzznotaword")
    expect(page.locator(".px-search__status")).to_have_text("No case studies match “zzzznotaword”.")
    expect(page.locator(".px-search__result")).to_have_count(0)


def test_search_results_show_a_hostile_title_as_text(page: Page, synthetic_site: Served) -> None:
    page.goto(synthetic_site.url + "search/?q=placeholder")
    titles = _all_search_results(page)
    assert HOSTILE_TITLE in titles
    assert page.locator(".px-search__results script").count() == 0
    # Excerpts keep Pagefind's <mark> highlights as elements, and nothing else.
    assert page.locator(".px-search__excerpt mark").count() > 0
    tags = page.locator(".px-search__excerpt *").evaluate_all("els => [...new Set(els.map(e => e.tagName))]")
    assert tags == ["MARK"]


def test_send_and_primary_filter_shows_exactly_the_matching_cases_and_survives_reload(
    page: Page, synthetic_site: Served
) -> None:
    expected = _expected_ids(synthetic_site.catalogue(), "send", "primary")
    assert expected == ["hostile-title", "send-primary-and-secondary", "send-primary-coaching"]
    page.goto(synthetic_site.url + "browse/")
    page.check("#px-theme-send")
    page.check("#px-phase-primary")
    assert _shown_ids(page) == expected
    expect(page.locator(".px-browse__status")).to_have_text("3 case studies match.")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"theme": ["send"], "phase": ["primary"]}
    # Counts follow the other filters: with send ticked, secondary would add two cases.
    expect(page.locator("label[for=px-phase-secondary] .px-browse__count")).to_have_text("(2)")
    page.reload()
    expect(page.locator("#px-theme-send")).to_be_checked()
    expect(page.locator("#px-phase-primary")).to_be_checked()
    assert _shown_ids(page) == expected


def test_hostile_title_is_text_on_the_browse_page(page: Page, synthetic_site: Served) -> None:
    page.goto(synthetic_site.url + "browse/?theme=send")
    expect(page.get_by_role("link", name=HOSTILE_TITLE)).to_be_visible()
    assert page.locator("li.px-browse__result script").count() == 0


# The matrix has its own tests: tests/browser/test_matrix.py.


def _first_case(site: Served) -> str:
    return site.url + str(site.catalogue()["cases"][0]["url"])


@pytest.mark.parametrize("where", ["", "case", "browse/", "matrix/", "search/?q=attendance"])
def test_no_serious_or_critical_accessibility_violations(page: Page, real_site: Served, where: str) -> None:
    page.goto(_first_case(real_site) if where == "case" else real_site.url + where)
    if where == "browse/":
        page.wait_for_selector(".px-browse__status")
    if where.startswith("search/"):
        page.wait_for_selector(".px-search__result")
    bad = serious_axe_violations(page)
    assert not bad, "\n".join(bad)


def test_pages_request_nothing_outside_localhost(page: Page, real_site: Served) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for where in ["", "about/", "matrix/", "browse/"]:
        page.goto(real_site.url + where)
        page.wait_for_load_state("networkidle")
    page.goto(_first_case(real_site))
    page.wait_for_load_state("networkidle")
    outside = [url for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
    outside = [url for url in outside if urlsplit(url).hostname != "127.0.0.1"]
    assert requested and not outside, outside


def test_a_search_requests_nothing_outside_localhost(page: Page, real_site: Served) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(real_site.url + "search/?q=attendance")
    page.wait_for_selector(".px-search__result")
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
        real_site.url + "browse/",
        real_site.url + "search/?q=attendance",
        real_site.url,
    ):
        page.goto(url)
        if "search/" in url:
            page.wait_for_selector(".px-search__result")
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
