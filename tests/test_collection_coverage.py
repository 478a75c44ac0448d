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

MIN_PUBLISHED = 60
MIN_PER_THEME = {"send": 12, "attendance": 12, "departmental-leadership": 12}
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


# Issue 11's targets for the second edition: published case studies only,
# archived ones excluded. They are floors a curator must not drop below.
MIN_SOURCES = 25
MIN_PER_CELL = {
    ("send", "primary"): 3,
    ("send", "secondary"): 3,
    ("attendance", "primary"): 3,
    ("attendance", "secondary"): 3,
    ("departmental-leadership", "secondary"): 5,
}
ENGLISH_REGIONS = {
    "north-east",
    "north-west",
    "yorkshire-and-the-humber",
    "east-midlands",
    "west-midlands",
    "east-of-england",
    "london",
    "south-east",
    "south-west",
}
MIN_REGIONS = 7
MAX_LONDON_SHARE = 0.40
MIN_RECENT = 20
RECENT_YEAR = 2018
PRINT_ONLY_SOURCES = {
    # The first edition's accounts came as copies without an address (../shared/sources).
    "london-partnership-comment",
    "tes-take-your-partners-2003",
    "headteacher-update-london-leading-the-way",
    "where-do-we-stand-2014",
}
REGISTRY = load_taxonomy(COLLECTION).sources


@pytest.mark.parametrize(("cell", "minimum"), sorted(MIN_PER_CELL.items()))
def test_theme_phase_cells_are_covered(cell: tuple[str, str], minimum: int) -> None:
    theme, phase = cell
    count = sum(
        1
        for meta in PUBLISHED.values()
        if theme in (meta.get("themes") or []) and isinstance(meta.get("phases"), list) and phase in meta["phases"]
    )
    assert count >= minimum, f"{theme} × {phase} has {count} published case studies, needs {minimum}"


def test_enough_distinct_sources_and_each_found_online_has_its_address() -> None:
    cited = {source for meta in PUBLISHED.values() for source in meta.get("sources") or []}
    assert len(cited) >= MIN_SOURCES, f"published case studies cite {len(cited)} sources, need {MIN_SOURCES}"
    offline = {source.id for source in REGISTRY.values() if not source.url.startswith(("https://", "http://"))}
    assert offline <= PRINT_ONLY_SOURCES, f"sources without a web address: {sorted(offline - PRINT_ONLY_SOURCES)}"


def test_regions_are_spread_and_london_is_not_most() -> None:
    regions = Counter(str(meta.get("region")) for meta in PUBLISHED.values())
    covered = ENGLISH_REGIONS & set(regions)
    assert len(covered) >= MIN_REGIONS, f"regions covered: {sorted(covered)}"
    share = regions["london"] / len(PUBLISHED)
    assert share <= MAX_LONDON_SHARE, f"{regions['london']} of {len(PUBLISHED)} case studies are in London"


def _newest_year(meta: dict[str, Any]) -> int:
    years = [
        int(REGISTRY[s].published[:4])
        for s in meta.get("sources") or []
        if s in REGISTRY and REGISTRY[s].published[:4].isdigit()
    ]
    return max(years, default=0)


def test_enough_case_studies_rest_on_recent_sources() -> None:
    recent = [case_id for case_id, meta in PUBLISHED.items() if _newest_year(meta) >= RECENT_YEAR]
    assert len(recent) >= MIN_RECENT, f"only {len(recent)} case studies have a source from {RECENT_YEAR} or later"


def test_every_archived_case_names_a_published_replacement() -> None:
    archived = {case_id: meta for case_id, (meta, _) in CASES.items() if meta.get("status") == "archived"}
    for case_id, meta in archived.items():
        replacement = meta.get("replaced_by")
        assert replacement in PUBLISHED, f"{case_id} is replaced by {replacement!r}, which is not a published case"
        assert meta.get("archive_note"), f"{case_id} does not say why it was archived"
