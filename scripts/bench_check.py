"""Benchmark `practice check` against the floor of merely parsing the same files.

    python scripts/bench_check.py [--sizes 1000 10000] [--repeat 3]

For each size it writes a synthetic corpus (scripts/make_corpus.py; every
10th file has one known fault), then, in fresh subprocesses so that timings
and peak memory (max RSS) are not polluted by each other:

- floor: read every file and parse its frontmatter with yaml.CSafeLoader;
- check: `practice check`'s library call, every rule, over the same files;
- cli:   the `practice check` command end to end, once (includes start-up);
- one file: `practice check --changed` on one clean file of the collection, end to end as
  the pre-commit hook runs it (start-up included), and on one faulty file, which must
  report its known fault.

Runs alternate floor/check/one file, --repeat times each. The ratio is taken on
the medians of CPU time (time.process_time), which other processes on a
shared 2-core machine disturb far less than wall time; each median is shown
with its range (min-max), and the load average at the start. Wall times
(medians) are shown too.
Budgets at 10,000 files: check <= 2 x floor; one changed file <= 0.5 s (wall, median).
It also verifies that the checker found exactly the known faults.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BUDGET = 2.0
ONE_FILE_BUDGET_S = 0.5


def floor(folder: Path) -> None:
    import yaml

    for path in sorted(folder.glob("*.md")):
        text = path.read_bytes().decode("utf-8")
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end > 0:
                with contextlib.suppress(yaml.YAMLError):
                    yaml.load(text[4:end], Loader=yaml.CSafeLoader)


def check(folder: Path) -> list[tuple[str, str]]:
    from practice_exchange.checker import check_paths
    from practice_exchange.taxonomy import load_taxonomy

    result = check_paths([folder], load_taxonomy(folder), dt.date(2026, 11, 24), case_ids=frozenset())
    return [(Path(f.path).name, f.code) for f in result.findings]


def worker(mode: str, folder: Path) -> None:
    start, cpu_start = time.perf_counter(), time.process_time()
    findings: list[tuple[str, str]] = []
    if mode == "check":
        findings = check(folder)
    else:
        floor(folder)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": rss_mb, "findings": findings}))


@dataclass(frozen=True)
class Run:
    """One worker's measurements."""

    seconds: float
    cpu: float
    rss_mb: float
    findings: list[tuple[str, str]]


def run_worker(mode: str, folder: Path) -> Run:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", mode, str(folder)], capture_output=True, text=True, check=True
    )
    data = json.loads(done.stdout)
    findings = [(name, code) for name, code in data["findings"]]
    return Run(float(data["seconds"]), float(data["cpu"]), float(data["rss_mb"]), findings)


@dataclass(frozen=True)
class Spread:
    """The median of some timings, and their range (bench_build.py uses it too)."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            raise ValueError("no measurements")
        return cls(statistics.median(values), min(values), max(values))

    def __str__(self) -> str:
        return f"{self.median:.2f} s ({self.low:.2f}-{self.high:.2f})"


@dataclass(frozen=True)
class Row:
    size: int
    floor: Spread
    check: Spread
    floor_wall: float
    check_wall: float
    floor_rss_mb: float
    check_rss_mb: float
    cli_s: float
    one_file: Spread
    one_file_cpu: Spread
    one_file_ok: bool
    faults: int
    missed: list[tuple[str, str]]
    unexpected: list[str]

    @property
    def ratio(self) -> float:
        return self.check.median / self.floor.median


@dataclass(frozen=True)
class OneFile:
    """One end-to-end run of the sized check on one file: wall and CPU seconds, and what it printed."""

    seconds: float
    cpu: float
    output: str


def run_one_file(folder: Path, name: str) -> OneFile:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "practice"),
            "check",
            "--changed",
            "--collection",
            str(folder),
            "--today",
            "2026-11-24",
            str(folder / name),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return OneFile(seconds, cpu, done.stdout)


def run_cli(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "practice"), "check", "--collection", str(folder), "--today", "2026-11-24"],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def bench(size: int, repeat: int, workdir: Path) -> Row:
    folder = workdir / f"corpus-{size}"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(size), str(folder)],
        check=True,
        capture_output=True,
    )
    expected = json.loads((folder / "expected-faults.json").read_text())
    # One clean file from the middle of the collection, and one with a known fault.
    names = sorted(path.name for path in folder.glob("*.md"))
    clean = next(name for name in names[len(names) // 2 :] if name not in expected)
    faulty, fault = next(iter(expected.items()))
    floors: list[Run] = []
    checks: list[Run] = []
    ones: list[OneFile] = []
    for _ in range(repeat):
        floors.append(run_worker("floor", folder))
        checks.append(run_worker("check", folder))
        ones.append(run_one_file(folder, clean))
    one_ok = all("no problems in 1 file" in run.output for run in ones)
    one_ok = one_ok and f" {fault} " in run_one_file(folder, faulty).output
    found = {finding for run in checks for finding in run.findings}
    missed = sorted(set(expected.items()) - found)
    unexpected = sorted({name for name, _ in found} - set(expected))
    return Row(
        size=size,
        floor=Spread.of([run.cpu for run in floors]),
        check=Spread.of([run.cpu for run in checks]),
        floor_wall=statistics.median(run.seconds for run in floors),
        check_wall=statistics.median(run.seconds for run in checks),
        floor_rss_mb=max(run.rss_mb for run in floors),
        check_rss_mb=max(run.rss_mb for run in checks),
        cli_s=run_cli(folder),
        one_file=Spread.of([run.seconds for run in ones]),
        one_file_cpu=Spread.of([run.cpu for run in ones]),
        one_file_ok=one_ok,
        faults=len(expected),
        missed=missed,
        unexpected=unexpected,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return 0
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        rows = [bench(size, args.repeat, Path(tmp)) for size in args.sizes]
    end_load = os.getloadavg()
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"
        f" at the start, {end_load[0]:.2f} / {end_load[1]:.2f} / {end_load[2]:.2f} at the end"
    )
    print(f"CPU time, median of {args.repeat} (range)\n")
    print(
        "| files | floor: read + CSafeLoader (CPU) | practice check, all rules (CPU) | ratio of medians "
        "| wall: floor / check / CLI | peak RSS floor / check | known faults found |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    ok = True
    for row in rows:
        found = "all" if not row.missed and not row.unexpected else f"missed {row.missed}"
        ok = ok and not row.missed and not row.unexpected
        print(
            f"| {row.size:,} | {row.floor} | {row.check} | {row.ratio:.2f}x "
            f"| {row.floor_wall:.2f} / {row.check_wall:.2f} / {row.cli_s:.2f} s "
            f"| {row.floor_rss_mb:.0f} / {row.check_rss_mb:.0f} MB | {found} ({row.faults}) |"
        )
    print(
        "\nOne changed file, `practice check --changed FILE` end to end (as the pre-commit hook runs it),"
        f" median of {args.repeat} (range)\n"
    )
    print("| files | wall | CPU | clean file clean, faulty file's fault found |")
    print("| ---: | ---: | ---: | --- |")
    for row in rows:
        ok = ok and row.one_file_ok
        print(f"| {row.size:,} | {row.one_file} | {row.one_file_cpu} | {'yes' if row.one_file_ok else 'NO'} |")
    last = rows[-1]
    verdict = "within" if last.ratio <= BUDGET else "OVER"
    print(f"\nbudget: check <= {BUDGET}x floor at {last.size:,} files: {last.ratio:.2f}x, {verdict} budget")
    one_verdict = "within" if last.one_file.median <= ONE_FILE_BUDGET_S else "OVER"
    print(
        f"budget: one changed file <= {ONE_FILE_BUDGET_S} s at {last.size:,} files:"
        f" {last.one_file.median:.2f} s, {one_verdict} budget"
    )
    within = last.ratio <= BUDGET and last.one_file.median <= ONE_FILE_BUDGET_S
    return 0 if ok and within else 1


if __name__ == "__main__":
    raise SystemExit(main())
