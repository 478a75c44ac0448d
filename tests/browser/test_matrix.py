"""The theme × phase matrix in a real browser: a grid at 1280 px, a list per theme at 390 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from practice_exchange.taxonomy import load_taxonomy
from tests.browser.conftest import Served, serious_axe_violations
from tests.site_helpers import COLLECTION

pytestmark = pytest.mark.browser

TAXONOMY = load_taxonomy(COLLECTION)


def _at(browser: Any, site: Served, width: int, height: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site.url + "matrix/")
    yield page
    context.close()


@pytest.fixture
def wide(browser: Any, real_site: Served) -> Iterator[Page]:
    yield from _at(browser, real_site, 1280, 800)


@pytest.fixture
def phone(browser: Any, real_site: Served) -> Iterator[Page]:
    yield from _at(browser, real_site, 390, 844)


def _style(page: Page, selector: str, prop: str) -> str:
    return str(page.locator(selector).first.evaluate(f"el => getComputedStyle(el).{prop}"))


def test_the_total_column_is_in_view_at_1280(wide: Page) -> None:
    total = wide.locator("table.px-matrix__table thead th", has_text="Total")
    expect(total).to_be_visible()
    box = total.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 1280
    # The table does not scroll sideways at this width: nothing is hidden to the right.
    scroll = wide.locator(".px-matrix__scroll")
    assert scroll.evaluate("el => el.scrollWidth <= el.clientWidth")


def test_the_header_row_and_theme_column_are_sticky(wide: Page) -> None:
    assert _style(wide, ".px-matrix__table thead th", "position") == "sticky"
    assert _style(wide, ".px-matrix__table tbody th", "position") == "sticky"
    assert _style(wide, ".px-matrix__table tbody th", "left") == "0px"
    assert _style(wide, ".px-matrix__table thead th", "top") == "0px"


def test_empty_cells_show_a_dash_with_a_name_and_each_row_one_contribute_link(wide: Page) -> None:
    rows = wide.locator(".px-matrix__table tbody tr")
    assert rows.count() == len(TAXONOMY.ids("themes"))
    empty = wide.locator(".px-matrix__table td.px-matrix__band-0")
    assert empty.count() > 0
    for index in range(empty.count()):
        cell = empty.nth(index)
        expect(cell).to_have_text("–no case study yet")
        expect(cell.locator('[aria-hidden="true"]')).to_have_text("–")
        expect(cell.locator("a")).to_have_count(0)
    for index in range(rows.count()):
        expect(rows.nth(index).get_by_role("link", name="contribute")).to_have_count(1)
        expect(rows.nth(index).locator('a[href="../contributing/"]')).to_have_count(1)


def test_every_cell_link_points_to_the_finder_with_its_theme_and_phase(wide: Page, real_site: Served) -> None:
    cases = real_site.catalogue()["cases"]
    phase_ids = [*TAXONOMY.ids("phases"), "not-reported"]
    rows = wide.locator(".px-matrix__table tbody tr")
    for row_index, theme in enumerate(TAXONOMY.ids("themes")):
        cells = rows.nth(row_index).locator("td")
        assert cells.count() == len(phase_ids) + 1
        for index, phase in enumerate([*phase_ids, ""]):
            link = cells.nth(index).locator("a")
            on_theme = [case for case in cases if theme in case["theme"]]
            if phase == "not-reported":
                expected = [case for case in on_theme if not case["phase"]]
            elif phase:
                expected = [case for case in on_theme if phase in case["phase"]]
            else:
                expected = on_theme
            if not expected:
                expect(link).to_have_count(0)
                continue
            href = link.get_attribute("href") or ""
            url = urlsplit(href)
            assert url.path == "../find/", href
            want = {"theme": [theme], "phase": [phase]} if phase else {"theme": [theme]}
            assert parse_qs(url.query) == want, href
            assert link.inner_text().split()[0] == str(len(expected)), (theme, phase)


def test_at_390_the_list_per_theme_shows_and_the_table_hides(phone: Page) -> None:
    expect(phone.locator(".px-matrix__scroll")).to_be_hidden()
    expect(phone.locator(".px-matrix__legend")).to_be_hidden()
    themes = phone.locator(".px-matrix__list > li")
    expect(themes).to_have_count(len(TAXONOMY.ids("themes")))
    expect(themes.first).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # Each phase link is a tap target of at least 44 px, and leads to the finder.
    link = phone.locator(".px-matrix__phases a").first
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44
    assert (link.get_attribute("href") or "").startswith("../find/?theme=")


def test_at_1280_the_list_is_hidden(wide: Page) -> None:
    expect(wide.locator(".px-matrix__list")).to_be_hidden()
    expect(wide.locator(".px-matrix__scroll")).to_be_visible()


def test_no_id_appears_twice(wide: Page) -> None:
    ids = wide.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_accessibility_violations(browser: Any, real_site: Served, width: int) -> None:
    for page in _at(browser, real_site, width, 800):
        bad = serious_axe_violations(page)
        assert not bad, "\n".join(bad)


def test_the_site_plugin_keeps_the_matrix_markup(real_site: Served) -> None:
    # The plugin sanitises generated pages; the matrix's classes and ARIA must reach the built page.
    html = (real_site.root / "matrix" / "index.html").read_text(encoding="utf-8")
    for kept in (
        'class="px-matrix__table"',
        'role="region" aria-label="Case studies by theme and phase" tabindex="0"',
        'scope="col"',
        'scope="row"',
        'class="px-matrix__band-0"',
        '<span aria-hidden="true">–</span>',
        'class="px-matrix__list"',
    ):
        assert kept in html, kept
    assert "assets/css/matrix.css" in html
