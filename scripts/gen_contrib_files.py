"""Regenerate the contributor files generated from the model and taxonomy.yml.

    python scripts/gen_contrib_files.py          write them
    python scripts/gen_contrib_files.py --check  exit 1 if any is out of date

Files: .github/ISSUE_TEMPLATE/case-study.yml (the issue form) and
docs/schema/case-study.schema.json (the JSON Schema, published with the site
so editors can point at it). The CLI reference, docs/reference/cli.md, is
written by scripts/gen_docs.py with the other reference pages. Tests compare
each committed file with a fresh rendering.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from practice_exchange.issue_form import issue_form_text  # noqa: E402
from practice_exchange.schema import schema_text  # noqa: E402
from practice_exchange.taxonomy import load_taxonomy  # noqa: E402


def generated_files(root: Path = ROOT) -> dict[Path, Callable[[], str]]:
    """Each generated file and how to render it."""
    collection = root / "practice"
    return {
        root / ".github" / "ISSUE_TEMPLATE" / "case-study.yml": lambda: issue_form_text(load_taxonomy(collection)),
        root / "docs" / "schema" / "case-study.schema.json": lambda: schema_text(load_taxonomy(collection)),
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, render in generated_files().items():
        text = render()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if check:
            stale.append(path.relative_to(ROOT))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(f"out of date: {path} (run python scripts/gen_contrib_files.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
