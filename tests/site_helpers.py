"""Helpers shared by the site tests: write a small collection, build it with MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLLECTION = ROOT / "practice"
HOSTILE_TITLE = "<script>alert(1)</script>"


def new_collection(folder: Path) -> Path:
    """An empty collection using the real vocabularies and source registry."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("taxonomy.yml", "sources.yml"):
        shutil.copyfile(COLLECTION / name, folder / name)
    return folder


def _flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_case(
    folder: Path,
    case_id: str,
    title: str,
    themes: Sequence[str],
    phases: Sequence[str],
    support: Sequence[str] = ("coaching",),
    region: str = "london",
    summary: str = "A short summary of the practice.",
    organisations: Sequence[str] = ("Example Borough Council",),
    status: str = "published",
    first_published: str = "2026-11-24",
    extra: Sequence[str] = (),
    body: str = "Placeholder text for a test collection.",
) -> Path:
    """A case study (published unless told); titles and summaries are YAML-quoted so any text survives.

    `extra` holds more frontmatter lines, written as they are (provider_roles, agreement...).
    """
    path = folder / f"{case_id}.md"
    path.write_text(
        "\n".join(
            [
                "---",
                f"id: {case_id}",
                f"title: {_quoted(title)}",
                f"summary: {_quoted(summary)}",
                f"status: {status}",
                f"themes: {_flow(themes)}",
                f"phases: {_flow(phases)}",
                f"support: {_flow(support)}",
                f"region: {region}",
                "organisations: [" + ", ".join(_quoted(o) for o in organisations) + "]",
                "period: {from: 2014, to: not reported}",
                "evidence: reported",
                "sources: [nctl-teaching-schools-and-las-2015]",
                f"first_published: {first_published}",
                "reviewed: 2026-11-24",
                "review_due: 2027-11-24",
                *extra,
                "---",
                "",
                "## Context",
                "",
                body,
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def build_site(collection: Path, dest: Path, extra_env: dict[str, str] | None = None) -> Path:
    """`mkdocs build --strict` of the real mkdocs.yml over `collection` into `dest`."""
    env = {**os.environ, "PRACTICE_COLLECTION": str(collection), "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(ROOT / "mkdocs.yml"),
        "-d",
        str(dest),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return dest
