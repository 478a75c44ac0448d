"""Regenerate every committed file that is generated from code and data.

    python scripts/gen_docs.py          # rewrite stale files
    python scripts/gen_docs.py --check  # exit 1 if any file is stale (what CI and the tests check)

The reference pages in docs/reference/ (rules, fields, command line), the
JSON Schema published with the site, and the GitHub issue form. Only these
files are written, and only when their text changes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from practice_exchange import reference  # noqa: E402
from practice_exchange.cli_reference import cli_reference_markdown  # noqa: E402
from practice_exchange.issue_form import issue_form_text  # noqa: E402
from practice_exchange.schema import schema_text  # noqa: E402
from practice_exchange.taxonomy import load_taxonomy  # noqa: E402


def pages() -> dict[Path, Callable[[], str]]:
    """Every generated file and the function that writes its text."""
    taxonomy = load_taxonomy(ROOT / "practice")
    return {
        ROOT / "docs/reference/rules.md": reference.rules_markdown,
        ROOT / "docs/reference/fields.md": lambda: reference.fields_markdown(taxonomy),
        ROOT / "docs/reference/cli.md": cli_reference_markdown,
        ROOT / "docs/schema/case-study.schema.json": lambda: schema_text(taxonomy),
        ROOT / ".github/ISSUE_TEMPLATE/case-study.yml": lambda: issue_form_text(taxonomy),
    }


def stale_pages() -> list[Path]:
    return [
        path for path, render in pages().items() if not path.exists() or path.read_text(encoding="utf-8") != render()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report stale pages instead of writing them")
    args = parser.parse_args(argv)
    stale = stale_pages()
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run: python scripts/gen_docs.py)")
        return 1 if stale else 0
    for path, render in pages().items():
        if path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(), encoding="utf-8", newline="\n")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
