"""Benchmark the edit loop of `practice preview` (issue 14: at 1,000 cases, save -> served in at most 1.5 s).

    .venv/bin/python scripts/bench_edit_loop.py [--cases 1000] [--edits 5] [--json out.json]

It writes a clean synthetic collection (scripts/make_corpus.py), starts the
real command (`practice preview --port P`, PRACTICE_COLLECTION pointing at the
collection) as a child process and waits until the site answers. Then, for
each edit, it inserts a word found nowhere else into one case's body (before
its Sources section: the page prints the registry's citations there instead,
so a word appended after it would never reach the page), and polls that case's
page every 10 ms until the word is served. Save -> served is the time from
the file being closed to the first response that holds the word: the
watcher's poll interval, the rebuild and the serving, as an author sees it.

It reports the median and range over the edits and the load average before
and after (the machine may be shared: record it with the figure). Each edit
goes to a different case, a second apart, so no save lands mid-rebuild.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 900.0
"""Seconds for the first build at the largest size on a loaded machine."""
EDIT_TIMEOUT = 120.0
POLL = 0.01


def make_corpus(count: int, folder: Path) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(count), str(folder)]
    subprocess.run([*command, "--faults-every", "0"], check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, word: str | None, timeout: float) -> float:
    """Poll until the page answers (and holds `word`); the time it took. Raises TimeoutError."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and (word is None or word in page):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise TimeoutError(f"{url} did not show {word!r} within {timeout:.0f} s")


def edit(path: Path, word: str) -> None:
    text = path.read_text(encoding="utf-8")
    marker = "\n## Sources"
    if marker not in text:
        raise SystemExit(f"{path}: no Sources section to insert before")
    path.write_text(text.replace(marker, f"\n{word}\n{marker}", 1), encoding="utf-8")


def load() -> str:
    return Path("/proc/loadavg").read_text(encoding="utf-8").strip() if Path("/proc/loadavg").exists() else "n/a"


def practice_command() -> list[str]:
    script = Path(sys.executable).with_name("practice")
    return (
        [str(script)] if script.exists() else [sys.executable, "-c", "from practice_exchange.cli import main; main()"]
    )


def run(cases: int, edits: int, search: str) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-edit-loop-"))
    collection = work / "practice"
    make_corpus(cases, collection)
    port = free_port()
    env = {**os.environ, "PRACTICE_COLLECTION": str(collection), "NO_MKDOCS_2_WARNING": "1"}
    log = (work / "preview.log").open("w", encoding="utf-8")
    command = [*practice_command(), "preview", "--port", str(port), "--search", search]
    command += ["--config", str(ROOT / "mkdocs.yml")]
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    samples: list[float] = []
    load_before = load()
    try:
        first = wait_for(base, None, READY_TIMEOUT)
        files = sorted(collection.glob("synthetic-case-*.md"))
        time.sleep(2.0)  # let the first build's background search index get going, as it would for an author
        for n in range(edits):
            path = files[(n * 37) % len(files)]
            word = f"benchword{n}x{time.time_ns()}"
            edit(path, word)
            saved = time.perf_counter()
            wait_for(f"{base}cases/{path.stem}/", word, EDIT_TIMEOUT)
            samples.append(time.perf_counter() - saved)
            time.sleep(1.0)
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        log.close()
        output = (work / "preview.log").read_text(encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
    return {
        "cases": cases,
        "edits": len(samples),
        "search": search,
        "first_build_served_s": round(first, 2),
        "save_to_served_s": [round(s, 3) for s in samples],
        "median_s": round(statistics.median(samples), 3),
        "min_s": round(min(samples), 3),
        "max_s": round(max(samples), 3),
        "load_before": load_before,
        "load_after": load(),
        "cpus": os.cpu_count(),
        "preview_log": output.splitlines()[-(edits + 4) :],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--search", choices=["background", "off"], default="background")
    parser.add_argument("--json", type=Path, help="Also write the result here.")
    args = parser.parse_args(argv)
    result = run(args.cases, args.edits, args.search)
    print(
        f"edit loop at {result['cases']} cases, {result['edits']} edits: median {result['median_s']:.2f} s "
        f"(range {result['min_s']:.2f}-{result['max_s']:.2f} s); first build served after "
        f"{result['first_build_served_s']:.1f} s; load before {result['load_before']}, after {result['load_after']} "
        f"on {result['cpus']} CPUs"
    )
    for line in result["preview_log"]:
        print(f"  | {line}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
