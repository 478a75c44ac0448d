"""Write N synthetic case studies for benchmarks and scale tests.

    python scripts/make_corpus.py 10000 /tmp/corpus [--faults-every 10] [--words 470] [--seed 1]

The folder gets taxonomy.yml and sources.yml copied from practice/, N case
studies drawing on the real vocabularies, and expected-faults.json naming the
one rule each faulty file should trigger, so a benchmark can check that the
checker found exactly those. The text is placeholder prose, never presented
as practice. It refuses to write into a non-empty folder unless --force.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from practice_exchange.model import REQUIRED_SECTIONS  # noqa: E402
from practice_exchange.taxonomy import SOURCES_FILE, TAXONOMY_FILE, load_taxonomy  # noqa: E402

WORDS = [
    "school",
    "leaders",
    "partner",
    "department",
    "pupils",
    "attendance",
    "support",
    "officers",
    "practice",
    "review",
    "data",
    "teachers",
    "agreement",
    "coaching",
    "subject",
    "improvement",
    "writing",
    "curriculum",
    "inclusion",
    "visit",
    "plan",
    "progress",
    "meeting",
    "colleagues",
    "evidence",
    "network",
    "board",
    "aims",
    "measures",
    "time",
    "limited",
    "share",
]

# Each fault is (rule it must trigger, how to break a valid file).
FAULTS: list[tuple[str, str]] = [
    ("PX104", "themes: [sendd]"),
    ("PX201", "drop-section"),
    ("PX107", "reviewed: 24/11/2026"),
    ("PX401", "body-html"),
    ("PX008", "title: broken: [unclosed"),
    ("PX101", "drop-summary"),
]


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def case_text(index: int, rng: random.Random, vocab: dict[str, tuple[str, ...]], words: int, fault: str | None) -> str:
    case_id = f"synthetic-case-{index:05d}"

    def pick(name: str, k: int) -> str:
        return ", ".join(rng.sample(vocab[name], k))

    lines = [
        "---",
        f"id: {case_id}",
        f"title: Synthetic case {index} on {_words(rng, 3)}",
        f"summary: {_words(rng, 20).capitalize()}.",
        "status: published",
        f"themes: [{pick('themes', 2)}]",
        f"phases: [{pick('phases', 2)}]",
        f"support: [{pick('support', 2)}]",
        f"region: {rng.choice(vocab['regions'])}",
        f"provider_roles: [{pick('provider_roles', 1)}]",
        "organisations: [Example Borough Council]",
        "period:",
        "  from: 2014",
        "  to: not reported",
        "evidence: reported",
        f"sources: [{rng.choice(vocab['sources'])}]",
        "first_published: 2026-11-24",
        "reviewed: 2026-11-24",
        "review_due: 2027-11-24",
        "---",
        "",
    ]
    if fault == "drop-summary":
        lines = [line for line in lines if not line.startswith("summary:")]
    elif fault and ":" in fault and not fault.startswith("body"):
        key = fault.split(":", 1)[0]
        lines = [fault if line.startswith(f"{key}:") else line for line in lines]
    per_section = max(1, words // len(REQUIRED_SECTIONS))
    for number, section in enumerate(REQUIRED_SECTIONS):
        if fault == "drop-section" and number == 1:
            continue
        lines += [f"## {section}", "", _words(rng, per_section).capitalize() + ".", ""]
    if fault == "body-html":
        lines += ["<div>raw markup</div>", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many case studies to write")
    parser.add_argument("folder", type=Path, help="where to write them (created if missing)")
    parser.add_argument("--faults-every", type=int, default=10, help="make every Nth file faulty (0: none)")
    parser.add_argument("--words", type=int, default=470, help="words of body text per case")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("count must be zero or more")
    folder: Path = args.folder
    if folder.exists() and any(folder.iterdir()) and not args.force:
        parser.error(f"{folder} is not empty; pick a new folder or pass --force")
    folder.mkdir(parents=True, exist_ok=True)
    taxonomy = load_taxonomy(ROOT / "practice")
    for name in (TAXONOMY_FILE, SOURCES_FILE):
        shutil.copyfile(ROOT / "practice" / name, folder / name)
    vocab = {name: taxonomy.ids(name) for name in ("themes", "phases", "support", "regions", "provider_roles")}
    vocab["sources"] = tuple(taxonomy.sources)
    rng = random.Random(args.seed)
    expected: dict[str, str] = {}
    for index in range(args.count):
        fault = None
        if args.faults_every and index % args.faults_every == args.faults_every - 1:
            code, fault = FAULTS[(index // args.faults_every) % len(FAULTS)]
            expected[f"synthetic-case-{index:05d}.md"] = code
        path = folder / f"synthetic-case-{index:05d}.md"
        path.write_text(case_text(index, rng, vocab, args.words, fault), encoding="utf-8")
    (folder / "expected-faults.json").write_text(json.dumps(expected, indent=1), encoding="utf-8")
    print(f"wrote {args.count} case studies ({len(expected)} with a known fault) to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
