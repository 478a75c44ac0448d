"""`practice check --changed`: a few files checked as the whole collection's check would judge them.

The oracle is the full check: for any set of passed files, the sized check
must report exactly the full check's findings on those files, plus the
collection findings (duplicate ids and titles, replacements) of a group a
passed file belongs to. The fixture collection is built with faults across
files, and with files whose frontmatter the cheap scan must leave to the loader.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from practice_exchange.checker import check_changed, check_paths
from practice_exchange.cli import cli
from practice_exchange.collection_scan import (
    _identity_from_bytes,
    _Odd,
    case_file_names,
    file_stem,
    identity_of,
    scan_identity,
    scan_related,
)
from practice_exchange.document import Document
from practice_exchange.findings import Finding
from practice_exchange.loader import iter_case_files, parse_document, read_document
from practice_exchange.rules.collection import Identity, title_key
from practice_exchange.taxonomy import load_taxonomy

from .conftest import COLLECTION, FIXTURES, TODAY

BASE = (FIXTURES / "valid-case.md").read_text(encoding="utf-8")
BODY = BASE.split("\n---\n", 1)[1]
FRONT = BASE.split("\n---\n", 1)[0].removeprefix("---\n")


def case(case_id: str, title: str, *extra: str, body: str = "", front: str | None = None) -> str:
    """The valid fixture with another id and title, extra frontmatter lines and body text."""
    lines = [line for line in (front if front is not None else FRONT).split("\n")]
    lines = [f"id: {case_id}" if line.startswith("id:") else line for line in lines]
    lines = [f"title: {title}" if line.startswith("title:") else line for line in lines]
    lines = [line for line in lines if not (extra and line.startswith("status:") and any("status" in e for e in extra))]
    return "---\n" + "\n".join([*lines, *extra]) + "\n---\n" + BODY + body


ARCHIVED = ("status: archived", "archive_note: Its material moved.")

FILES: dict[str, str | bytes] = {
    "alpha.md": case("alpha", "Alpha partnership"),
    "beta.md": case("beta", "Beta partnership", body="\nSee [alpha](alpha.md) and [gone](gone-case.md).\n"),
    # beta-copy has beta's id: PX301 on whichever comes later, PX105 on itself.
    "beta-copy.md": case("beta", "Beta copy partnership"),
    # Three files of one title (case and spacing aside): PX302 twice.
    "title-one.md": case("title-one", "Shared  Title here"),
    "title-two.md": case("title-two", "shared title HERE"),
    "title-three.md": case("title-three", "Shared title here"),
    # Replacements: archived-a -> archived-b (archived itself: PX305), archived-c -> nowhere (PX304).
    "archived-a.md": case("archived-a", "Archived A", *ARCHIVED, "replaced_by: archived-b"),
    "archived-b.md": case("archived-b", "Archived B", *ARCHIVED, "replaced_by: alpha"),
    "archived-c.md": case("archived-c", "Archived C", *ARCHIVED, "replaced_by: no-such-case"),
    "links-alpha.md": case("links-alpha", "Links to alpha", body="\n[Alpha](alpha.md), [beta](beta.md#context).\n"),
    # Frontmatter the cheap scan must leave to the loader, each also in a duplicate group.
    "odd-quoted.md": case("odd-quoted", '"Alpha partnership"'),
    "odd-comment.md": case("alpha", "Comment case  # not part of the title"),
    "odd-flow.md": "---\n{id: odd-flow, title: Beta partnership, status: published}\n---\n" + BODY,
    "odd-bom.md": b"\xef\xbb\xbf" + case("beta", "Bom case").encode("utf-8"),
    "odd-crlf.md": case("odd-crlf", "Shared title here").replace("\n", "\r\n"),
    "odd-block.md": case("odd-block", ">-\n  Alpha\n  partnership"),
    "odd-syntax.md": case("odd-syntax", "broken: [unclosed"),
    "sub/nested.md": case("nested", "Nested case", body="\n[Links](links-alpha.md)\n"),
    "not-yaml.md": "no frontmatter here\n",
}
NAMES = sorted(FILES)


def write_collection(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("taxonomy.yml", "sources.yml"):
        shutil.copy(COLLECTION / name, folder / name)
    for name, text in FILES.items():
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
    (folder / "LICENSE").write_text("not a case study\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Finding]]:
    folder = write_collection(tmp_path_factory.mktemp("changed") / "practice")
    full = check_paths([folder], load_taxonomy(folder), TODAY).findings
    return folder, full


def expected(folder: Path, full: list[Finding], passed: set[str]) -> list[Finding]:
    """The oracle: the full check's findings on passed files, and those of a group a passed file is in."""
    loaded: dict[str, Identity] = {}
    for path, display in iter_case_files([folder]):
        doc = read_document(path, display)
        if doc.meta is not None:
            loaded[display] = identity_of(doc)
    mine = [loaded[name] for name in passed if name in loaded]
    ids = {item.id for item in mine}
    titles = {title_key(item.title) for item in mine if item.title}

    def concerns(finding: Finding) -> bool:
        if finding.path in passed:
            return True
        item = loaded.get(finding.path)
        if item is None:
            return False
        return (
            (finding.code == "PX301" and item.id in ids)
            or (finding.code == "PX302" and item.title is not None and title_key(item.title) in titles)
            or (finding.code == "PX305" and item.replaced_by in ids)
        )

    return [finding for finding in full if finding.code != "PX303" and concerns(finding)]


def sized(folder: Path, names: list[str]) -> list[Finding]:
    return check_changed([folder / name for name in names], folder, load_taxonomy(folder), TODAY).findings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(NAMES), min_size=1, max_size=6))
def test_sized_check_reports_what_the_full_check_reports_about_the_passed_files(
    built: tuple[Path, list[Finding]], chosen: set[str]
) -> None:
    folder, full = built
    passed = {str(folder / name) for name in chosen}
    assert sized(folder, sorted(chosen)) == expected(folder, full, passed)


def test_fixture_collection_has_the_cross_file_faults_it_is_for(built: tuple[Path, list[Finding]]) -> None:
    _, full = built
    codes = [finding.code for finding in full]
    assert codes.count("PX301") >= 3  # beta twice over, alpha once
    assert codes.count("PX302") >= 3
    assert {"PX204", "PX304", "PX305"} <= set(codes)


def test_every_file_passed_is_the_full_check(built: tuple[Path, list[Finding]]) -> None:
    folder, full = built
    # PX303 is about sources.yml, which is not among them.
    assert sized(folder, NAMES) == [finding for finding in full if finding.code != "PX303"]


@pytest.mark.parametrize("vocabulary", ["taxonomy.yml", "sources.yml"])
def test_a_changed_vocabulary_checks_the_whole_collection(built: tuple[Path, list[Finding]], vocabulary: str) -> None:
    folder, full = built
    assert sized(folder, ["alpha.md", vocabulary]) == full


def test_duplicate_id_with_a_file_not_passed_is_found_on_both_sides(built: tuple[Path, list[Finding]]) -> None:
    folder, _ = built
    later = [f for f in sized(folder, ["beta.md"]) if f.code == "PX301"]
    # beta-copy.md (not passed) comes first: the findings are on the passed beta.md and on
    # odd-bom.md (not passed, read by the loader), both naming beta-copy.md ...
    first = f"id 'beta' is already used by {folder / 'beta-copy.md'}"
    assert [(Path(f.path).name, f.message) for f in later] == [("beta.md", first), ("odd-bom.md", first)]
    # ... and passing beta-copy.md alone still reports the duplicates, on the files not passed.
    earlier = [f for f in sized(folder, ["beta-copy.md"]) if f.code == "PX301"]
    assert [Path(f.path).name for f in earlier] == ["beta.md", "odd-bom.md"]


def test_links_resolve_against_files_not_passed(built: tuple[Path, list[Finding]]) -> None:
    folder, _ = built
    broken = [f for f in sized(folder, ["beta.md"]) if f.code == "PX204"]
    assert [f.message.split(":")[0] for f in broken] == ["link to 'gone-case.md'"]
    assert not [f for f in sized(folder, ["links-alpha.md", "sub/nested.md"]) if f.code == "PX204"]


def test_replacement_archived_is_found_from_either_end(built: tuple[Path, list[Finding]]) -> None:
    folder, _ = built
    from_target = sized(folder, ["archived-b.md"])
    assert any(f.code == "PX305" and f.path == str(folder / "archived-a.md") for f in from_target)
    assert any(f.code == "PX304" for f in sized(folder, ["archived-c.md"]))


def test_paths_outside_the_collection_or_missing_are_findings(
    built: tuple[Path, list[Finding]], tmp_path: Path
) -> None:
    folder, _ = built
    outside = tmp_path / "elsewhere.md"
    outside.write_text(FILES["alpha.md"] if isinstance(FILES["alpha.md"], str) else "", encoding="utf-8")
    findings = check_changed([outside, folder / "missing-case.md"], folder, load_taxonomy(folder), TODAY).findings
    assert [(f.path, f.code) for f in findings] == [
        (str(folder / "missing-case.md"), "PX001"),
        (str(outside), "PX001"),
    ]
    assert "it is missing" in findings[0].message
    assert f"not in the collection folder {folder}" in findings[1].message


def test_files_the_full_check_does_not_read_are_skipped(built: tuple[Path, list[Finding]]) -> None:
    folder, _ = built
    result = check_changed([folder / "LICENSE"], folder, load_taxonomy(folder), TODAY)
    assert (result.findings, result.files) == ([], 0)


ODD = ["odd-quoted.md", "odd-comment.md", "odd-flow.md", "odd-bom.md", "odd-crlf.md", "odd-block.md", "odd-syntax.md"]


@pytest.mark.parametrize("name", ODD)
def test_the_scan_leaves_odd_frontmatter_to_the_loader_and_agrees_with_it(
    built: tuple[Path, list[Finding]], name: str
) -> None:
    folder, _ = built
    path = folder / name
    with pytest.raises(_Odd):
        _identity_from_bytes(path.read_bytes(), str(path))
    doc = read_document(path, str(path))
    assert scan_identity(path, str(path)) == (identity_of(doc) if doc.meta is not None else None)


def test_the_scan_reads_plain_frontmatter_itself(built: tuple[Path, list[Finding]]) -> None:
    folder, _ = built
    path = folder / "archived-a.md"
    fast = _identity_from_bytes(path.read_bytes(), str(path))
    assert fast == identity_of(read_document(path, str(path)))
    assert (fast.id, fast.status, fast.replaced_by) == ("archived-a", "archived", "archived-b")


def test_the_scan_agrees_with_the_loader_on_the_real_collection() -> None:
    for path, display in iter_case_files([COLLECTION]):
        doc = read_document(path, display)
        assert scan_identity(path, display) == (identity_of(doc) if doc.meta is not None else None), display


def test_related_files_are_a_superset_of_every_group(built: tuple[Path, list[Finding]]) -> None:
    folder, _ = built
    names = case_file_names(folder)
    everyone = {name: scan_identity(Path(name), name) for name in names}
    for name in names:
        mine = everyone[name]
        if mine is None:
            continue
        related = {item.path for item in scan_related([n for n in names if n != name], [mine])}
        for other, item in everyone.items():
            if item is None or other == name:
                continue
            same = (item.id is not None and item.id in (mine.id, mine.replaced_by)) or (
                item.replaced_by is not None and item.replaced_by == mine.id
            )
            if mine.title is not None and item.title is not None:
                same = same or title_key(item.title) == title_key(mine.title)
            if same:
                assert other in related, (name, other)


def test_walk_and_stems_match_the_loaders(built: tuple[Path, list[Finding]]) -> None:
    folder, _ = built
    walked = list(iter_case_files([folder]))
    assert case_file_names(folder) == [display for _, display in walked]
    for name in ("a.md", "a.b.md", "x.", ".md", "plain", "dir/a.md"):
        assert file_stem(name) == Path(name).stem


# Frontmatter lines the scan must either read exactly or leave to the loader.
LINES = [
    "id: gen-case",
    "id: other-case",
    "id:",
    "id: null",
    "id: 'gen-case'",
    'id: "gen\\x2dcase"',
    "id: gen-case # comment",
    "id: gen-case  ",
    "title: A title",
    "title: A  Title",
    "title: Yes",
    "title: 2026-01-01",
    "title: a: b",
    "title: >-",
    "title: [a, b]",
    "title: It's here",
    "title: C# notes",
    "title:   Spaced out",
    "status: published",
    "status: archived",
    "replaced_by: gen-case",
    "replaced_by: other-case",
    "summary: >-",
    "summary: |",
    "  text with 'quotes' and \"double\" [brackets",
    "  id: inside a block",
    "themes: [send, sen]",
    "themes: [send",
    "themes: {a: b}",
    "organisations:",
    "  - ETSA",
    "  - 'quoted",
    "  - - - - - - deep",
    "  key: value",
    "    deeper: value",
    "      deepest: value",
    "# a comment",
    "",
    "   ",
    "- item",
    "? complex",
    "--- x",
    "...",
    "tag: !!str value",
    "anchor: &a value",
    "alias: *a",
    "period:",
    "  from: 2014",
    "title: \u2028line",
    "title: caf\u00e9",
    "title: x\ty",
    "  continued: line",
    "weird key: v",
    "id:gen",
    # Halves of a quote or flow list that, if opened above, swallow the field lines between.
    "note: 'open",
    'note: "open',
    "  - 'open",
    "summary: close'",
    'summary: close"',
    "notes: [open",
    "tail: close]",
]
# Lines the scan reads itself, so that most generated frontmatter reaches its fast path.
PLAIN = [
    "id: gen-case",
    "id: other-case",
    "title: A title",
    "title: a TITLE",
    "status: published",
    "status: archived",
    "replaced_by: other-case",
    "themes: [send, sen]",
    "organisations:",
    "  - ETSA",
    "period:",
    "  from: 2014",
    "summary: >-",
    "  Some text.",
    "# a comment",
]


@settings(max_examples=1500, deadline=None)
@example(["note: 'open", "id: other-case", "summary: close'"], False, False)
@example(["id: gen-case", "# a comment", "  - ETSA"], False, False)
@example(["organisations:", "  - 'open", "id: other-case", "summary: close'"], False, False)
@example(['note: "open', "title: A title", 'summary: close"'], True, False)
@given(
    st.lists(
        st.one_of(st.sampled_from(PLAIN), st.sampled_from(PLAIN), st.sampled_from(LINES)), min_size=1, max_size=10
    ),
    st.booleans(),
    st.booleans(),
)
def test_the_scan_equals_the_loader_on_generated_frontmatter(lines: list[str], crlf: bool, bom: bool) -> None:
    text = "---\n" + "\n".join(lines) + "\n---\nbody\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    doc = read_document_from(data)
    want = identity_of(doc) if doc.meta is not None else None
    try:
        got: Identity | None = _identity_from_bytes(data, "gen-case.md")
    except _Odd:
        got = want  # left to the loader, which is the answer by definition
    assert got == want


def read_document_from(data: bytes) -> Document:
    return parse_document(data, "gen-case.md")


def test_cli_changed_flag_reports_a_duplicate_with_an_unpassed_file(built: tuple[Path, list[Finding]]) -> None:
    folder, _ = built
    result = CliRunner().invoke(
        cli,
        ["check", "--changed", "--collection", str(folder), "--today", "2026-11-24", str(folder / "beta.md")],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert f"{folder / 'beta.md'}" in result.output
    assert "PX301 id 'beta' is already used by" in result.output
    clean = CliRunner().invoke(
        cli, ["check", "--changed", "--collection", str(folder), str(folder / "LICENSE")], catch_exceptions=False
    )
    assert clean.exit_code == 0, clean.output
