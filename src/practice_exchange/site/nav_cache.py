"""One navigation sidebar rendering per folder, for the pages outside the nav.

Every page renders the whole nav. For a page the nav does not list, no nav item
is active, and MkDocs writes each nav link relative to the page's URL, which
gives the same text for every page in the same folder (cases/a/ and cases/b/
both reach themes/ as ../../themes/) unless a nav URL lies inside the page's own
URL. So one rendering serves every page of a folder; pages in the nav, and pages
a nav URL lies inside, are rendered afresh. tests/test_site_build.py builds the
site with and without the cache and compares every page.

The table of contents sidebar (Material's partials/toc.html) is the same kind of
repeated work: its HTML is a function of the toc items it lists (url, title, level,
children; a first item of level 1, the page's title, stands for its children alone)
and of build-wide settings (the theme language, mkdocs.yml's toc title), and most
case pages share one list of headings (the required sections, then Sources and
Related practice). So one rendering serves every page with the same items.
Material's typeset plugin gives items markup of their own: such a toc is
rendered afresh.

Material's styles, config and scripts blocks, and its header, are a function of the
page's base_url (the relative way back to the site's root) and of build-wide settings
alone, but for the header's page title: one rendering per base_url serves every page
at that depth (px_base_once), the header's with a stand-in title that each page's own
replaces (px_header_once). MkDocs writes a link relative to the page's own folder, and
a link into that folder (a page under assets/ linking a style sheet there) would read
otherwise, so a page whose top folder is the top folder of any asset is rendered afresh.
"""

from __future__ import annotations

import posixpath
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


@dataclass(frozen=True)
class StandIn:
    """All Material's header reads of a page: its URL (links are written relative to it) and its title."""

    url: str
    title: str
    meta: dict[str, str]


class NavCache:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._nav_pages: set[str] = set()
        """src_uri of every page the nav lists (their nav HTML marks them active)."""
        self._nav_urls: list[str] = []
        self._by_folder: dict[str, str] = {}
        """Sidebar HTML for pages outside the nav, by the folder of the page's URL."""
        self._tocs: dict[tuple[Any, ...], str] = {}
        """Table of contents HTML, by the page's toc items."""
        self._by_base: dict[tuple[str, str], str] = {}
        """Blocks that depend on the page's base_url alone, by block name and base_url."""
        self._asset_tops: set[str] = {"assets"}
        self._stand_in = ""

    def reset(self, nav: Navigation, assets: Iterable[str] = ()) -> None:
        """A new build: its nav, and the paths of the assets the head and scripts link (mkdocs.yml's
        extra_css and extra_javascript; Material's own are under assets/)."""
        self._nav_pages = {page.file.src_uri for page in nav.pages}
        self._nav_urls = [page.url for page in nav.pages]
        self._by_folder = {}
        self._tocs = {}
        self._by_base = {}
        self._asset_tops = {"assets"} | {path.lstrip("/").split("/", 1)[0] for path in assets}
        self._stand_in = f"px-title-{secrets.token_hex(8)}"

    def render(self, page: Page | None, caller: Callable[[], str]) -> str:
        """The sidebar's HTML for `page`: rendered by `caller` (main.html's `{% call %}` body), or reused."""
        if not self.enabled or page is None or page.file.src_uri in self._nav_pages:
            return caller()
        url = page.url
        if any(nav_url.startswith(url) for nav_url in self._nav_urls):
            return caller()
        folder = posixpath.dirname(url.rstrip("/"))
        if folder not in self._by_folder:
            self._by_folder[folder] = caller()
        return self._by_folder[folder]

    def toc(self, page: Page | None, caller: Callable[[], str]) -> str:
        """The toc sidebar's HTML for `page`: rendered by `caller` (main.html's `{% call %}` body), or reused."""
        key = _toc_key(_toc_shown(page.toc)) if self.enabled and page is not None else None
        if key is None:
            return caller()
        if key not in self._tocs:
            self._tocs[key] = caller()
        return self._tocs[key]

    def by_base(self, block: str, page: Page | None, base_url: str, caller: Callable[[], str]) -> str:
        """The HTML of Material's `block` (styles, config, scripts) for a page at `base_url`: rendered or reused."""
        if not self._by_base_usable(page):
            return caller()
        key = (block, base_url)
        if key not in self._by_base:
            self._by_base[key] = caller()
        return self._by_base[key]

    def stand_in(self, page: Page | None) -> StandIn | None:
        """The page main.html gives the header it renders once per base_url, or None: render it afresh."""
        if page is None or not self._stand_in or not self._by_base_usable(page):
            return None  # no stand-in before reset(): an empty one would be "found" between every character
        return StandIn(url=page.url, title=self._stand_in, meta={"title": self._stand_in})

    def header(self, page: Page | None, base_url: str, title: str, caller: Callable[[], str]) -> str:
        """Material's header for a page at `base_url`: one rendering with the stand-in title (caller,
        given it by main.html), the page's own title put in its place."""
        if not self._stand_in:
            return caller()
        return self.by_base("header", page, base_url, caller).replace(self._stand_in, title)

    def _by_base_usable(self, page: Page | None) -> bool:
        return self.enabled and page is not None and page.url.split("/", 1)[0] not in self._asset_tops


def _toc_shown(items: Iterable[Any]) -> list[Any]:
    """The items partials/toc.html lists: a first item of level 1 (the page title, different on every
    case page) stands for its children alone, as the template has it."""
    listed = list(items)
    if listed and listed[0].level == 1:
        return list(listed[0].children)
    return listed


def _toc_key(items: Iterable[Any]) -> tuple[Any, ...] | None:
    """What partials/toc.html reads of a page's toc, or None when it reads more (typeset titles)."""
    key = []
    for item in items:
        if getattr(item, "typeset", None) is not None:
            return None
        children = _toc_key(item.children)
        if children is None:
            return None
        key.append((item.url, item.title, item.level, children))
    return tuple(key)
