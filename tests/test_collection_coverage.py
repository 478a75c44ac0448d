"""The starter collection keeps its coverage and stays clean.

These are floors, not targets: the collection may grow, but it must never
silently drop below what issue 4 promised teachers (enough case studies on
SEND, attendance and departmental leadership, across several phases and
kinds of support), and every case study must keep citing its sources.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from practice_exchange.checker import check_paths, collection_ids
from practice_exchange.model import NOT_REPORTED
from practice_exchange.taxonomy import load_taxonomy

COLLECTION = Path(__file__).resolve().parent.parent / "practice"
TODAY = dt.date(2026, 12, 1)  # the day the second edition was reviewed: review dates are checked as of then

MIN_PUBLISHED = 15
MIN_PER_THEME = {"send": 3, "attendance": 3, "departmental-leadership": 3}
MIN_DISTINCT_PHASES = 4
MIN_DISTINCT_SUPPORT = 5


def _split(path: Path) -> tuple[dict[str, Any], str]:
    """Frontmatter and body of a case study, read independently of the library's loader."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
    assert match, f"{path.name}: no frontmatter"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path.name}: frontmatter is not a mapping"
    return meta, match.group(2)


CASE_FILES = sorted(COLLECTION.glob("*.md"))
CASES = {path.stem: _split(path) for path in CASE_FILES}
PUBLISHED = {case_id: meta for case_id, (meta, _) in CASES.items() if meta.get("status") == "published"}


def _values(field: str) -> list[str]:
    """Every vocabulary id used in a list field across published case studies."""
    return [value for meta in PUBLISHED.values() if isinstance(meta.get(field), list) for value in meta[field]]


def test_enough_published_case_studies() -> None:
    assert len(PUBLISHED) >= MIN_PUBLISHED, f"only {len(PUBLISHED)} published case studies"


@pytest.mark.parametrize(("theme", "minimum"), sorted(MIN_PER_THEME.items()))
def test_must_have_themes_are_covered(theme: str, minimum: int) -> None:
    count = Counter(_values("themes"))[theme]
    assert count >= minimum, f"theme {theme!r} has {count} case studies, needs {minimum}"


def test_enough_distinct_phases() -> None:
    phases = set(_values("phases"))
    assert len(phases) >= MIN_DISTINCT_PHASES, f"phases covered: {sorted(phases)}"


def test_enough_distinct_kinds_of_support() -> None:
    support = set(_values("support"))
    assert len(support) >= MIN_DISTINCT_SUPPORT, f"support covered: {sorted(support)}"


def test_collection_passes_strict_check() -> None:
    result = check_paths(
        [COLLECTION],
        load_taxonomy(COLLECTION),
        today=TODAY,
        case_ids=collection_ids(COLLECTION),
    )
    assert result.findings == []
    assert result.files == len(CASE_FILES)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda path: path.stem)
def test_cites_sources_and_lists_each_in_sources_section(path: Path) -> None:
    meta, body = _split(path)
    cited = meta.get("sources")
    assert isinstance(cited, list) and cited, f"{path.name} cites no source"
    assert NOT_REPORTED not in cited
    sections = re.split(r"^## ", body, flags=re.MULTILINE)
    sources_section = next((s for s in sections if s.startswith("Sources\n")), None)
    assert sources_section is not None, f"{path.name} has no Sources section"
    registry = load_taxonomy(COLLECTION).sources
    for source_id in cited:
        source = registry.get(source_id)
        assert source is not None, f"{path.name} cites {source_id}, which is not in sources.yml"
        assert source.notes, f"{source_id} has no notes: a case may state only what its source's notes state"
        # Readers see the citation by its title; the internal id stays out of the prose.
        flat = " ".join(sources_section.split())
        assert source.title in flat, f"{path.name}: Sources section does not name “{source.title}”"
