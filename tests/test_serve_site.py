"""`make serve` (scripts/serve_site.py) serves pages, and the site's own 404 page for a missing one."""

from __future__ import annotations

import importlib.util
import threading
import urllib.error
import urllib.request
from pathlib import Path
from types import ModuleType

from tests.site_helpers import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("serve_site", ROOT / "scripts" / "serve_site.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_missing_page_gets_the_sites_404_page_with_status_404(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Page not found</h1>", encoding="utf-8")
    server = _load().make_server(tmp_path, port=0)
    assert server.server_address[0] == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with urllib.request.urlopen(base) as response:
            assert response.read() == b"<p>home</p>"
        try:
            urllib.request.urlopen(base + "cases/no-such-case/")
            raise AssertionError("a missing page was served")
        except urllib.error.HTTPError as error:
            assert error.code == 404
            assert error.read() == b"<h1>Page not found</h1>"
    finally:
        server.shutdown()
        server.server_close()


def test_make_serve_runs_the_preview_which_serves_with_the_same_handler() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nserve: ", 1)[1].split("\n\n", 1)[0]
    assert "practice preview" in recipe
    assert "http.server" not in recipe
    from practice_exchange.static_server import SiteHandler

    # One handler: the script re-exports the package's, which `practice preview` serves with.
    assert _load().SiteHandler is SiteHandler


def test_the_404_page_says_what_to_do(tmp_path: Path) -> None:
    from tests.site_helpers import COLLECTION, build_site

    page = (build_site(COLLECTION, tmp_path / "site") / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in page
    assert 'href="/find/">search and filter the case studies</a>' in page
