"""`mkdocs build --strict` of the real collection: every generated page is there, nothing is fetched from outside."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from practice_exchange.loader import load_case_studies
from practice_exchange.taxonomy import load_taxonomy
from tests.hostile_corpus import write_corpus
from tests.site_helpers import COLLECTION, ROOT, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(COLLECTION, tmp_path_factory.mktemp("site"))


def test_every_published_case_gets_a_page(site: Path) -> None:
    studies = load_case_studies(COLLECTION)
    assert studies, "the real collection has no published case study"
    for study in studies:
        assert (site / "cases" / study.id / "index.html").is_file(), study.id


def test_every_term_gets_an_index_page(site: Path) -> None:
    taxonomy = load_taxonomy(COLLECTION)
    for vocabulary, folder in (
        ("themes", "themes"),
        ("phases", "phases"),
        ("support", "support"),
        ("regions", "regions"),
    ):
        assert (site / folder / "index.html").is_file()
        for term_id in taxonomy.ids(vocabulary):
            assert (site / folder / term_id / "index.html").is_file(), f"{folder}/{term_id}"


def test_listing_pages_and_search_index_exist(site: Path) -> None:
    for page in (
        "index.html",
        "about/index.html",
        "browse/index.html",
        "matrix/index.html",
        "search/index.html",
        "cases/index.html",
    ):
        assert (site / page).is_file(), page
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_catalogue_json_and_csv_list_every_published_case(site: Path) -> None:
    ids = [study.id for study in load_case_studies(COLLECTION)]
    data = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    assert [record["id"] for record in data["cases"]] == ids
    rows = (site / "catalogue.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(ids) + 1


def test_about_page_lists_evidence_labels_from_the_taxonomy(site: Path) -> None:
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    for term in load_taxonomy(COLLECTION).terms("evidence"):
        assert f"<strong>{term.label}</strong>" in about


def test_case_pages_are_not_in_the_navigation(site: Path) -> None:
    # The nav lists listing pages only; that is what keeps the build linear in N.
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    assert not re.search(r'href="cases/[a-z0-9-]+/"', nav)


# A canonical link names the page's own address and loads nothing, so <link rel="canonical"> is allowed.
_EXTERNAL_LOAD = re.compile(
    r'<(?:script|img|iframe|source|link(?![^>]*\brel="canonical"))\b[^>]*\b(?:src|href)="(?:https?:)?//', re.IGNORECASE
)


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not _EXTERNAL_LOAD.search(text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


_HREF = re.compile(r'<a\b[^>]*\bhref="([^"#?]*)(?:[?#][^"]*)?"')


def _assert_relative_links_resolve(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        for target in _HREF.findall(page.read_text(encoding="utf-8")):
            if not target or "://" in target or target.startswith(("mailto:", "javascript:")):
                continue
            resolved = (site / target.lstrip("/")) if target.startswith("/") else (page.parent / target)
            resolved = resolved.resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.is_file(), f"{page.relative_to(site)} links to a missing {target}"
            checked += 1
    assert checked > 1000


def test_every_relative_link_resolves_to_a_built_file(site: Path) -> None:
    # Case cards, citations and listings are raw HTML (for build speed), so
    # `mkdocs build --strict` no longer checks their links: this does, for all links.
    _assert_relative_links_resolve(site)


def test_the_site_also_builds_without_directory_urls(tmp_path: Path) -> None:
    # pages.href() mirrors MkDocs' URL scheme for raw HTML links; check the other scheme too.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The plugin comes from its entry point; only the folders are paths relative to mkdocs.yml.
    for relative in ("docs", "src/practice_exchange/site/overrides"):
        config = config.replace(f" {relative}\n", f" {ROOT / relative}\n")
    config = config.replace("use_directory_urls: true", "use_directory_urls: false")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    env = {**os.environ, "PRACTICE_COLLECTION": str(COLLECTION), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(tmp_path / "mkdocs.yml")]
    result = subprocess.run([*command, "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    assert (site / "cases" / f"{load_case_studies(COLLECTION)[0].id}.html").is_file()
    assert '<meta name="px-search-page" content="../find.html">' in (site / "cases" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (site / "pagefind" / "pagefind.js").is_file()
    _assert_relative_links_resolve(site)


def test_the_shared_sidebar_is_the_sidebar_each_page_would_render(site: Path, tmp_path: Path) -> None:
    # The plugin's nav cache (site/nav_cache.py) reuses one sidebar rendering per folder for pages
    # outside the nav; rendering every page afresh must give the same site.
    fresh = build_site(COLLECTION, tmp_path / "fresh", {"PRACTICE_NAV_CACHE": "off"})
    built = sorted(path.relative_to(site) for path in site.rglob("*.html"))
    assert built == sorted(path.relative_to(fresh) for path in fresh.rglob("*.html"))
    different = [str(path) for path in built if (site / path).read_bytes() != (fresh / path).read_bytes()]
    assert different == []


def test_the_shared_chrome_is_each_pages_own_even_for_hostile_titles(tmp_path: Path) -> None:
    # The header is rendered once per folder depth with a stand-in title (nav_cache.py): a title that
    # holds markup, quotes or what looks like the stand-in must still come out as that page's own.
    corpus = write_corpus(tmp_path / "hostile")
    shared = build_site(corpus, tmp_path / "shared")
    fresh = build_site(corpus, tmp_path / "fresh", {"PRACTICE_NAV_CACHE": "off"})
    built = sorted(path.relative_to(shared) for path in shared.rglob("*.html"))
    assert built == sorted(path.relative_to(fresh) for path in fresh.rglob("*.html"))
    assert [str(path) for path in built if (shared / path).read_bytes() != (fresh / path).read_bytes()] == []
    assert "px-title-" not in "".join((shared / path).read_text(encoding="utf-8") for path in built)
