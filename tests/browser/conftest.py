"""Fixtures for the browser tests: built sites served on 127.0.0.1, and Debian's chromium.

These tests fail, never skip, when chromium is missing: the project's set-up
(`make test` -> `make browser`) installs it, so its absence is a broken set-up.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from practice_exchange.model import REQUIRED_SECTIONS
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.site_helpers import (
    COLLECTION,
    HOSTILE_TITLE,
    build_site,
    new_collection,
    write_case,
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Served:
    """A built site and the address it is served at."""

    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        self.url = url

    def catalogue(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.root / "catalogue.json").read_text(encoding="utf-8"))
        return data


def _serve(root: Path) -> Iterator[Served]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _serve(build_site(COLLECTION, tmp_path_factory.mktemp("real-site")))


SYNTHETIC_CASES = [
    ("send-primary-coaching", "SEND in primary by coaching", ["send"], ["primary"], ["coaching"]),
    (
        "send-primary-and-secondary",
        "SEND across phases",
        ["send", "attendance"],
        ["primary", "secondary"],
        ["placement"],
    ),
    ("send-secondary-only", "SEND in secondary", ["send"], ["secondary"], ["coaching"]),
    ("attendance-primary", "Attendance in primary", ["attendance"], ["primary"], ["coaching"]),
    ("leadership-key-stage-1", "Leadership in key stage 1", ["departmental-leadership"], ["key-stage-1"], ["coaching"]),
    ("hostile-title", HOSTILE_TITLE, ["send"], ["primary"], ["coaching"]),
]


_SENTENCE = (
    "Leaders from the two schools met each half term to compare pupils' work, agree what to change "
    "next and check whether the last change had helped. "
)
SECTIONS = REQUIRED_SECTIONS[:-1]  # every section but Sources, which the card's citations replace
LONG_CASE_WORDS = 600


def long_body(words: int = LONG_CASE_WORDS) -> str:
    """A body of `words` words under the six headings before Sources, as a long real case has."""
    per_section = words // len(SECTIONS)
    filler = (_SENTENCE * (per_section // len(_SENTENCE.split()) + 1)).split()
    return "\n\n".join(f"## {name}\n\n" + " ".join(filler[:per_section]) for name in SECTIONS).removeprefix(
        "## Context\n\n"
    )


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    # The real collection may hold no send + primary case yet; this one has a known answer.
    collection = new_collection(tmp_path_factory.mktemp("synthetic"))
    for case_id, title, themes, phases, support in SYNTHETIC_CASES:
        write_case(collection, case_id, title, themes, phases, support)
    # A 600-word case with a full agreement, for the handout; and an archived case, for its tombstone.
    write_case(
        collection,
        "long-handout-case",
        "A long case study that must print on two pages",
        ["curriculum-and-teaching"],
        ["post-16"],
        extra=[
            "provider_roles: [national-leader-of-education, head-of-department]",
            "agreement:",
            "  aims: [Raise the quality of written work in year 12, Share marking between the schools]",
            "  measures: [Samples of work compared each term]",
            "  duration: One school year",
            "  outcome: not reported",
            "  what_did_not_work: not reported",
        ],
        body=long_body(),
    )
    write_case(
        collection,
        "archived-case",
        "An archived case study",
        ["curriculum-and-teaching"],
        ["post-16"],
        status="archived",
        extra=[
            "replaced_by: long-handout-case",
            "archive_note: Merged into the long case, which tells the same story.",
        ],
    )
    yield from _serve(build_site(collection, tmp_path_factory.mktemp("synthetic-site")))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    # Any alert() would mean injected script ran: fail loudly rather than let it hang.
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message!r}"))
    yield page
    context.close()


# axe-core is injected from the installed package's file: served locally, never fetched.
AXE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def serious_axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each."""
    page.add_script_tag(content=AXE)
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
