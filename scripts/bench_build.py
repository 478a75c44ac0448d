"""Benchmark the site build on synthetic collections, in one run.

    .venv/bin/python scripts/bench_build.py [--sizes 300 1000 3000] [--compare-at 1000] [--out bench-out/site]

For each size it writes a clean synthetic collection (scripts/make_corpus.py,
470-word cases), builds it with the project's mkdocs.yml (all generated pages
plus the Pagefind index) and reports wall time, peak memory, HTML size and what
a first search query downloads. At --compare-at it also builds a *plain*
Material site from the same case files copied into a temporary docs folder,
with every case in the navigation and Material's own search, the baseline the
issue's budgets are stated against.

How the numbers are taken:
- wall time: the whole `mkdocs build` in a child process (start-up included),
  measured by this script around it;
- peak memory: the child's own ru_maxrss (the Python build), and separately the
  largest grandchild's (`python -m pagefind` and the indexer binary it runs);
- first query: Playwright drives Debian's chromium against the built site on
  127.0.0.1 and counts every response the first search needed. Pagefind: the
  search page is opened with ?q=attendance, as the header search box does, and
  everything it fetched for the search is counted: our assets/js/search.js,
  Pagefind's pagefind.js, its entry JSON, WebAssembly, meta, the index chunks
  and the fragments of the results shown (requests that every page makes
  anyway, such as Material's CSS and bundle, and the page's own HTML, are not
  search). Material: the home page is opened, "attendance" typed into the
  search box, and the search worker plus search_index.json are counted.
  "Search data" is the index part (entry JSON, meta, WebAssembly, index
  chunks, fragments; for Material the index JSON); "search code" is the
  JavaScript that runs it. Sizes are taken twice: as the browser decoded them
  ("raw"), and as transferred ("on the wire"): the test server compresses
  HTML, CSS, JavaScript and JSON with gzip when the browser asks, as any real
  web host does; Pagefind's own files (.pagefind, .pf_*) are gzip inside
  already and are sent as they are.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERY = "attendance"
sys.path.insert(0, str(ROOT))
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one launch recipe for tests and benchmark)

BASELINE_CONFIG = """\
site_name: Baseline
theme:
  name: material
  font: false
plugins:
  - search
"""


def child_build(config_file: str, site_dir: str) -> None:
    """Run one build in this (child) process and print its peak memory as JSON."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.disable(logging.WARNING)
    build(load_config(config_file, site_dir=site_dir))
    print(
        json.dumps(
            {
                "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            }
        )
    )


def timed_build(config_file: Path, site_dir: Path, collection: Path | None) -> dict[str, Any]:
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    if collection is not None:
        env["PRACTICE_COLLECTION"] = str(collection)
    command = [sys.executable, __file__, "--child", str(config_file), str(site_dir)]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    memory = json.loads(result.stdout.strip().splitlines()[-1])
    html = sum(path.stat().st_size for path in site_dir.rglob("*.html"))
    return {
        "seconds": seconds,
        "peak_mb": memory["self_kb"] / 1024,
        "indexer_peak_mb": memory["children_kb"] / 1024,
        "html_mb": html / 1e6,
        "pages": sum(1 for _ in site_dir.rglob("*.html")),
    }


def make_corpus(count: int, folder: Path) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(count), str(folder)]
    subprocess.run([*command, "--faults-every", "0"], check=True, capture_output=True)


def baseline_docs(collection: Path, folder: Path) -> Path:
    """A plain Material project: the case files copied into docs/cases/, auto nav (every page)."""
    docs = folder / "docs"
    (docs / "cases").mkdir(parents=True)
    for path in collection.glob("*.md"):
        shutil.copyfile(path, docs / "cases" / path.name)
    (docs / "index.md").write_text("# Baseline\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(BASELINE_CONFIG, encoding="utf-8")
    return config


COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt"})
"""What the benchmark's server gzips, like a real web host."""


class _Quiet(SimpleHTTPRequestHandler):
    """A static server that gzips text files when the browser accepts it, as a real host would."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSED and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def first_query_bytes(site_dir: Path, engine: str) -> dict[str, Any]:
    """Bytes the browser fetched to answer a first search query (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    responses: list[Any] = []
    raw: dict[str, int] = {}
    wire: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("response", lambda response: responses.append(response))
            if engine == "pagefind":
                page.goto(f"{base}search/?q={QUERY}")
                page.wait_for_selector(".px-search__result", timeout=60_000)
            else:
                page.goto(base)
                page.fill(".md-search__input", QUERY)
                page.wait_for_selector(".md-search-result__item", timeout=120_000)
            page.wait_for_load_state("networkidle")
            for response in responses:
                url = response.url.removeprefix(base).split("?", 1)[0]
                if engine == "pagefind":
                    counted = url.startswith("pagefind/") or url == "assets/js/search.js"
                else:
                    counted = url == "search/search_index.json" or "/workers/search" in url
                if counted:
                    raw[url] = len(response.body())
                    wire[url] = response.request.sizes()["responseBodySize"]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    code = {url for url in raw if url.endswith((".js", ".css"))}
    return {
        "data": sum(size for url, size in raw.items() if url not in code),
        "code": sum(size for url, size in raw.items() if url in code),
        "total": sum(raw.values()),
        "wire_total": sum(wire.values()),
        "requests": len(raw),
        "files": {url: [raw[url], wire[url]] for url in sorted(raw)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 3000])
    parser.add_argument("--compare-at", type=int, default=1000, help="size for the plain-Material baseline (0: skip)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "site", help="where to write results.json")
    parser.add_argument("--child", nargs=2, metavar=("CONFIG", "SITE_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_build(*args.child)
        return 0
    rows: dict[int, dict[str, Any]] = {}
    baseline: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        work = Path(tmp)
        for count in sorted(set(args.sizes) | ({args.compare_at} - {0})):
            collection = work / f"corpus-{count}"
            make_corpus(count, collection)
            site = work / f"site-{count}"
            print(f"building {count} cases ...", file=sys.stderr, flush=True)
            rows[count] = timed_build(ROOT / "mkdocs.yml", site, collection)
            rows[count]["search"] = first_query_bytes(site, "pagefind")
            rows[count]["pagefind_mb"] = sum(p.stat().st_size for p in (site / "pagefind").rglob("*")) / 1e6
            if count == args.compare_at:
                print(f"building the plain Material baseline at {count} ...", file=sys.stderr, flush=True)
                config = baseline_docs(collection, work / "baseline")
                baseline = timed_build(config, work / "baseline" / "site", None)
                baseline["search"] = first_query_bytes(work / "baseline" / "site", "material")
            shutil.rmtree(site)
    report(rows, baseline, args.compare_at)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps({"rows": rows, "baseline": baseline}, indent=1), encoding="utf-8")
    return 0


def report(rows: dict[int, dict[str, Any]], baseline: dict[str, Any], compare_at: int) -> None:
    print(
        "| build | cases | pages | wall time | peak memory (build / indexer) | HTML "
        "| first query: search data | + search code | = total (raw) | total on the wire |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, row in sorted(rows.items()):
        search = row["search"]
        print(
            f"| Practice Exchange (indexes + Pagefind) | {count:,} | {row['pages']:,} | {row['seconds']:.1f} s "
            f"| {row['peak_mb']:.0f} MB / {row['indexer_peak_mb']:.0f} MB | {row['html_mb']:.1f} MB "
            f"| {_kb(search['data'])} | {_kb(search['code'])} | {_kb(search['total'])} | {_kb(search['wire_total'])} |"
        )
    if baseline:
        search = baseline["search"]
        print(
            f"| plain Material, every case in nav, Material search | {compare_at:,} | {baseline['pages']:,} "
            f"| {baseline['seconds']:.1f} s | {baseline['peak_mb']:.0f} MB | {baseline['html_mb']:.1f} MB "
            f"| {_kb(search['data'])} | {_kb(search['code'])} | {_kb(search['total'])} | {_kb(search['wire_total'])} |"
        )
    print()
    sizes = sorted(rows)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        ratio = rows[large]["seconds"] / rows[small]["seconds"]
        limit = large / small  # linear growth: 10x the cases may take at most 10x the time
        verdict = "within" if ratio <= limit else "OVER"
        print(f"- build({large:,}) / build({small:,}) = {ratio:.1f}x (budget <= {limit:.0f}x): {verdict} budget")
    if baseline and compare_at in rows:
        speedup = baseline["seconds"] / rows[compare_at]["seconds"]
        verdict = "within" if speedup >= 5 else "OVER"
        print(f"- at {compare_at:,} cases: {speedup:.1f}x faster than plain Material (budget >= 5x): {verdict} budget")
    if compare_at in rows:
        search = rows[compare_at]["search"]
        for what, size in (
            ("everything fetched, on the wire", search["wire_total"]),
            ("everything fetched, raw (decoded)", search["total"]),
        ):
            verdict = "within" if size <= 150 * 1024 else "OVER"
            print(f"- first search query at {compare_at:,} cases, {what}: {_kb(size)} (budget <= 150 KB): {verdict}")
        print()
        print(f"First query at {compare_at:,} cases, file by file (raw / on the wire):")
        print()
        for url, (raw, wire) in search["files"].items():
            print(f"- `{url}`: {_kb(raw)} / {_kb(wire)}")


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
