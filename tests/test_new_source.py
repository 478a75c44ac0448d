"""A contributor registers a new source from `practice new` or `practice from-issue`: validated as sources.yml is,
appended as text so nothing already in the registry changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange.checker import check_paths
from practice_exchange.cli import cli
from practice_exchange.source_registry import NewSource, SourceError, prepare_source
from practice_exchange.taxonomy import load_taxonomy

from .conftest import FIXTURES, TODAY
from .site_helpers import new_collection

ISSUES = FIXTURES / "issues"
NEW_ID = "heads-of-department-share-planning-a-trusts-account-2019"
CASE = "heads-of-department-pair-up-across-two-secondary-schools"
SOURCE_FLAGS = [
    "--new-source-title",
    "Heads of department share planning: a trust's account",
    "--new-source-url",
    "https://example.org/trust/heads-of-department",
    "--new-source-publisher",
    "Example Academy Trust",
    "--new-source-published",
    "2019-05",
    "--new-source-kind",
    "organisation",
    "--new-source-note",
    "Heads of department in two schools met each half term.",
    "--new-source-note",
    "They shared planning and observed each other's lessons.",
]
ENTRY = f"""- id: {NEW_ID}
  title: 'Heads of department share planning: a trust''s account'
  publisher: Example Academy Trust
  published: 2019-05
  url: https://example.org/trust/heads-of-department
  read: 2026-11-24
  kind: organisation
  notes:
    - Heads of department in two schools met each half term.
    - They shared planning and observed each other's lessons.
"""
CASE_FLAGS = [
    "--title",
    "Heads of department pair up across two secondary schools",
    "--theme",
    "Departmental leadership",
    "--phase",
    "secondary",
    "--support",
    "department-partnering",
    "--region",
    "London",
    "--today",
    "2026-11-24",
    "--yes",
]


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    folder = new_collection(tmp_path / "practice")
    # A curator's comment and layout at the end of the registry must survive an append.
    with (folder / "sources.yml").open("a", encoding="utf-8") as handle:
        handle.write("# curators: keep this comment\n")
    return folder


def invoke(*args: str, input: str | None = None) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.output.splitlines()


def test_new_registers_a_source_by_appending_it(collection: Path) -> None:
    before = (collection / "sources.yml").read_text(encoding="utf-8")
    code, lines = invoke("new", "--collection", str(collection), *CASE_FLAGS, *SOURCE_FLAGS)
    assert code == 0, lines
    assert lines[0] == f"Registered the source '{NEW_ID}' at the end of {collection / 'sources.yml'}."
    assert lines[1] == f"Created {collection / CASE}.md (status: draft)."
    assert (collection / "sources.yml").read_text(encoding="utf-8") == before + ENTRY
    case = (collection / f"{CASE}.md").read_text(encoding="utf-8")
    assert f"sources: [{NEW_ID}]" in case
    assert "themes: [departmental-leadership]" in case and "region: london" in case
    taxonomy = load_taxonomy(collection)
    assert taxonomy.source_problems == ()
    assert check_paths([collection], taxonomy, TODAY).findings == []


def test_an_invalid_new_source_is_refused_and_nothing_is_written(collection: Path) -> None:
    before = (collection / "sources.yml").read_bytes()
    flags = [*SOURCE_FLAGS]
    flags[flags.index("2019-05")] = "last spring"
    flags[flags.index("organisation")] = "newsletter"
    code, lines = invoke("new", "--collection", str(collection), *CASE_FLAGS, *flags)
    assert code == 2
    assert lines == [
        f"Error: cannot register the new source: source '{NEW_ID.removesuffix('-2019')}': published 'last spring'"
        " must be YYYY-MM-DD, YYYY-MM, YYYY or 'undated'; kind 'newsletter' is not one of blog, comment,"
        " government, news, organisation, reader-comment, report"
    ]
    assert (collection / "sources.yml").read_bytes() == before
    assert not (collection / f"{CASE}.md").exists()


def test_a_registered_address_is_reused_not_registered_twice(collection: Path) -> None:
    taxonomy = load_taxonomy(collection)
    existing = next(source for source in taxonomy.sources.values() if source.url.startswith("http"))
    given = NewSource("Another title", existing.url, "Someone", "2020", "news", ("A fact.",))
    registration = prepare_source(given, taxonomy, dt.date(2026, 11, 24))
    assert registration.source.id == existing.id and not registration.is_new


def test_a_source_without_notes_is_refused(collection: Path) -> None:
    with pytest.raises(SourceError, match="notes must be a list"):
        prepare_source(NewSource("T", "not online", "P", "undated", "news", ()), load_taxonomy(collection), TODAY)


def test_new_asks_for_a_new_source_interactively(collection: Path) -> None:
    answers = "\n".join(
        [
            "new",
            "Heads of department share planning: a trust's account",
            "https://example.org/trust/heads-of-department",
            "Example Academy Trust",
            "2019-05",
            "organisation",
            "Heads of department in two schools met each half term. | They shared planning and observed each"
            " other's lessons.",
            "",
        ]
    )
    flags = [flag for flag in CASE_FLAGS if flag != "--yes"]
    code, lines = invoke("new", "--collection", str(collection), *flags, input=answers + "\n")
    assert code == 0, lines
    assert f"Registered the source '{NEW_ID}' at the end of {collection / 'sources.yml'}." in lines
    assert (collection / "sources.yml").read_text(encoding="utf-8").endswith(ENTRY)


def test_from_issue_registers_the_new_source_of_a_proposal(collection: Path) -> None:
    before = (collection / "sources.yml").read_text(encoding="utf-8")
    code, lines = invoke(
        "from-issue", str(ISSUES / "new-source.md"), "--collection", str(collection), "--today", "2026-11-24"
    )
    assert (code, lines) == (
        0,
        [
            f"Registered the source '{NEW_ID}' (added to the end of sources.yml).",
            f"Created {collection / CASE}.md (status: draft).",
        ],
    )
    assert (collection / "sources.yml").read_text(encoding="utf-8") == before + ENTRY
    assert check_paths([collection], load_taxonomy(collection), TODAY).findings == []


def test_from_issue_with_an_output_dir_leaves_the_entry_for_the_workflow(collection: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = (collection / "sources.yml").read_bytes()
    code, _ = invoke(
        "from-issue",
        str(ISSUES / "new-source.md"),
        "--collection",
        str(collection),
        "--today",
        "2026-11-24",
        "--output-dir",
        str(out),
    )
    assert code == 0
    assert (out / "sources-entry.yml").read_text(encoding="utf-8") == ENTRY
    assert (out / f"{CASE}.md").exists()
    assert (collection / "sources.yml").read_bytes() == before


def test_from_issue_refuses_an_invalid_new_source(collection: Path) -> None:
    before = (collection / "sources.yml").read_bytes()
    code, lines = invoke(
        "from-issue", str(ISSUES / "new-source-invalid.md"), "--collection", str(collection), "--today", "2026-11-24"
    )
    assert code == 1
    assert lines[0].startswith("No draft: the new source cannot be registered: source '")
    assert "published 'last spring' must be YYYY-MM-DD" in lines[0]
    assert (collection / "sources.yml").read_bytes() == before
    assert not (collection / f"{CASE}.md").exists()
