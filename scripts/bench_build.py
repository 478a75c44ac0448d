"""Benchmark the site build against the sensible Material build, in paired runs.

    .venv/bin/python scripts/bench_build.py [--sizes 100 1000 3000] [--pairs 3] [--big 10000] [--out DIR]
    .venv/bin/python scripts/bench_build.py --quick        # a minute: 20 cases, 2 pairs, no big run

For each size it writes one synthetic collection (scripts/make_corpus.py,
470-word cases) and builds the same case files two ways, alternating which goes
first in each pair:

- **ours**: `mkdocs build` with the project's mkdocs.yml (every generated page,
  the feeds, the catalogue and the Pagefind index), with a new, empty render
  cache each time (PRACTICE_CACHE_DIR), so every body is rendered: the cold
  build a fresh clone or CI does. After the pairs, one more build reuses the
  last cache: the warm rebuild a contributor does.
- **Material, limited nav**: the case files copied into docs/cases/, one page
  listing them all, `nav: [Home, All case studies]` with the cases built but
  not in the nav (`not_in_nav`), and Material's own search plugin. This is the
  build a sensible MkDocs user would write (reviews/perf-2026-12.md), and the
  one issue 14's budgets are stated against.

Each build runs in a child process (start-up included) and is timed around it;
the machine's load (/proc/loadavg) is read before and after each build. The
report gives, per size, the median and range (min–max) of each build, the
ratio ours/Material of each pair and its median, milliseconds per case, and
build(1,000)/build(100).

At --big cases (one build of ours, no pairs) it measures the peak memory of
every process: the build's own ru_maxrss, and the kernel's high-water mark
(VmHWM) of every process under it (the Pagefind service), polled from /proc
(PeakWatcher says why polling misses no peak that matters). Then, in Debian's chromium, the bytes on the wire of
the finder's first load (before any query: its HTML, CSS, JavaScript and
whatever Pagefind loads to draw the filters) and of a first one-word query
(everything fetched after the query was typed). The first query is also
measured at 1,000 cases. The test server gzips text as a real host does;
Pagefind's files are gzip already and sent as they are.

It prints PASS or MISS for each budget with the figure, and writes the table
(Markdown) and everything measured (JSON) under --out (default
build/bench/site, which git ignores).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.bench_check import Spread as Spread  # noqa: E402  (one definition of a median and range)
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one launch recipe for tests and benchmark)

QUERY = "attendance"
"""A word every synthetic case uses: the worst case for the index chunk a query fetches."""
FINDER_PAGES = ("find/", "search/")
"""Where the site's search lives, first found wins: the finder (issue 12), else the old search page."""
SEARCH_BOX = "main input[type=search]"
"""The finder's own query box (not the header's): the one selector to change if its markup changes."""

OURS = "ours"
MATERIAL = "material"

RESULTS_SHOWN = """() => {
  const status = document.querySelector("#px-finder-status, .px-finder__status");
  const text = status ? status.textContent : "";
  return /^No case study/.test(text) || document.querySelectorAll(".px-finder__result").length >= 10;
}"""
"""The finder has drawn its answer: a first page of results (QUERY is in every case), or its no-match line."""

KB = 1024
BUDGETS_TEXT = {
    "vs_material": "no slower than limited-nav Material (median paired ratio ≤ 1.0)",
    "ms_per_case": "≤ 5 ms per case at 3,000",
    "growth": "build(1,000) ≤ 4 × build(100)",
    "first_query": "first query ≤ 150 KB on the wire",
    "finder_load": "finder first load ≤ 100 KB on the wire at 10,000",
    "memory": "every process ≤ 1 GB at 10,000",
}

LIMITED_NAV_CONFIG = """\
site_name: Limited-nav Material
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
  - All case studies: cases/index.md
not_in_nav: |
  /cases/*.md
"""
"""The sensible Material build: one listing page in the nav, every case built, Material's own search."""


# ---------------------------------------------------------------- pure parts (tested)


def seconds(spread: Spread) -> str:
    return f"{spread.median:.2f} s ({spread.low:.2f}–{spread.high:.2f})"


def pair_orders(pairs: int) -> list[tuple[str, str]]:
    """Which build goes first in each pair: alternating, so neither always runs on a warmer machine."""
    return [(OURS, MATERIAL) if index % 2 == 0 else (MATERIAL, OURS) for index in range(pairs)]


def paired_ratios(ours: Sequence[float], material: Sequence[float]) -> list[float]:
    """ours/material for each pair (below 1: ours was faster)."""
    if len(ours) != len(material):
        raise ValueError("every pair needs both builds")
    return [mine / theirs for mine, theirs in zip(ours, material, strict=True)]


@dataclass(frozen=True)
class Verdict:
    budget: str
    figure: str
    passed: bool

    def line(self) -> str:
        return f"- {'PASS' if self.passed else 'MISS'}: {BUDGETS_TEXT[self.budget]}: {self.figure}"


def verdicts(results: dict[str, Any]) -> list[Verdict]:
    """Each budget that the results can judge, with its measured figure."""
    out: list[Verdict] = []
    sizes: dict[int, dict[str, Any]] = {int(size): row for size, row in results["sizes"].items()}
    for size in (1000, 3000):
        if size in sizes:
            ratio = sizes[size]["ratio"]["median"]
            figure = f"at {size:,}: ours takes {ratio:.2f}× Material's time (median of paired ratios)"
            out.append(Verdict("vs_material", figure, ratio <= 1.0))
    if 3000 in sizes:
        per_case = sizes[3000]["ms_per_case"]
        out.append(Verdict("ms_per_case", f"{per_case:.1f} ms per case", per_case <= 5.0))
    if 100 in sizes and 1000 in sizes:
        growth = sizes[1000]["ours"]["median"] / sizes[100]["ours"]["median"]
        out.append(Verdict("growth", f"{growth:.1f}×", growth <= 4.0))
    for size, row in sorted(sizes.items()):
        if "first_query" in row:
            wire = row["first_query"]["wire"]
            out.append(Verdict("first_query", f"at {size:,}: {wire / KB:.0f} KB", wire <= 150 * KB))
    big = results.get("big")
    if big:
        size = big["cases"]
        wire = big["first_query"]["wire"]
        out.append(Verdict("first_query", f"at {size:,}: {wire / KB:.0f} KB", wire <= 150 * KB))
        load = big["finder_load"]["wire"]
        out.append(Verdict("finder_load", f"{load / KB:.0f} KB", load <= 100 * KB))
        peak = max(big["peak_mb"], big["children_peak_mb"])
        figure = f"build {big['peak_mb']:.0f} MB, largest child {big['children_peak_mb']:.0f} MB"
        out.append(Verdict("memory", figure, peak <= 1024))
    return out


def markdown_table(results: dict[str, Any]) -> str:
    """The README's table: one row per size, medians with ranges."""
    lines = [
        "| cases | ours, cold (median, range) | ours, warm cache | limited-nav Material | ours / Material "
        "(median, range of pairs) | ms per case | load before–after |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, row in sorted(((int(s), r) for s, r in results["sizes"].items())):
        ours = Spread(**row["ours"])
        material = Spread(**row["material"])
        ratio = Spread(**row["ratio"])
        warm = f"{row['warm']:.2f} s" if row.get("warm") is not None else "–"
        loads = [value for run in row["runs"] for value in (run["load_before"], run["load_after"])]
        lines.append(
            f"| {size:,} | {seconds(ours)} | {warm} | {seconds(material)} "
            f"| {ratio.median:.2f} ({ratio.low:.2f}–{ratio.high:.2f}) | {row['ms_per_case']:.1f} "
            f"| {min(loads):.2f}–{max(loads):.2f} |"
        )
    return "\n".join(lines)


def limited_nav_docs(collection: Path, folder: Path) -> Path:
    """The limited-nav Material project over the same case files; returns its mkdocs.yml."""
    docs = folder / "docs"
    cases = docs / "cases"
    cases.mkdir(parents=True)
    listing = ["# All case studies", ""]
    for path in sorted(collection.glob("*.md")):
        shutil.copyfile(path, cases / path.name)
        listing.append(f"- [{path.stem}]({path.name})")
    (cases / "index.md").write_text("\n".join(listing) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("# Limited-nav Material\n\n[All case studies](cases/index.md)\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(LIMITED_NAV_CONFIG, encoding="utf-8")
    return config


# ---------------------------------------------------------------- measuring


def load_average() -> float:
    """The one-minute load average."""
    return float(Path("/proc/loadavg").read_text(encoding="ascii").split()[0])


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


def _descendants(root: int) -> list[int]:
    """The process ids under `root` (not itself), from each process's parent in /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:  # it ended while we looked
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _peak_kb(pid: int) -> int:
    """The process's own peak resident memory (VmHWM), 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakWatcher:
    """Polls the peak memory (VmHWM) of every process under a build, by command name.

    VmHWM is the kernel's own high-water mark of each process, so a poll misses
    no peak of a process it sees; only a process that lives less than one poll
    interval can be missed, and such a process is small. (The build's
    RUSAGE_CHILDREN stays 0 here: Pagefind's service is reaped by asyncio's
    child watcher in a way that reaches no rusage this script can read.)
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in _descendants(self.pid):
                peak = _peak_kb(pid)
                if peak:
                    try:
                        name = Path(f"/proc/{pid}/comm").read_text(encoding="ascii", errors="replace").strip()
                    except OSError:
                        continue
                    self.peaks[pid] = (name, max(peak, self.peaks.get(pid, ("", 0))[1]))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed_build(config_file: Path, site_dir: Path, env_extra: dict[str, str]) -> dict[str, Any]:
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env_extra}
    if site_dir.exists():
        shutil.rmtree(site_dir)
    command = [sys.executable, __file__, "--child", str(config_file), str(site_dir)]
    before = load_average()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakWatcher(process.pid) as watcher:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    after = load_average()
    if process.returncode != 0:
        raise SystemExit(f"build of {config_file} failed:\n{stdout}\n{stderr}")
    memory = json.loads(stdout.strip().splitlines()[-1])
    others = sorted(watcher.peaks.values(), key=lambda item: -item[1])
    return {
        "seconds": seconds,
        "load_before": before,
        "load_after": after,
        "peak_mb": memory["self_kb"] / 1024,
        "children_peak_mb": max([memory["children_kb"], *(kb for _, kb in others)]) / 1024,
        "children": [f"{name}: {kb / 1024:.0f} MB" for name, kb in others[:5]],
        "pages": sum(1 for _ in site_dir.rglob("*.html")),
    }


def make_corpus(count: int, folder: Path) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(count), str(folder)]
    subprocess.run([*command, "--faults-every", "0"], check=True, capture_output=True)


def ours_env(collection: Path, cache: Path) -> dict[str, str]:
    return {"PRACTICE_COLLECTION": str(collection), "PRACTICE_CACHE_DIR": str(cache)}


@dataclass
class SizeRun:
    """The builds of one size."""

    size: int
    runs: list[dict[str, Any]] = field(default_factory=list)

    def seconds(self, which: str) -> list[float]:
        return [run["seconds"] for run in self.runs if run["build"] == which]

    def summary(self, warm: float | None) -> dict[str, Any]:
        ours, material = self.seconds(OURS), self.seconds(MATERIAL)
        spread = Spread.of(ours)
        return {
            "ours": vars(spread),
            "material": vars(Spread.of(material)),
            "ratio": vars(Spread.of(paired_ratios(ours, material))),
            "ms_per_case": spread.median / self.size * 1000,
            "warm": warm,
            "runs": self.runs,
        }


def run_size(size: int, pairs: int, work: Path, warm: bool) -> dict[str, Any]:
    collection = work / f"corpus-{size}"
    make_corpus(size, collection)
    material_config = limited_nav_docs(collection, work / f"material-{size}")
    record = SizeRun(size)
    cache = work / f"cache-{size}"
    for number, order in enumerate(pair_orders(pairs)):
        for which in order:
            print(f"  {size:,} cases, pair {number + 1}/{pairs}: {which}", file=sys.stderr, flush=True)
            if which == OURS:
                shutil.rmtree(cache, ignore_errors=True)  # cold: every body rendered
                run = timed_build(ROOT / "mkdocs.yml", work / "site-ours", ours_env(collection, cache))
            else:
                run = timed_build(material_config, work / "site-material", {})
            record.runs.append({"build": which, "pair": number, **run})
    warm_seconds = None
    if warm:
        print(f"  {size:,} cases: ours, warm cache", file=sys.stderr, flush=True)
        warm_seconds = timed_build(ROOT / "mkdocs.yml", work / "site-ours", ours_env(collection, cache))["seconds"]
    summary = record.summary(warm_seconds)
    if size == 1000:
        summary["first_query"] = browser_bytes(work / "site-ours")["first_query"]
    shutil.rmtree(collection)
    return summary


def run_big(size: int, work: Path) -> dict[str, Any]:
    collection = work / f"corpus-{size}"
    make_corpus(size, collection)
    print(f"  {size:,} cases: ours, once, for memory and bytes", file=sys.stderr, flush=True)
    run = timed_build(ROOT / "mkdocs.yml", work / "site-big", ours_env(collection, work / f"cache-{size}"))
    return {"cases": size, **run, **browser_bytes(work / "site-big")}


COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt"})
"""What the benchmark's server gzips, like a real web host."""


class _GzipServer(SimpleHTTPRequestHandler):
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


def _sizes(responses: list[Any], base: str) -> dict[str, Any]:
    files: dict[str, int] = {}
    for response in responses:
        url = response.url.removeprefix(base)
        try:
            # -1 (or less) is what Chromium reports for a body it did not fetch (a cached favicon).
            files[url] = files.get(url, 0) + max(0, response.request.sizes()["responseBodySize"])
        except Exception:  # a response the browser dropped (a navigation cut it short): nothing arrived to count
            continue
    return {"wire": sum(files.values()), "requests": len(files), "files": dict(sorted(files.items()))}


def browser_bytes(site_dir: Path) -> dict[str, Any]:
    """Bytes on the wire of the finder's first load, and of a first query typed into it."""
    from playwright.sync_api import sync_playwright

    finder = next((page for page in FINDER_PAGES if (site_dir / page / "index.html").is_file()), None)
    if finder is None:
        raise SystemExit(f"no search page in {site_dir} (looked for {', '.join(FINDER_PAGES)})")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipServer, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    loaded: list[Any] = []
    queried: list[Any] = []
    into = [loaded]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("response", lambda response: into[0].append(response))
            page.goto(base + finder)
            page.wait_for_load_state("networkidle")
            into[0] = queried
            # The query counts from the first keystroke to the last fragment of the results shown.
            with page.expect_response(lambda response: "/pagefind/fragment/" in response.url, timeout=120_000):
                box = page.locator(SEARCH_BOX).first
                box.fill(QUERY)
                box.press("Enter")
            # Under load a fragment can arrive after the network has been idle a moment: wait for
            # the results themselves (a page of them, or the finder's "No case study ...").
            page.wait_for_function(RESULTS_SHOWN, timeout=120_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)  # debounced searches and lazy fragments
            # Sizes are asked of the browser, so before it closes.
            measured = {"finder": finder, "finder_load": _sizes(loaded, base), "first_query": _sizes(queried, base)}
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return measured


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in ("mkdocs", "mkdocs-material", "pagefind", "markdown", "nh3"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--pairs", type=int, default=3, help="paired builds per size (at least 3 for the README)")
    parser.add_argument("--big", type=int, default=10_000, help="one build for memory and bytes (0: skip)")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm-cache rebuild")
    parser.add_argument("--quick", action="store_true", help="20 cases, 2 pairs, no big run: checks the script works")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "site")
    parser.add_argument("--child", nargs=2, metavar=("CONFIG", "SITE_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_build(*args.child)
        return 0
    if args.quick:
        args.sizes, args.pairs, args.big = [20], 2, 0
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": os.cpu_count(),
        "versions": versions(),
        "load_at_start": Path("/proc/loadavg").read_text(encoding="ascii").strip(),
        "pairs": args.pairs,
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        work = Path(tmp)
        for size in sorted(set(args.sizes)):
            results["sizes"][str(size)] = run_size(size, args.pairs, work, warm=not args.no_warm)
        if args.big:
            results["big"] = run_big(args.big, work)
    results["load_at_end"] = Path("/proc/loadavg").read_text(encoding="ascii").strip()
    table = markdown_table(results)
    lines = [line.line() for line in verdicts(results)]
    print(f"{results['date']}, {results['cores']} cores, load at start {results['load_at_start']}")
    print(table)
    print()
    print("\n".join(lines))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (args.out / "table.md").write_text(table + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.out / 'results.json'}, {args.out / 'table.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
