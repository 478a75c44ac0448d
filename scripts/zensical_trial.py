"""Trial build of the collection with Zensical, from `practice build-pages` (run by `make test`).

Material for MkDocs reaches its end of life in May 2027 and names Zensical as
its successor; MkDocs 2 drops plugins. This script answers, on every CI run,
"could another engine build the collection today?":

1. `practice build-pages --no-directory-urls` writes every page as Markdown
   into a temporary folder;
2. a Zensical configuration is derived from the project's mkdocs.yml (same
   theme settings, nav, CSS, JavaScript and Markdown extensions; no plugin,
   since build-pages has already done their work);
3. `zensical build --strict` builds it, offline, into the same folder;
4. the output is checked: every page built, case pages carry the card and the
   body, every relative link resolves, no outside requests, the template
   overrides apply, Pagefind can index it, and search and browse work in
   Debian's chromium over loopback.

What fails, and how (decided here, documented in the README's "Engines"):
- FATAL (exit 1): build-pages fails or crashes (our own code), this script
  fails, or a check listed as working stops working (Zensical is pinned in
  the [engine-trial] extra, so a new failure means our pages changed in a way
  another engine cannot build).
- REPORTED (exit 0): the known shortfalls, each measured and printed as
  "known" with the reason (KNOWN below). They are what the README lists as
  not working.

    python scripts/zensical_trial.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import functools
import html as html_module
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from practice_exchange.build_pages import MANIFEST
from practice_exchange.loader import load_case_studies
from practice_exchange.model import REQUIRED_SECTIONS
from practice_exchange.wording import plural

# Run as `python scripts/zensical_trial.py`: the repository root makes scripts/ importable as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # one launch recipe for the tests and the scripts

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRACTICE = BIN / "practice"
ZENSICAL = BIN / "zensical"
OVERRIDES = ROOT / "src" / "practice_exchange" / "site" / "overrides"
CASES_TO_OPEN = 3
BODY_HEADINGS = REQUIRED_SECTIONS
"""A case page shows the contributor's body when every required section heading is on it."""
BUILD_TIMEOUT = 300

DROPPED_SETTINGS = ("hooks", "plugins", "docs_dir", "site_dir", "validation")
"""mkdocs.yml settings the trial does not pass on: hooks and plugins are MkDocs code (Zensical has no
plugin API and would ignore them; the trial sets Zensical's own plugins), the folders are the trial's own,
and validation is MkDocs' link checker (the trial checks links itself)."""

KNOWN = {
    "footer": (
        "the footer's 'Report a problem' and 'Edit this case study' links and the share cards come from "
        "px_routes() in the MkDocs plugin; without it main.html falls back to the theme's own footer"
    ),
    "directory-urls": (
        "with use_directory_urls (MkDocs' default and ours), Zensical re-bases every relative link inside raw "
        "HTML as if it were relative to the source file, so the links in the generated cards and listings land "
        "one folder too high; build-pages --no-directory-urls (page.html addresses) avoids it"
    ),
}
"""Shortfalls the trial measures and reports without failing."""

NOTES = (
    "the per-folder navigation cache (px_nav_once) lives in the MkDocs plugin; Zensical renders the nav on "
    "every page, which gives the same HTML, just without the cache",
    "Pagefind is run by the MkDocs plugin after the build; with Zensical it is a separate step "
    "(python -m pagefind --site DIR), as here",
    "Zensical's own search is switched off (its header box would stand beside the site's); it still writes "
    "search.json, which nothing uses",
)
"""Differences that need no fix, printed so the reader of the log knows them."""


class TrialError(Exception):
    """Our side failed: fatal."""


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


class _Links(HTMLParser):
    """Every href and src in a page, its h2 headings, and whether its body is marked for Pagefind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        """(tag, url, rel) of every href and src."""
        self.pagefind_body = False
        self.headings: set[str] = set()
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            value = values.get(name)
            if value is not None:
                self.urls.append((tag, value, values.get("rel") or ""))
        if "data-pagefind-body" in values:
            self.pagefind_body = True
        if tag == "h2":
            self._heading = []

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._heading is not None:
            # Headings are compared by their words: ids and permalink marks differ between engines.
            self.headings.add(" ".join("".join(self._heading).replace("¶", "").split()))
            self._heading = None


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's MkDocs-only tags (!ENV, !relative) as their plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if values else None  # !ENV [NAME, default]: the default
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _any_tag)


def zensical_config(directory_urls: bool) -> dict[str, Any]:
    """The project's mkdocs.yml as Zensical should read it for a build-pages folder."""
    config: dict[str, Any] = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
    for setting in DROPPED_SETTINGS:
        config.pop(setting, None)
    config["docs_dir"] = "pages"
    config["site_dir"] = "site"
    config["use_directory_urls"] = directory_urls
    config["theme"]["custom_dir"] = str(OVERRIDES)
    # mkdocs.yml's `plugins: []` leaves search to Pagefind; Zensical's own search is on unless switched off,
    # and would put a second search box in the header.
    config["plugins"] = [{"search": {"enabled": False}}]
    # Zensical's "classic" variant keeps Material's look, which site.css and search.js are written for.
    config["theme"]["variant"] = "classic"
    return config


def run(command: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    # No network is reachable here and none is wanted: the build must be self-contained.
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=BUILD_TIMEOUT, env=env)
    return done, time.perf_counter() - start


def build_pages(work: Path, directory_urls: bool) -> tuple[Path, float]:
    pages = work / "pages"
    flag = "--directory-urls" if directory_urls else "--no-directory-urls"
    done, seconds = run([str(PRACTICE), "build-pages", "--out", str(pages), flag], ROOT)
    if done.returncode != 0 or "Traceback" in done.stderr:
        raise TrialError(f"practice build-pages failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return pages, seconds


def zensical_build(work: Path, directory_urls: bool) -> tuple[subprocess.CompletedProcess[str], float]:
    (work / "mkdocs.yml").write_text(
        yaml.safe_dump(zensical_config(directory_urls), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return run([str(ZENSICAL), "build", "--strict", "--config-file", "mkdocs.yml"], work)


def page_for(site: Path, uri: str, directory_urls: bool) -> Path:
    stem = uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / (stem.removesuffix("index") + "index.html")
    return site / (f"{stem}/index.html" if directory_urls else f"{stem}.html")


def resolve(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL on `page` reaches, or None if it is not a relative URL to check."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    if url.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> tuple[int, list[str]]:
    checked, broken = 0, []
    for page in sorted(site.rglob("*.html")):
        for _, url, _ in parse(page).urls:
            target = resolve(site, page, url)
            if target is None:
                continue
            checked += 1
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)} -> {url}")
    return checked, broken


def outside_requests(site: Path) -> list[str]:
    """Scripts, styles and images the pages would fetch from another host (links to sources are fine)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for tag, url, rel in parse(page).urls:
            # <link rel="canonical"> and rel="alternate" name an address; they fetch nothing.
            fetched = tag in ("script", "img", "iframe") or (tag == "link" and not FETCHLESS_RELS & set(rel.split()))
            if fetched and urlsplit(url).netloc:
                found.append(f"{page.relative_to(site)}: <{tag}> {url}")
    return found


def check_site(pages: Path, site: Path) -> list[Check]:
    directory_urls = False
    sources = sorted(path.relative_to(pages).as_posix() for path in pages.rglob("*.md"))
    missing = [uri for uri in sources if not page_for(site, uri, directory_urls).is_file()]
    checks = [Check("every page built", not missing, f"{len(sources) - len(missing)} of {len(sources)} pages")]
    if missing:
        checks[-1].detail += "; missing: " + ", ".join(missing[:5])

    catalogue = pages / "catalogue.json"
    listed = [case["id"] for case in json.loads(catalogue.read_text(encoding="utf-8"))["cases"]]
    cases = [f"cases/{case_id}.md" for case_id in sorted(listed)[:CASES_TO_OPEN]]
    problems = []
    for uri in cases:
        page = page_for(site, uri, directory_urls)
        html = page.read_text(encoding="utf-8") if page.is_file() else ""
        missing_headings = source_headings(pages / uri) - (parse(page).headings if page.is_file() else set())
        if 'class="px-card"' not in html:
            problems.append(f"{uri}: no card")
        if not set(BODY_HEADINGS) <= source_headings(pages / uri):
            problems.append(f"{uri}: the Markdown lacks the body's sections")
        if missing_headings:
            problems.append(f"{uri}: headings not on the page: {', '.join(sorted(missing_headings))}")
        if 'class="px-licence"' not in html:
            problems.append(f"{uri}: no licence")
    checks.append(Check("case pages carry the card and the body", not problems, f"{len(cases)} opened"))
    if problems:
        checks[-1].detail += "; " + "; ".join(problems)

    published = len(load_case_studies(ROOT / "practice"))
    built_catalogue = site / "catalogue.json"
    in_site = len(json.loads(built_catalogue.read_text(encoding="utf-8"))["cases"]) if built_catalogue.is_file() else 0
    checks.append(
        Check(
            "catalogue.json and .csv are published",
            in_site == published and (site / "catalogue.csv").is_file(),
            f"{in_site} of {published} published case studies in catalogue.json",
        )
    )

    checked, broken = broken_links(site)
    detail = f"{checked} relative links checked, {len(broken)} broken"
    checks.append(Check("relative links resolve", not broken, detail + ("; e.g. " + broken[0] if broken else "")))

    outside = outside_requests(site)
    checks.append(Check("no request to an outside host", not outside, outside[0] if outside else "none"))

    built = [uri for uri in sources if uri not in missing]
    marked = {uri: parse(page_for(site, uri, directory_urls)).pagefind_body for uri in built}
    wrong = [uri for uri, body in marked.items() if body != _searchable(pages, uri)]
    checks.append(
        Check(
            "template overrides apply (search marks case and hand-written pages only)",
            not wrong,
            f"{sum(marked.values())} pages marked for search" + ("; wrong: " + ", ".join(wrong[:5]) if wrong else ""),
        )
    )
    return checks


_ATX_H2 = re.compile(r"^## (.+?)(?:\s*\{:[^}]*\})?\s*$", re.MULTILINE)
_HTML_H2 = re.compile(r"<h2[^>]*>(.*?)</h2>", re.DOTALL)
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")


def source_headings(markdown_file: Path) -> set[str]:
    """The level-two headings a page's Markdown asks for, as words (ATX headings and raw <h2> blocks)."""
    text = markdown_file.read_text(encoding="utf-8")
    found = {_MARKDOWN_ESCAPE.sub(r"\1", match) for match in _ATX_H2.findall(text)}
    # A case body arrives rendered (render.py), its headings with their permalink (¶) in them.
    found |= {html_module.unescape(re.sub(r"<[^>]+>", "", match)).replace("¶", "") for match in _HTML_H2.findall(text)}
    return {" ".join(heading.split()) for heading in found}


def _searchable(pages: Path, uri: str) -> bool:
    """A page is searchable unless its frontmatter says pagefind: false (the listing pages)."""
    text = (pages / uri).read_text(encoding="utf-8")
    return not re.match(r"---\n(?:.*\n)*?pagefind: false\n(?:.*\n)*?---\n", text)


def pagefind_index(site: Path) -> Check:
    done, seconds = run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink"], site
    )
    match = re.search(r"Indexed (\d+) pages", done.stdout)
    pages = int(match.group(1)) if match else 0
    ok = done.returncode == 0 and pages > 0
    return Check("Pagefind indexes the Zensical site", ok, f"{pages} pages in {seconds:.1f} s")


SEARCH_QUERY = "attendance"
FETCHLESS_RELS = {"canonical", "alternate", "license", "author", "next", "prev"}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def in_browser(site: Path) -> Check:
    """Search and browse work in Chromium on the Zensical site, served on loopback, with no outside request."""
    name = "search and browse work in Chromium"
    if not CHROMIUM.exists():
        return Check(name, False, f"{CHROMIUM} is missing: run `make browser`")
    from playwright.sync_api import sync_playwright  # the [test] extra, like the browser tests

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    outside: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            page.on("request", lambda r: None if r.url.startswith((base, "data:")) else outside.append(r.url))
            # The old search address forwards to the finder (find.html), which searches and filters.
            page.goto(f"{base}search.html?q={SEARCH_QUERY}")
            status = page.locator("#px-finder-status", has_text=re.compile(r"mentions? ")).first
            status.wait_for(timeout=15_000)
            said = status.inner_text().split()[0]
            results = int(said) if said.isdigit() else 0
            page.locator("#px-finder input[type=checkbox]").first.wait_for(timeout=15_000)
            boxes = page.locator("#px-finder input[type=checkbox]").count()
            header_form = page.locator(".px-header-search").count()
            browser.close()
    except Exception as error:  # a trial reports what failed; the check fails, the script does not crash
        return Check(name, False, f"{type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        server.shutdown()
    # The finder answered (a count, or "No case study mentions"): the trial's index comes from the
    # Pagefind CLI over the built HTML, which lacks the plugin's records and their type=case filter,
    # so its count may be 0; the finder's own results are tested in tests/browser/test_finder.py.
    ok = boxes > 0 and header_form == 1 and not outside
    detail = f"{results} results for {SEARCH_QUERY!r}, {boxes} browse filters, header search form {header_form}"
    return Check(name, ok, detail + (f"; outside request to {outside[0]}" if outside else ""))


def trial(work: Path, say: Callable[[str], None]) -> int:
    if not ZENSICAL.exists():
        raise TrialError(f"{ZENSICAL} is missing: install the [engine-trial] extra (make setup does)")
    version = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True).stdout.strip()
    say(f"Zensical trial build (zensical {version or 'version unknown'}), from practice build-pages")

    pages, pages_seconds = build_pages(work, directory_urls=False)
    written = sum(1 for path in pages.rglob("*") if path.is_file() and path.name != MANIFEST)
    say(f"  ok     build-pages wrote {written} files in {pages_seconds:.1f} s")
    done, seconds = zensical_build(work, directory_urls=False)
    site = work / "site"
    if done.returncode != 0:
        say(f"  FAIL   zensical build (page.html addresses) exit {done.returncode}:\n{done.stdout}{done.stderr}")
        return 1
    built = sum(1 for _ in site.rglob("*.html"))
    say(f"  ok     zensical build --strict (page.html addresses): {built} HTML pages in {seconds:.1f} s")
    checks = [*check_site(pages, site), pagefind_index(site), in_browser(site)]
    for check in checks:
        say(f"  {'ok' if check.ok else 'FAIL':<6} {check.name}: {check.detail}")

    with_footer = sum(1 for page in site.rglob("*.html") if 'class="md-footer px-footer"' in page.read_text("utf-8"))
    say(f"  known  footer routes: {with_footer} of {built} pages have them; {KNOWN['footer']}")

    # The other known shortfall, measured: the same pages with directory addresses, built beside the first.
    directory_work = work / "directory-urls"
    directory_work.mkdir()
    build_pages(directory_work, directory_urls=True)
    done, seconds = zensical_build(directory_work, directory_urls=True)
    if done.returncode == 0:
        checked, broken = broken_links(directory_work / "site")
        say(
            f"  known  directory addresses: {len(broken)} of {checked} relative links broken; {KNOWN['directory-urls']}"
        )
    else:
        say(f"  known  directory addresses: zensical build failed (exit {done.returncode}); {KNOWN['directory-urls']}")
    for note in NOTES:
        say(f"  note   {note}")

    failed = [check.name for check in checks if not check.ok]
    if failed:
        say(f"Result: FAILED, {len(failed)} check(s) that used to work: {', '.join(failed)}")
        return 1
    say(f"Result: Zensical builds the collection; {plural(len(KNOWN), 'known shortfall')} (README, 'Engines').")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--keep", type=Path, help="Build in this (new) folder and leave it there: DIR/site is the working build."
    )
    args = parser.parse_args()
    try:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=False)
            return trial(args.keep, print)
        with tempfile.TemporaryDirectory(prefix="zensical-trial-") as work:
            return trial(Path(work), print)
    except TrialError as error:
        print(f"zensical_trial: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
