"""Measure the finder's first query at N cases for several shapes of the search index (issue 14).

    .venv/bin/python scripts/bench_index_shape.py [--cases 10000] [--shapes shipped two-bundles ...]
        [--work DIR [--reuse]] [--keep-finder] [--out DIR]

It writes one synthetic collection (scripts/make_corpus.py), builds the site once
in this process with the search records captured instead of indexed, then, for
each shape, writes the Pagefind bundle from those records in that shape (through
the same pagefind.SearchIndex the build uses) and measures, in Debian's chromium,
the bytes on the wire of the first one-word query (scripts/bench_build.py's
browser_bytes: one definition of the measurement), split by kind of file: the
WebAssembly, Pagefind's code, its meta index, word-index chunks, filter indexes,
fragments, and anything else.

The shapes change only the records (search_records.py says what each field is
for), starting from each page's whole text; `shipped` is what the build writes.
The finder is the worktree's finder.js, copied into the site; the one-bundle
shapes (the layout before the help pages had a bundle of their own) need the
finder of that time: --keep-finder, on a site built with it (--work, --reuse).
Bytes on the wire hardly depend on the machine's load; the load is recorded anyway.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.bench_build import KB, browser_bytes, load_average, make_corpus  # noqa: E402  (one definition)

BUNDLE_FOLDERS = ("pagefind", "pagefind-help")
"""site/pagefind.BUNDLES' folders (the site stack is imported late)."""
FINDER_JS = ROOT / "docs" / "assets" / "js" / "finder.js"

KINDS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("wasm", lambda url: url.endswith(".pagefind") and "/wasm." in url),
    ("meta", lambda url: url.endswith(".pf_meta")),
    ("index", lambda url: url.endswith(".pf_index")),
    ("filter", lambda url: url.endswith(".pf_filter")),
    ("fragment", lambda url: url.endswith(".pf_fragment")),
    ("code", lambda url: "pagefind" in url and (url.endswith(".js") or url.endswith(".json"))),
)
"""Kinds of file a query fetches, first match wins; anything else is `other`."""


def kind_of(url: str) -> str:
    path = url.split("?", 1)[0]  # Pagefind asks for pagefind-entry.json?ts=...
    return next((kind for kind, test in KINDS if test(path)), "other")


def by_kind(files: dict[str, int]) -> dict[str, int]:
    """Bytes on the wire per kind of file, every kind present (0 when none was fetched)."""
    out = {kind: 0 for kind, _ in KINDS} | {"other": 0}
    for url, size in files.items():
        out[kind_of(url)] += size
    return out


# ---------------------------------------------------------------- shapes


Records = list[Any]  # search_records.SearchRecord, imported late (the site stack)
Shape = Callable[[Records], Records]


def _with(record: Any, **changes: Any) -> Any:
    return dataclasses.replace(record, **changes)


def _is_case(record: Any) -> bool:
    return bool(record.kind == "case")


def capped(words: int) -> Shape:
    """Title and summary (the content's first two lines, search_records.case_record) and the body's first words."""

    def shape(records: Records) -> Records:
        out = []
        for record in records:
            if _is_case(record):
                lines = record.content.split("\n")
                head, body = lines[:2], " ".join(lines[2:]).split()
                record = _with(record, content="\n".join([*head, " ".join(body[:words])]))
            out.append(record)
        return out

    return shape


def distinct(records: Records) -> Records:
    """What the build ships: a case's title and summary as they are (a help page's title), then each word of
    the rest once (search_records.index_words): every word still found, one index entry per page, not one per use."""
    from practice_exchange.search_records import index_words

    out = []
    for record in records:
        head = 2 if _is_case(record) else 1  # a case's title and summary, a help page's title
        lines = record.content.split("\n")
        out.append(_with(record, content="\n".join([*lines[:head], index_words("\n".join(lines[head:]))])))
    return out


def no_sort(records: Records) -> Records:
    return [_with(record, sort={}) for record in records]


def one_bundle(records: Records) -> Records:
    """The layout before issue 14's item 1: help pages among the cases, `type` a filter index (its finder:
    --keep-finder on a site built before)."""
    return [_with(r, kind="case", filters={"type": [r.kind], **r.filters}) for r in records]


def combined(*shapes: Shape) -> Shape:
    def apply(records: Records) -> Records:
        for shape in shapes:
            records = shape(records)
        return records

    return apply


SHAPES: dict[str, Shape] = {
    "shipped": distinct,
    "one-bundle": one_bundle,
    "one-bundle+body-100": combined(capped(100), one_bundle),
    "one-bundle+body-0": combined(capped(0), one_bundle),
    "one-bundle+no-sort": combined(no_sort, one_bundle),
    "two-bundles": combined(),
    "two-bundles+body-100": capped(100),
    "two-bundles+body-0": capped(0),
    "two-bundles+no-sort": no_sort,
    "two-bundles+body-100+no-sort": combined(capped(100), no_sort),
    "two-bundles+distinct+no-sort": combined(distinct, no_sort),
}
"""Each shape starts from the whole text of every case (build_site). one-bundle* need the finder of
before (--keep-finder on a site built before this change); the others the worktree's. `shipped` is
two-bundles+distinct: what the build writes."""


# ---------------------------------------------------------------- building


def build_site(collection: Path, site_dir: Path, cache: Path) -> Records:
    """Build the site here, in this process; the search records the build gives, not indexed."""
    import logging
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from practice_exchange import search_records
    from practice_exchange.site import pagefind

    class Recorder(pagefind.NoIndex):
        """Stands in for the build's search index: keeps the records it is given, writes nothing."""

        mode = "build"

        def __init__(self) -> None:
            self.records: Records = []

        def add(self, records: Iterable[Any]) -> None:
            self.records.extend(records)

    recorder = Recorder()
    os.environ.update({"PRACTICE_COLLECTION": str(collection), "PRACTICE_CACHE_DIR": str(cache)})
    started, words = pagefind.start, search_records.index_words
    pagefind.start = lambda mode, site: recorder  # type: ignore[assignment]  # the plugin's pagefind.start
    # The body as the page reads, each use of a word kept: the shapes start from the whole text.
    search_records.index_words = lambda text: text
    logging.disable(logging.WARNING)
    try:
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir)))
    finally:
        pagefind.start = started
        search_records.index_words = words
    return recorder.records


def write_bundles(site_dir: Path, records: Records) -> dict[str, Any]:
    """The bundles written by the build's own SearchIndex; each one's size on disk by kind of file."""
    from practice_exchange.site.pagefind import BUNDLES, SearchIndex

    start = time.perf_counter()
    index = SearchIndex(site_dir.resolve(), "build")
    index.add(records)
    index.finish()
    out: dict[str, Any] = {"seconds": time.perf_counter() - start}
    for kind, name in BUNDLES.items():
        folder = site_dir / name
        files = {str(path): path.stat().st_size for path in folder.rglob("*") if path.is_file()}
        out[name] = {"records": sum(1 for r in records if r.kind == kind), "disk": by_kind(files)}
    return out


def measure(site_dir: Path, records: Records, shapes: list[str], out: Path) -> dict[str, Any]:
    """Each shape's bundles written in turn into the same site, and its first query measured; the
    results so far are written to `out` after each (a shape the finder cannot search fails alone)."""
    results: dict[str, Any] = {}
    for name in shapes:
        print(f"  shape {name}", file=sys.stderr, flush=True)
        for stale in BUNDLE_FOLDERS:
            shutil.rmtree(site_dir / stale, ignore_errors=True)
        written = write_bundles(site_dir, SHAPES[name](records))
        before = load_average()
        try:
            measured = browser_bytes(site_dir)
        except Exception as error:  # the finder found nothing to fetch: said in the results
            results[name] = {"bundles": written, "error": repr(error)[:300]}
            out.write_text(json.dumps(results, indent=1), encoding="utf-8")
            continue
        query = measured["first_query"]
        results[name] = {
            "bundles": written,
            "wire": query["wire"],
            "requests": query["requests"],
            "kinds": by_kind(query["files"]),
            "files": query["files"],
            "finder_load": measured["finder_load"]["wire"],
            "load": [before, load_average()],
        }
        out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return results


def table(results: dict[str, Any]) -> str:
    kinds = [kind for kind, _ in KINDS] + ["other"]
    lines = [
        "| shape | first query | " + " | ".join(kinds) + " | requests | load |",
        "|---|---:|" + "---:|" * len(kinds) + "---:|---:|",
    ]
    for name, row in results.items():
        if "error" in row:
            lines.append(f"| {name} | failed: {row['error']} |")
            continue
        cells = " | ".join(f"{row['kinds'][kind] / KB:.0f}" for kind in kinds)
        load = f"{row['load'][0]:.2f}–{row['load'][1]:.2f}"
        lines.append(f"| {name} | {row['wire'] / KB:.0f} KB | {cells} | {row['requests']} | {load} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument(
        "--shapes", nargs="+", choices=sorted(SHAPES), default=[s for s in SHAPES if "one-bundle" not in s]
    )
    parser.add_argument("--work", type=Path, help="keep the corpus and site here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="reuse the site and records already in --work")
    parser.add_argument("--keep-finder", action="store_true", help="measure with the finder.js the site was built with")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "index-shape")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-shape-") as tmp:
        work = args.work or Path(tmp)
        collection = work / f"corpus-{args.cases}"
        if not collection.is_dir():
            make_corpus(args.cases, collection)
        site, saved = work / "site", work / "records.pickle"
        if args.reuse and saved.is_file() and site.is_dir():
            records = pickle.loads(saved.read_bytes())
        else:
            print(f"  building the site at {args.cases:,} cases", file=sys.stderr, flush=True)
            records = build_site(collection, site, work / "cache")
            saved.write_bytes(pickle.dumps(records))
        if not args.keep_finder:
            # The worktree's finder, not the one the site was built with (--reuse after a change).
            shutil.copyfile(FINDER_JS, site / "assets" / "js" / "finder.js")
        args.out.mkdir(parents=True, exist_ok=True)
        results = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "cases": args.cases,
            "load_at_start": Path("/proc/loadavg").read_text(encoding="ascii").strip(),
            "shapes": measure(site, records, args.shapes, args.out / f"partial-{args.cases}.json"),
            "load_at_end": Path("/proc/loadavg").read_text(encoding="ascii").strip(),
        }
    text = table(results["shapes"])
    print(f"{results['date']}, {args.cases:,} cases, load {results['load_at_start']} -> {results['load_at_end']}")
    print("first query in KB on the wire, by kind of file")
    print(text)
    (args.out / f"results-{args.cases}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (args.out / f"table-{args.cases}.md").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
