"""`practice new`: safe ids, a draft that passes the checker, publishing after filling it in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_exchange.checker import check_paths
from practice_exchange.cli import cli
from practice_exchange.loader import parse_document
from practice_exchange.model import ID_MAX_CHARS, ID_PATTERN, PLACEHOLDER_MARK, REQUIRED_SECTIONS
from practice_exchange.scaffold import (
    NewCase,
    ScaffoldError,
    case_path,
    one_year_on,
    render_case_study,
    slugify,
    validate_id,
)
from practice_exchange.taxonomy import Taxonomy

from .conftest import COLLECTION, TODAY
from .site_helpers import new_collection

SOURCE = "nctl-teaching-schools-and-las-2015"
FLAGS = [
    "--theme",
    "send",
    "--theme",
    "attendance",
    "--phase",
    "primary",
    "--support",
    "practice-network",
    "--region",
    "london",
    "--source",
    SOURCE,
    "--today",
    "2026-11-24",
    "--yes",
]


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    folder = new_collection(tmp_path / "practice")
    return folder


def invoke(collection: Path, *args: str, input: str | None = None) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        cli, ["new", "--collection", str(collection), *args], input=input, prog_name="practice", catch_exceptions=False
    )
    return result.exit_code, result.output.splitlines()


def check(collection: Path, strict: bool = True) -> list[str]:
    from practice_exchange.taxonomy import load_taxonomy

    result = check_paths([collection], load_taxonomy(collection), today=TODAY)
    return [f.as_text() for f in result.findings if strict or f.severity.value == "error"]


# --- ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("SENCOs share: what works?", "sencos-share-what-works"),
        ("Heads of department pair up & share", "heads-of-department-pair-up-and-share"),
        ("Teachers' network in Hammersmith", "teachers-network-in-hammersmith"),
        ("Teachers’ network", "teachers-network"),
        ("Écoles -- partenaires", "ecoles-partenaires"),
        ("  Key Stage 1 writing  ", "key-stage-1-writing"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_cuts_long_titles_at_a_word() -> None:
    slug = slugify("partnership " * 20)
    assert len(slug) <= ID_MAX_CHARS
    assert slug.endswith("partnership")


def test_slugify_refuses_a_title_with_no_letters() -> None:
    with pytest.raises(ScaffoldError, match="give one with --id"):
        slugify("!!! ???")


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_slugify_always_gives_a_valid_id_or_refuses(title: str) -> None:
    import re

    try:
        slug = slugify(title)
    except ScaffoldError:
        return
    assert re.fullmatch(ID_PATTERN, slug)
    assert len(slug) <= ID_MAX_CHARS


@pytest.mark.parametrize(
    "bad",
    ["../evil", "/etc/passwd", "a/b", "a\\b", ".hidden", "UPPER", "two--hyphens", "-lead", "trail-", "sp ace", "é", ""],
)
def test_validate_id_refuses_paths_and_odd_characters(bad: str, tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError):
        validate_id(bad)
    with pytest.raises(ScaffoldError):
        case_path(tmp_path, bad)


def test_case_path_stays_in_the_collection(tmp_path: Path) -> None:
    assert case_path(tmp_path, "a-case") == tmp_path / "a-case.md"


def test_one_year_on_handles_29_february() -> None:
    assert one_year_on(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert one_year_on(dt.date(2026, 11, 24)) == dt.date(2027, 11, 24)


# --- the template ----------------------------------------------------------------------


def _case(**changes: object) -> NewCase:
    values: dict[str, object] = {
        "title": "A partnership board",
        "themes": ("send",),
        "phases": ("primary",),
        "support": ("practice-network",),
        "region": "london",
        "sources": (SOURCE,),
        "reviewed": TODAY,
    }
    values.update(changes)
    return NewCase(**values)  # type: ignore[arg-type]


def test_template_has_every_required_section_in_order(taxonomy: Taxonomy) -> None:
    text = render_case_study(_case(), taxonomy)
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == list(REQUIRED_SECTIONS)


@given(st.text(min_size=1, max_size=120).filter(lambda t: t.strip()))
@settings(max_examples=150, deadline=None)
def test_any_title_round_trips_through_the_yaml(title: str) -> None:
    from practice_exchange.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(COLLECTION)
    case = _case(title=title, case_id="any-title")
    try:
        text = render_case_study(case, taxonomy)
    except ScaffoldError:
        return  # control characters and line breaks are refused, with a message
    doc = parse_document(text.encode("utf-8"), "any-title.md")
    assert doc.meta is not None, doc.findings
    assert doc.meta["title"] == title.strip()


def test_refuses_unknown_vocabulary_values_with_every_problem_listed(taxonomy: Taxonomy) -> None:
    bad = _case(themes=("sen",), region="londn", sources=("nope",), case_id="../x")
    with pytest.raises(ScaffoldError) as caught:
        render_case_study(bad, taxonomy)
    assert str(caught.value).splitlines() == [
        "cannot create the case study:",
        "  - id '../x' looks like a path; an id is a plain file name such as 'send-network'",
        "  - 'sen' is not one of the themes; did you mean 'send'?",
        "  - 'londn' is not one of the regions; did you mean 'london'?",
        f"  - source 'nope' is not in {COLLECTION / 'sources.yml'}; add the source there first",
    ]


# --- the command -----------------------------------------------------------------------


def test_new_with_flags_writes_a_draft_that_passes_check_strict(collection: Path) -> None:
    code, lines = invoke(collection, "--title", "SENCOs share: what works?", *FLAGS)
    path = collection / "sencos-share-what-works.md"
    assert (code, lines) == (
        0,
        [
            f"Created {path} (status: draft).",
            f"Next: replace every TODO with what the source says, then run `practice check {path}`.",
            "When it is ready, set status: published and open a pull request.",
        ],
    )
    text = path.read_text(encoding="utf-8")
    assert "status: draft" in text
    assert "themes: [send, attendance]" in text
    assert "reviewed: 2026-11-24" in text
    assert "review_due: 2027-11-24" in text
    assert check(collection) == []


def test_published_with_placeholders_fails_and_passes_once_filled_in(collection: Path) -> None:
    invoke(collection, "--title", "A network of SENCOs", *FLAGS)
    path = collection / "a-network-of-sencos.md"
    # Publishing is two edits: the status, and the first-published date (PX116).
    published = path.read_text(encoding="utf-8").replace(
        "status: draft", "status: published\nfirst_published: 2026-11-24"
    )
    path.write_text(published, encoding="utf-8")
    errors = check(collection)
    assert errors and all("PX205" in line for line in errors)
    filled = "\n".join(_fill(line) if PLACEHOLDER_MARK in line else line for line in published.split("\n"))
    path.write_text(filled, encoding="utf-8")
    assert check(collection) == []


def _fill(line: str) -> str:
    """Replace a TODO placeholder with plain text, keeping the line's YAML or Markdown shape."""
    before = line[: line.index(PLACEHOLDER_MARK)].rstrip("'\"")
    if before.strip().startswith("-"):
        return f"{before}Example Borough Council"  # a list item
    if before.strip():
        return f"{before}not reported"  # a field
    return "Not reported in the source."  # a body line


def test_never_overwrites_an_existing_file(collection: Path) -> None:
    invoke(collection, "--title", "Same title", *FLAGS)
    path = collection / "same-title.md"
    path.write_text("my work\n", encoding="utf-8")
    code, lines = invoke(collection, "--title", "Same title", *FLAGS)
    assert (code, lines) == (2, [f"Error: {path} already exists; choose a different title or pass --id"])
    assert path.read_text(encoding="utf-8") == "my work\n"


def test_id_option_overrides_the_title(collection: Path) -> None:
    code, _ = invoke(collection, "--title", "Anything", "--id", "my-own-id", *FLAGS)
    assert code == 0
    assert (collection / "my-own-id.md").exists()


@pytest.mark.parametrize("bad_id", ["../escape", "/tmp/abs", "sub/dir", "Bad_Id"])
def test_refuses_ids_that_escape_or_have_odd_characters(collection: Path, bad_id: str) -> None:
    code, lines = invoke(collection, "--title", "Anything", "--id", bad_id, *FLAGS)
    assert code == 2
    assert lines[0].startswith(f"Error: id {bad_id!r}")
    assert sorted(p.name for p in collection.parent.rglob("*.md")) == []


def test_unknown_theme_is_a_usage_error_with_a_suggestion(collection: Path) -> None:
    flags = ["--title", "T", *FLAGS]
    flags[flags.index("send")] = "sen"
    assert invoke(collection, *flags) == (2, ["Error: 'sen' is not one of the themes; did you mean 'send'?"])


def test_yes_without_required_values_names_what_is_missing(collection: Path) -> None:
    assert invoke(collection, "--yes", "--title", "T") == (
        2,
        [
            "Usage: practice new [OPTIONS]",
            "Try 'practice new --help' for help.",
            "",
            "Error: with --yes, give --theme, --phase, --support, --region, --source",
        ],
    )


def test_missing_taxonomy_is_a_usage_error(tmp_path: Path) -> None:
    code, lines = invoke(tmp_path, "--title", "T", *FLAGS)
    assert code == 2
    assert "taxonomy.yml" in "\n".join(lines)


def test_interactive_prompts_offer_the_vocabulary(collection: Path) -> None:
    answers = "\n".join(
        [
            "Attendance officers swap notes",  # title
            "2",  # themes: attendance
            "5,secondary",  # phases: secondary given twice is kept once
            "nope",  # support: refused, asked again
            "9",  # support: practice-network
            "not reported",  # region
            SOURCE,  # sources
            "",  # summary: later
        ]
    )
    code, lines = invoke(collection, "--today", "2026-11-24", input=answers + "\n")
    assert code == 0, lines
    assert "   1. send (SEND)" in lines
    assert "  10. not reported" in lines
    assert "Error: 'nope' is not in the list; type numbers, ids or labels" in lines
    path = collection / "attendance-officers-swap-notes.md"
    assert lines[-3] == f"Created {path} (status: draft)."
    text = path.read_text(encoding="utf-8")
    assert "themes: [attendance]" in text
    assert "phases: [secondary]" in text
    assert "support: [practice-network]" in text
    assert "region: not reported" in text
    assert check(collection) == []
