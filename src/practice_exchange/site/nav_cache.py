"""One navigation sidebar rendering per folder, for the pages outside the nav.

Every page renders the whole nav. For a page the nav does not list, no nav item
is active, and MkDocs writes each nav link relative to the page's URL, which
gives the same text for every page in the same folder (cases/a/ and cases/b/
both reach themes/ as ../../themes/) unless a nav URL lies inside the page's own
URL. So one rendering serves every page of a folder; pages in the nav, and pages
a nav URL lies inside, are rendered afresh. tests/test_site_build.py builds the
site with and without the cache and compares every page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


class NavCache:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._nav_pages: set[str] = set()
        """src_uri of every page the nav lists (their nav HTML marks them active)."""
        self._nav_urls: list[str] = []
        self._by_folder: dict[str, str] = {}
        """Sidebar HTML for pages outside the nav, by the folder of the page's URL."""

    def reset(self, nav: Navigation) -> None:
        self._nav_pages = {page.file.src_uri for page in nav.pages}
        self._nav_urls = [page.url for page in nav.pages]
        self._by_folder = {}

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
