"""`practice check --fix`: mechanical repairs only, byte-identical otherwise, idempotent, never losing the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_exchange.checker import check_paths
from practice_exchange.cli import cli
from practice_exchange.fixer import fix_bytes, write_atomically
from practice_exchange.loader import iter_case_files, parse_document
from practice_exchange.taxonomy import Taxonomy

from .conftest import COLLECTION, FIXTURES, ROOT, TODAY

VALID = (FIXTURES / "valid-case.md").read_bytes()
MECHANICAL = {"PX014", "PX015"}


@pytest.fixture(autouse=True)
def _run_from_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def codes(data: bytes, taxonomy: Taxonomy, tmp_path: Path) -> list[str]:
    path = tmp_path / "valid-case.md"
    path.write_bytes(data)
    return [f.code for f in check_paths([path], taxonomy, TODAY).findings]


def test_fix_repairs_every_mechanical_problem_and_says_what_it_did(tmp_path: Path) -> None:
    broken = b"\xef\xbb\xbf" + VALID.replace(b"themes: [send]", b"themes: [SEND]").replace(
        b"region: london", b"region: London   "
    ).replace(b"review_due: 2027-01-10\n", b"").replace(b"\n", b"\r\n")
    path = tmp_path / "valid-case.md"
    path.write_bytes(broken)
    result = CliRunner().invoke(cli, ["check", "--today", "2026-11-24", "--fix", str(path)], catch_exceptions=False)
    assert result.output.splitlines() == [
        f"{path}: fixed: removed the byte order mark",
        f"{path}: fixed: changed Windows (CRLF) line endings to LF",
        f"{path}: fixed: removed spaces at the ends of lines",
        f"{path}: fixed: wrote the id 'send' for 'SEND' on line 6",
        f"{path}: fixed: wrote the id 'london' for 'London' on line 9",
        f"{path}: fixed: added review_due: 2027-01-10, a year after reviewed",
        "no problems in 1 file",
    ]
    assert result.exit_code == 0
    assert path.read_bytes() == VALID
    again = CliRunner().invoke(cli, ["check", "--today", "2026-11-24", "--fix", str(path)], catch_exceptions=False)
    assert again.output.splitlines() == ["no problems in 1 file"]


def test_fix_keeps_quoting_comments_and_hard_line_breaks(taxonomy: Taxonomy) -> None:
    text = VALID.replace(b"region: london", b'region: "London"  # where it happened').replace(
        b"Some context.", b"Some context.  \nA second line after a hard break."
    )
    fixed = fix_bytes(text, taxonomy)
    assert fixed.data == text.replace(b'"London"', b"london")


def test_fix_leaves_literal_blocks_and_unknown_values_alone(taxonomy: Taxonomy) -> None:
    text = VALID.replace(b"summary: A fixture that breaks exactly one rule.", b"summary: |\n  kept as written   \n")
    text = text.replace(b"themes: [send]", b"themes: [sendd]")
    assert fix_bytes(text, taxonomy).data == text


def test_fix_never_touches_fenced_code(taxonomy: Taxonomy) -> None:
    text = VALID.replace(b"Some context.", b"```\ncode with spaces   \n```")
    assert fix_bytes(text, taxonomy).data == text


def test_fix_writes_through_a_temporary_file_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    write_atomically(path, b"new", 0o640)
    assert path.read_bytes() == b"new"
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_a_failed_write_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")

    def refuse(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomically(path, b"new", 0o644)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


@pytest.mark.parametrize("path", [p for p, _ in iter_case_files([COLLECTION])], ids=lambda p: p.name)
def test_fix_leaves_every_case_in_the_collection_unchanged(path: Path, taxonomy: Taxonomy) -> None:
    data = path.read_bytes()
    assert fix_bytes(data, taxonomy) == fix_bytes(data, taxonomy)
    assert fix_bytes(data, taxonomy).data == data


# --- properties -------------------------------------------------------------------------

LINES = VALID.split(b"\n")
FRONTMATTER_LINES = range(1, LINES.index(b"---", 1))


@st.composite
def perturbed(draw: st.DrawFn) -> bytes:
    """The valid fixture with some mechanical damage that --fix must undo exactly."""
    lines = list(LINES)
    for index in draw(st.sets(st.sampled_from(FRONTMATTER_LINES), max_size=4)):
        lines[index] += draw(st.sampled_from([b" ", b"  ", b"\t", b" \t "]))
    body = [i for i in range(FRONTMATTER_LINES.stop + 1, len(lines)) if lines[i]]
    for index in draw(st.sets(st.sampled_from(body), max_size=4)):
        lines[index] += draw(st.sampled_from([b" ", b"\t"]))
    data = b"\n".join(lines)
    if draw(st.booleans()):
        data = data.replace(b"themes: [send]", draw(st.sampled_from([b"themes: [SEND]", b"themes: [Send]"])))
    if draw(st.booleans()):
        data = data.replace(b"region: london", b"region: LONDON")
    if draw(st.booleans()):
        data = data.replace(b"review_due: 2027-01-10\n", b"")
    if draw(st.booleans()):
        data = data.replace(b"\n", b"\r\n")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


@settings(max_examples=150, deadline=None)
@given(perturbed())
def test_fix_undoes_mechanical_damage_exactly(taxonomy: Taxonomy, data: bytes) -> None:
    assert fix_bytes(data, taxonomy).data == VALID


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | perturbed().map(lambda d: d.replace(b"[send]", b"[sen]")))
def test_fix_is_idempotent_and_never_adds_a_finding(taxonomy: Taxonomy, data: bytes) -> None:
    once = fix_bytes(data, taxonomy).data
    assert fix_bytes(once, taxonomy).data == once
    before, after = parse_document(data, "x.md"), parse_document(once, "x.md")
    if before.meta is not None:
        assert after.meta is not None
    after_codes = {f.code for f in after.findings}
    assert after_codes <= {f.code for f in before.findings}
    if once != data:
        assert not after_codes & MECHANICAL


def test_fix_writes_not_reported_for_a_list_field_but_leaves_a_bare_label(taxonomy: Taxonomy) -> None:
    text = VALID.replace(b"phases: [primary]", b"phases: Not Reported")
    assert fix_bytes(text, taxonomy).data == VALID.replace(b"phases: [primary]", b"phases: not reported")
    bare = VALID.replace(b"themes: [send]", b"themes: SEND")
    assert fix_bytes(bare, taxonomy).data == bare
