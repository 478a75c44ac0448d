"""Benchmark `practice check` against the floor of merely parsing the same files.

    python scripts/bench_check.py [--sizes 1000 10000] [--repeat 3]

For each size it writes a synthetic corpus (scripts/make_corpus.py; every
10th file has one known fault), then, in fresh subprocesses so that timings
and peak memory (max RSS) are not polluted by each other:

- floor: read every file and parse its frontmatter with yaml.CSafeLoader;
- check: `practice check`'s library call, every rule, over the same files;
- cli:   the `practice check` command end to end, once (includes start-up).

Runs alternate floor/check and the best of --repeat is kept. The ratio is
taken on CPU time (time.process_time), which other processes on a shared
2-core machine disturb far less than wall time; wall times are shown too.
Budget: check <= 2 x floor at 10,000 files.
It also verifies that the checker found exactly the known faults.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BUDGET = 2.0


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


def run_worker(mode: str, folder: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", mode, str(folder)], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def run_cli(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "practice"), "check", "--collection", str(folder), "--today", "2026-11-24"],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def bench(size: int, repeat: int, workdir: Path) -> dict[str, object]:
    folder = workdir / f"corpus-{size}"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(size), str(folder)],
        check=True,
        capture_output=True,
    )
    floors, checks = [], []
    for _ in range(repeat):
        floors.append(run_worker("floor", folder))
        checks.append(run_worker("check", folder))
    best_floor = min(floors, key=lambda r: float(str(r["cpu"])))
    best_check = min(checks, key=lambda r: float(str(r["cpu"])))
    expected = json.loads((folder / "expected-faults.json").read_text())
    found = {(name, code) for name, code in best_check["findings"]}  # type: ignore[attr-defined]
    missed = sorted(set(expected.items()) - found)
    unexpected = sorted({name for name, _ in found} - set(expected))
    return {
        "size": size,
        "floor_s": float(str(best_floor["cpu"])),
        "check_s": float(str(best_check["cpu"])),
        "floor_wall": float(str(best_floor["seconds"])),
        "check_wall": float(str(best_check["seconds"])),
        "floor_rss_mb": float(str(best_floor["rss_mb"])),
        "check_rss_mb": max(float(str(r["rss_mb"])) for r in checks),
        "cli_s": run_cli(folder),
        "faults": len(expected),
        "missed": missed,
        "unexpected": unexpected,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        rows = [bench(size, args.repeat, Path(tmp)) for size in args.sizes]
    print(
        "| files | floor: read + CSafeLoader (CPU) | practice check, all rules (CPU) | ratio "
        "| wall: floor / check / CLI | peak RSS floor / check | known faults found |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    ok = True
    for row in rows:
        ratio = float(str(row["check_s"])) / float(str(row["floor_s"]))
        found = "all" if not row["missed"] and not row["unexpected"] else f"missed {row['missed']}"
        ok = ok and not row["missed"] and not row["unexpected"]
        print(
            f"| {row['size']:,} | {row['floor_s']:.2f} s | {row['check_s']:.2f} s | {ratio:.2f}x "
            f"| {row['floor_wall']:.2f} / {row['check_wall']:.2f} / {row['cli_s']:.2f} s "
            f"| {row['floor_rss_mb']:.0f} / {row['check_rss_mb']:.0f} MB | {found} ({row['faults']}) |"
        )
    last = rows[-1]
    ratio = float(str(last["check_s"])) / float(str(last["floor_s"]))
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"\nbudget: check <= {BUDGET}x floor at {last['size']:,} files: {ratio:.2f}x, {verdict} budget")
    return 0 if ok and ratio <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
