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
  127.0.0.1 and sums the bytes of every response the search needed. Pagefind:
  the search page is opened with ?q=attendance and everything under /pagefind/
  is counted (UI script and CSS, pagefind.js, entry JSON, WebAssembly, meta,
  the index chunks and the result fragments that query loaded). Material: the
  home page is opened, "attendance" typed into the search box, and the search
  worker plus search_index.json are counted. The server does not compress, so
  these are uncompressed bytes. "Search data" is what the brief names (entry
  JSON, meta, WebAssembly, index chunks, fragments; for Material the index
  JSON); "search code" is the JavaScript and CSS that runs it, fetched once and
  cached; the last column estimates both as gzip on the wire (Pagefind's own
  files are compressed already), which is what a real web host would send.
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
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
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


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def first_query_bytes(site_dir: Path, engine: str) -> dict[str, int]:
    """Bytes the browser fetched to answer a first search query (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    responses: list[Any] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("response", lambda response: responses.append(response))
            if engine == "pagefind":
                page.goto(f"{base}search/?q={QUERY}")
                page.wait_for_selector(".pagefind-ui__result-link", timeout=60_000)
            else:
                page.goto(base)
                page.fill(".md-search__input", QUERY)
                page.wait_for_selector(".md-search-result__item", timeout=120_000)
            page.wait_for_load_state("networkidle")
            sizes: dict[str, bytes] = {}
            for response in responses:
                url = response.url
                if engine == "pagefind":
                    counted = "/pagefind/" in url
                else:
                    counted = "search_index.json" in url or "/workers/search" in url
                if counted:
                    sizes[url.removeprefix(base)] = response.body()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    code = {url: body for url, body in sizes.items() if url.endswith((".js", ".css"))}
    data = {url: body for url, body in sizes.items() if url not in code}
    # Pagefind's own files (.pagefind, .pf_*) are gzip-compressed already; code
    # and JSON would be gzipped by any real web host, so estimate that too.
    wire = sum(
        len(body) if ".pf_" in url or url.endswith(".pagefind") else len(gzip.compress(body))
        for url, body in sizes.items()
    )
    return {
        "data": sum(map(len, data.values())),
        "code": sum(map(len, code.values())),
        "total": sum(map(len, sizes.values())),
        "gzip_total": wire,
        "requests": len(sizes),
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
        "| first query: search data | + search code | total, gzip on the wire |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, row in sorted(rows.items()):
        search = row["search"]
        print(
            f"| Practice Exchange (indexes + Pagefind) | {count:,} | {row['pages']:,} | {row['seconds']:.1f} s "
            f"| {row['peak_mb']:.0f} MB / {row['indexer_peak_mb']:.0f} MB | {row['html_mb']:.1f} MB "
            f"| {_kb(search['data'])} | {_kb(search['code'])} | {_kb(search['gzip_total'])} |"
        )
    if baseline:
        search = baseline["search"]
        print(
            f"| plain Material, every case in nav, Material search | {compare_at:,} | {baseline['pages']:,} "
            f"| {baseline['seconds']:.1f} s | {baseline['peak_mb']:.0f} MB | {baseline['html_mb']:.1f} MB "
            f"| {_kb(search['data'])} | {_kb(search['code'])} | {_kb(search['gzip_total'])} |"
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
        for what, size in (("search data", search["data"]), ("everything, gzip on the wire", search["gzip_total"])):
            verdict = "within" if size <= 150 * 1024 else "OVER"
            print(f"- first search query at {compare_at:,} cases, {what}: {_kb(size)} (budget <= 150 KB): {verdict}")


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
