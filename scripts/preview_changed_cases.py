"""Copy the built pages of the case studies a pull request changes, for the Check workflow's artifact.

    python scripts/preview_changed_cases.py --site site --out preview practice/a.md practice/b.md

Contributors never see their page before it is merged otherwise. The paths
come from `git diff --name-only`, which a pull request controls, so only
names that are valid case ids inside practice/ are used, and every copy
stays inside --out.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from practice_exchange.model import ID_PATTERN  # noqa: E402

_CASE_FILE = re.compile(r"^practice/(" + ID_PATTERN.strip("^$") + r")\.md$")


def changed_ids(paths: list[str]) -> list[str]:
    """The case ids among changed paths, in order, each once; anything else is ignored."""
    ids = [match.group(1) for match in map(_CASE_FILE.match, paths) if match]
    return list(dict.fromkeys(ids))


def copy_pages(site: Path, out: Path, ids: list[str]) -> list[str]:
    """Copy each case's built folder and the site's assets into `out`; the ids that had a page."""
    copied = []
    for case_id in ids:
        page = site / "cases" / case_id
        if page.is_dir():
            shutil.copytree(page, out / "cases" / case_id, dirs_exist_ok=True)
            copied.append(case_id)
    if copied and (site / "assets").is_dir():
        shutil.copytree(site / "assets", out / "assets", dirs_exist_ok=True)
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="the built site folder")
    parser.add_argument("--out", type=Path, required=True, help="where to put the pages")
    parser.add_argument("paths", nargs="*", help="changed paths, relative to the repository")
    args = parser.parse_args(argv)
    copied = copy_pages(args.site, args.out, changed_ids(args.paths))
    for case_id in copied:
        print(f"preview: cases/{case_id}/index.html")
    if not copied:
        print("preview: no case study pages changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
