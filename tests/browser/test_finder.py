"""The finder (find/) in chromium: honest results, aliases, URL state, layout, focus, axe, forwards, no-JS."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from practice_exchange import pages
from practice_exchange.taxonomy import load_taxonomy
from tests.browser.conftest import Served, _serve, serious_axe_violations
from tests.site_helpers import ROOT, build_site, new_collection, write_case

pytestmark = pytest.mark.browser

RESULT = "ol.px-finder__results li.px-finder__result"
STATUS = "#px-finder-status"


ALIASES = {"send": ["SENCO", "special needs"], "attendance": ["persistent absence", "school refusal"]}
"""Aliases from practice/taxonomy.yml that the tests search with (test_the_fixture_aliases_are_real checks them)."""


def test_the_fixture_aliases_are_real() -> None:
    taxonomy = load_taxonomy(ROOT / "practice")
    for term, aliases in ALIASES.items():
        assert set(aliases) <= set(taxonomy.term("themes", term).aliases), term  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def finder_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    collection = new_collection(tmp_path_factory.mktemp("finder"))
    write_case(collection, "send-mentoring", "Mentoring for SEND pupils", ["send"], ["primary"], ["coaching"])
    write_case(collection, "send-no-phase", "SEND support named without a phase", ["send"], [], ["coaching"])
    write_case(collection, "attendance-mentors", "Attendance mentors in secondary", ["attendance"], ["secondary"])
    write_case(
        collection,
        "leadership-peers",
        "Heads of department meet peers",
        ["departmental-leadership"],
        ["secondary"],
        body="Heads of department compared marking and moderation each term.",
    )
    site = build_site(collection, tmp_path_factory.mktemp("finder-site"))
    yield from _serve(site)


def _results(page: Page) -> list[str]:
    page.wait_for_function("!document.getElementById('px-finder-status').textContent.startsWith('Searching')")
    page.wait_for_load_state("networkidle")
    return page.locator(f"{RESULT} h3 a").all_inner_texts()


def test_a_word_in_no_case_says_so_plainly_and_marks_nothing_short(page: Page, finder_site: Served) -> None:
    page.goto(finder_site.url + "find/?q=xylophonically")
    expect(page.locator(STATUS)).to_have_text("No case study mentions “xylophonically”.")
    assert _results(page) == []
    expect(page.get_by_role("button", name="Clear the search and browse")).to_be_visible()
    assert page.locator(".px-finder__suggest").count() == 3
    marks = page.locator("mark").all_inner_texts()
    assert all(len(mark.strip()) >= 3 for mark in marks), marks


def test_a_real_word_highlights_only_genuine_matches(page: Page, finder_site: Served) -> None:
    page.goto(finder_site.url + "find/?q=moderation+zqxjk")
    assert _results(page) == ["Heads of department meet peers"]
    marks = [m.lower() for m in page.locator(f"{RESULT} mark").all_inner_texts()]
    assert marks and all(m.startswith("moderation") for m in marks), marks
    expect(page.locator(".px-finder__dropped")).to_contain_text("“zqxjk”")


def test_a_result_shows_the_cases_summary_and_says_what_it_mentions_further_on(page: Page, finder_site: Served) -> None:
    # The index holds each body word once (search_records.index_words): the result shows the summary,
    # never that list of words, and names the query words the body holds.
    page.goto(finder_site.url + "find/?q=moderation")
    assert _results(page) == ["Heads of department meet peers"]
    result = page.locator(RESULT).first
    expect(result.locator(".px-finder__excerpt")).to_have_text("A short summary of the practice.")
    expect(result.locator(".px-finder__mentions")).to_have_text("Mentions moderation further on.")
    # A word the summary holds is marked there, and not said again.
    page.goto(finder_site.url + "find/?q=summary")
    assert len(_results(page)) == 4
    expect(page.locator(f"{RESULT} .px-finder__excerpt mark").first).to_have_text("summary")
    assert page.locator(f"{RESULT} .px-finder__mentions").count() == 0


def test_help_pages_come_from_their_own_bundle_apart_from_the_cases(page: Page, finder_site: Served) -> None:
    # "pull request" is on the help pages (contributing) and in no case: the help bundle, merged with
    # type help, answers under "Help pages", and none of its pages counts as a case study.
    page.goto(finder_site.url + "find/?q=pull+request")
    expect(page.locator(STATUS)).to_have_text("No case study mentions “pull request”.")
    assert _results(page) == []
    expect(page.locator(".px-finder__help-heading")).to_have_text("Help pages")
    links = page.locator(".px-finder__help-list h3 a")
    expect(links.first).to_be_visible()
    assert any(
        "contribut" in (href or "") for href in (links.nth(n).get_attribute("href") for n in range(links.count()))
    )
    # ... and a word of the cases lists the cases alone, never a help page among them.
    page.goto(finder_site.url + "find/?q=moderation")
    assert _results(page) == ["Heads of department meet peers"]


@pytest.mark.parametrize("query", ["SENCO", "special needs"])
def test_an_acronym_or_everyday_phrase_reaches_the_themes_cases(page: Page, finder_site: Served, query: str) -> None:
    page.goto(finder_site.url + "find/?q=" + query.replace(" ", "+"))
    found = set(_results(page))
    assert found == {"Mentoring for SEND pupils", "SEND support named without a phase"}, page.locator(
        STATUS
    ).inner_text()
    expect(page.locator(".px-finder__including")).to_have_text("Including case studies on SEND.")


def test_query_and_filter_survive_a_reload(page: Page, finder_site: Served) -> None:
    page.goto(finder_site.url + "find/")
    page.fill("#px-finder-q", "placeholder")
    page.press("#px-finder-q", "Enter")
    page.check("#px-f-phase-secondary")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^1 case study mentions “placeholder” \(Secondary\)"))
    assert page.url.endswith("find/?q=placeholder&phase=secondary")
    before = _results(page)
    page.reload()
    expect(page.locator("#px-f-phase-secondary")).to_be_checked()
    expect(page.locator("#px-finder-q")).to_have_value("placeholder")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^1 case study"))
    assert _results(page) == before == ["Attendance mentors in secondary"]


def test_the_old_repeated_parameters_read_as_the_same_state(page: Page, finder_site: Served) -> None:
    page.goto(finder_site.url + "find/?theme=send&theme=attendance")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^3 case studies match"))
    assert page.url.endswith("find/?theme=send,attendance")


def test_an_empty_result_names_the_filter_and_the_cases_with_no_phase(page: Page, finder_site: Served) -> None:
    page.goto(finder_site.url + "find/?theme=send&phase=secondary")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^0 case studies"))
    expect(page.locator(".px-finder__silent")).to_contain_text("1 of those case studies name no phase")
    page.get_by_role("button", name="Remove phase “Secondary”").click()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^2 case studies match"))
    assert page.url.endswith("find/?theme=send")


def test_after_a_tick_the_first_result_is_on_the_first_screen(browser: Browser, finder_site: Served) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(finder_site.url + "find/")
    _results(page)
    page.check("#px-f-theme-send")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^2 case studies"))
    top = page.locator(RESULT).first.bounding_box()
    assert top is not None and 0 <= top["y"] <= 800, top
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_every_facet_option_is_visible_unclipped(browser: Browser, finder_site: Served, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(finder_site.url + "find/")
    _results(page)
    if width < 960:
        toggle = page.locator(".px-finder__toggle")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.px-finder__option')].filter(option => {
          const box = option.getBoundingClientRect();
          if (box.width === 0 || box.height < 44) return true;
          for (let up = option.parentElement; up; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (style.overflowY !== 'visible' || style.overflowX !== 'visible') {
              const outer = up.getBoundingClientRect();
              if (up !== document.body && up !== document.documentElement &&
                  (box.bottom > outer.bottom + 1 || box.top < outer.top - 1 ||
                   box.right > outer.right + 1)) return true;
            }
          }
          return box.right > document.documentElement.clientWidth;
        }).map(option => option.textContent)"""
    )
    assert page.locator(".px-finder__option").count() > 40
    assert clipped == []
    context.close()


def test_focus_ring_is_visible_on_every_kind_of_control(page: Page, finder_site: Served) -> None:
    page.goto(finder_site.url + "find/")
    _results(page)
    page.keyboard.press("Tab")  # keyboard use: focus() below then shows :focus-visible
    for selector in ("#px-f-theme-send", "#px-finder-q", "#px-finder-sort", ".px-finder__submit", ".px-finder__clear"):
        page.locator(selector).focus()
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"
        )
        assert (style[0] != "none" and style[1] >= 2) or style[2] != "none", (selector, style)


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violations_on_the_finder(browser: Browser, finder_site: Served, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(finder_site.url + "find/?q=placeholder&theme=send")
    _results(page)
    bad = serious_axe_violations(page)
    assert not bad, "\n".join(bad)
    context.close()


@pytest.mark.parametrize(
    ("old", "new"),
    [("browse/?theme=send&phase=primary", "find/?theme=send&phase=primary"), ("search/?q=mentors", "find/?q=mentors")],
)
def test_old_browse_and_search_addresses_forward_with_their_state(
    page: Page, finder_site: Served, old: str, new: str
) -> None:
    page.goto(finder_site.url + old)
    page.wait_for_url("**/" + new)
    assert _results(page)


def test_without_javascript_the_finder_lists_every_case_with_its_tag_line(
    browser: Browser, finder_site: Served
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(finder_site.url + "find/")
    expect(page.locator(".px-finder__nojs")).to_contain_text("need JavaScript")
    items = page.locator("#px-finder-static li")
    assert items.count() == 4
    expect(items.first.locator(".px-tags")).to_contain_text("London")
    page.goto(finder_site.url + "search/")
    expect(page.get_by_role("link", name="Find practice").last).to_be_visible()
    context.close()


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """More cases than the finder lists statically (pages.FINDER_STATIC_LIMIT)."""
    collection = tmp_path_factory.mktemp("large") / "practice"
    count = pages.FINDER_STATIC_LIMIT + 10
    command = [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(count), str(collection)]
    subprocess.run([*command, "--faults-every", "0"], check=True, capture_output=True)
    yield from _serve(build_site(collection, tmp_path_factory.mktemp("large-site")))


def test_a_large_collection_opens_the_finder_without_fetching_the_search_index(page: Page, large_site: Served) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(large_site.url + "find/")
    total = pages.FINDER_STATIC_LIMIT + 10
    expect(page.locator(STATUS)).to_have_text(f"{total} case studies. Type what you are looking for, or tick a filter.")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/pagefind/" in url or "/pagefind-help/" in url]
    # The counts come from the build: every case has one date band, so they add up to the total.
    counts = page.locator(
        "#px-finder input[name=date] + label .px-finder__count, label[for^=px-f-date-] .px-finder__count"
    )
    numbers = [int(text.strip("()")) for text in counts.all_inner_texts()]
    assert sum(numbers) == total
    expect(page.get_by_role("link", name="every case study by title")).to_have_attribute("href", "../cases/")
    # A query then searches: the index is fetched only now.
    page.locator("#px-finder-q").fill("attendance")
    page.locator("#px-finder-q").press("Enter")
    expect(page.locator(STATUS)).to_contain_text("mention “attendance”")
    assert [url for url in fetched if "/pagefind/" in url]
    # The help pages' bundle shares the cases' WebAssembly (mergeIndex): one copy is fetched.
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if "/pagefind-help/" in url]
    assert len([url for url in fetched if "/wasm." in url]) == 1


def test_a_keyboard_reader_can_skip_the_filters_to_the_results(browser: Browser, finder_site: Served) -> None:
    # At 1280 px the filters stand between the search box and the results: some sixty Tab stops.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(finder_site.url + "find/")
    _results(page)
    page.focus("#px-finder-q")
    page.keyboard.type("attendance")
    page.keyboard.press("Enter")
    expect(page.locator(STATUS)).to_have_text(re.compile("attendance"))
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")
    skip = page.locator(".px-finder__skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip the filters to the results")
    box = skip.bounding_box()
    assert box is not None and 0 <= box["x"] < 1280 and box["height"] >= 10, box  # seen when focused
    page.keyboard.press("Enter")
    expect(page.locator(STATUS)).to_be_focused()
    assert "#" not in page.url  # the address keeps the finder's state
    page.keyboard.press("Tab")  # the sort
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('.px-finder__result') !== null")
    assert focused, "the second Tab after the skip did not reach the first result"
    context.close()


def test_on_a_phone_the_closed_filters_leave_nothing_to_skip(browser: Browser, finder_site: Served) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(finder_site.url + "find/")
    _results(page)
    page.focus(".px-finder__submit")
    page.keyboard.press("Tab")
    expect(page.locator(".px-finder__toggle")).to_be_focused()
    context.close()
