"""The hostile corpus, built without `practice check`, in chromium: no payload runs, navigates or calls out.

Every payload calls pxPwned(); the page defines it before any script of the
page runs, so a call is recorded even if the payload then breaks the page.
Dialogs, navigations of the page and requests to any host but the test
server are recorded too. Each page is hovered, focused and scrolled through,
since some payloads wait for a reader to touch them.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Dialog, Page

from tests.browser.conftest import Served, _serve
from tests.hostile_corpus import ATTACKS, write_corpus
from tests.site_helpers import build_site

pytestmark = pytest.mark.browser

FLAG = "window.__pxPwned = []; window.pxPwned = (...args) => window.__pxPwned.push(String(args));"

TOUCH = """() => {
  for (const element of document.querySelectorAll("article *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin", "click", "animationstart"]) {
      if (type === "click" && element.closest("a")) continue;  // following links is tested by their href
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (element.focus) element.focus();
  }
  window.scrollTo(0, document.body.scrollHeight);
  return window.__pxPwned;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    collection = write_corpus(tmp_path_factory.mktemp("hostile"))
    yield from _serve(build_site(collection, tmp_path_factory.mktemp("hostile-site")))


PAGES = [f"cases/{attack.id}/" for attack in ATTACKS] + [
    "themes/send/",
    "themes/",
    "glossary/",
    "cases/",
    "find/",
    "find/?q=hostile",
    "matrix/",
]


def _visit(page: Page, url: str) -> list[str]:
    """What pxPwned() recorded on a page, after loading it and touching everything in its article."""
    page.goto(url, wait_until="load")
    page.mouse.move(200, 200)
    page.mouse.move(600, 500)
    calls = [str(call) for call in page.evaluate(TOUCH)]
    page.wait_for_timeout(30)
    return calls + [str(call) for call in page.evaluate("window.__pxPwned")]


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context()
    context.add_init_script(FLAG)
    events: list[str] = []
    context.on("request", lambda request: _outside(request.url, events))
    page = context.new_page()

    def on_dialog(dialog: Dialog) -> None:
        events.append(f"dialog {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, events
    context.close()


def test_the_harness_sees_a_payload_that_runs(watched: tuple[Page, list[str]], hostile_site: Served) -> None:
    page, events = watched
    (hostile_site.root / "canary.html").write_text(
        "<article><img src=x onerror=pxPwned()><script>alert(1)</script></article>", encoding="utf-8"
    )
    assert _visit(page, hostile_site.url + "canary.html")
    assert events == ["dialog '1'"]


def test_no_payload_runs_navigates_or_calls_out(watched: tuple[Page, list[str]], hostile_site: Served) -> None:
    page, events = watched
    for path in PAGES:
        url = hostile_site.url + path
        calls = _visit(page, url)
        assert not calls, f"{path}: script ran: {calls}"
        assert page.url.split("#")[0] == url, f"{path}: navigated to {page.url}"
        # The theme's config element is still the theme's: no contributed id replaced it.
        assert page.evaluate("document.getElementById('__config')?.tagName") == "SCRIPT", path
        links = page.evaluate("[...document.querySelectorAll('article a[href]')].map(a => a.protocol)")
        assert set(links) <= {"http:", "https:", "mailto:"}, f"{path}: {links}"
    assert not events, events


def _outside(url: str, events: list[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
        events.append(f"request {url}")
