"""The benchmark's arithmetic and comparator: the parts of scripts/bench_build.py a wrong figure would come from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import bench_build as bench


def test_a_spread_is_the_median_and_the_range() -> None:
    spread = bench.Spread.of([3.0, 1.0, 2.0, 10.0])
    assert (spread.median, spread.low, spread.high) == (2.5, 1.0, 10.0)
    assert bench.seconds(spread) == "2.50 s (1.00–10.00)"
    with pytest.raises(ValueError):
        bench.Spread.of([])


def test_pairs_alternate_which_build_goes_first() -> None:
    assert bench.pair_orders(3) == [("ours", "material"), ("material", "ours"), ("ours", "material")]


def test_each_pair_gives_its_own_ratio() -> None:
    assert bench.paired_ratios([2.0, 3.0], [4.0, 3.0]) == [0.5, 1.0]
    with pytest.raises(ValueError):
        bench.paired_ratios([1.0], [1.0, 2.0])


def _row(ours: list[float], material: list[float], size: int) -> dict[str, Any]:
    run = bench.SizeRun(size)
    for pair, (mine, theirs) in enumerate(zip(ours, material, strict=True)):
        run.runs.append({"build": "ours", "pair": pair, "seconds": mine, "load_before": 1.0, "load_after": 2.0})
        run.runs.append({"build": "material", "pair": pair, "seconds": theirs, "load_before": 0.5, "load_after": 1.5})
    return run.summary(warm=None)


def test_the_budgets_are_judged_on_medians_of_paired_ratios() -> None:
    results = {
        "sizes": {
            "100": _row([1.0, 1.2, 1.1], [2.0, 2.0, 2.0], 100),
            "1000": _row([4.0, 6.0, 5.0], [5.0, 5.0, 5.0], 1000),
            "3000": _row([16.0, 15.0, 14.0], [15.0, 15.0, 15.0], 3000),
        }
    }
    lines = [verdict.line() for verdict in bench.verdicts(results)]
    assert lines == [
        "- PASS: no slower than limited-nav Material (median paired ratio ≤ 1.0): "
        "at 1,000: ours takes 1.00× Material's time (median of paired ratios)",
        "- PASS: no slower than limited-nav Material (median paired ratio ≤ 1.0): "
        "at 3,000: ours takes 1.00× Material's time (median of paired ratios)",
        "- PASS: ≤ 5 ms per case at 3,000: 5.0 ms per case",
        "- MISS: build(1,000) ≤ 4 × build(100): 4.5×",
    ]


def test_the_big_run_judges_bytes_and_memory() -> None:
    results = {
        "sizes": {},
        "big": {
            "cases": 10_000,
            "first_query": {"wire": 151 * 1024},
            "finder_load": {"wire": 99 * 1024},
            "peak_mb": 600.0,
            "children_peak_mb": 1100.0,
        },
    }
    passed = {verdict.budget: verdict.passed for verdict in bench.verdicts(results)}
    assert passed == {"first_query": False, "finder_load": True, "memory": False}


def test_the_table_has_one_row_per_size_with_medians_ranges_and_load() -> None:
    table = bench.markdown_table({"sizes": {"1000": _row([4.0, 6.0, 5.0], [5.0, 4.0, 6.0], 1000)}})
    row = table.splitlines()[2]
    assert row == "| 1,000 | 5.00 s (4.00–6.00) | – | 5.00 s (4.00–6.00) | 0.83 (0.80–1.50) | 5.0 | 0.50–2.00 |"


def test_the_comparator_lists_one_page_in_the_nav_and_builds_every_case(tmp_path: Path) -> None:
    collection = tmp_path / "collection"
    collection.mkdir()
    for name in ("b-case", "a-case"):
        (collection / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\nText.\n", encoding="utf-8")
    config = bench.limited_nav_docs(collection, tmp_path / "material")
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert settings["nav"] == [{"Home": "index.md"}, {"All case studies": "cases/index.md"}]
    assert settings["plugins"] == ["search"]
    docs = config.parent / "docs" / "cases"
    assert sorted(path.name for path in docs.glob("*.md")) == ["a-case.md", "b-case.md", "index.md"]
    assert (docs / "index.md").read_text(encoding="utf-8").splitlines()[2:] == [
        "- [a-case](a-case.md)",
        "- [b-case](b-case.md)",
    ]
