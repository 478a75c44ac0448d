"""`practice from-issue`: rendered "Propose a case study" issues (tests/fixtures/issues/) become checked drafts."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange.checker import check_paths
from practice_exchange.cli import cli
from practice_exchange.from_issue import MAX_BODY_CHARS, ProposalError, draft_from_issue, read_answers
from practice_exchange.issue_form import issue_form
from practice_exchange.summary_table import escape_markdown
from practice_exchange.taxonomy import Taxonomy, load_taxonomy

from .conftest import COLLECTION, FIXTURES, TODAY
from .site_helpers import new_collection

ISSUES = FIXTURES / "issues"
DRAFT_ID = "heads-of-department-pair-up-across-two-secondary-schools"


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    folder = new_collection(tmp_path / "practice")
    shutil.copyfile(
        COLLECTION / "partner-councils-share-send-practice.md", folder / "partner-councils-share-send-practice.md"
    )
    return folder


def run(collection: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["from-issue", "--collection", str(collection), "--today", "2026-11-24", *args],
        input=input,
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def test_a_complete_proposal_becomes_a_draft_that_passes_the_checker(collection: Path, tmp_path: Path) -> None:
    comment = tmp_path / "comment.md"
    code, output = run(collection, str(ISSUES / "complete.md"), "--comment", str(comment), "--issue", "7")
    path = collection / f"{DRAFT_ID}.md"
    assert (code, output) == (0, f"Created {path} (status: draft).\n")
    findings = check_paths([path], load_taxonomy(collection), TODAY).findings
    assert findings == []
    text = path.read_text(encoding="utf-8")
    assert "themes: [departmental-leadership, professional-development]" in text
    assert "region: london\n" in text
    assert "organisations:\n- Example Borough Council\n- Example Academy Trust\n" in text
    assert "  from: 2003\n  to: not reported\n" in text
    assert "sources: [tes-take-your-partners-2003]" in text
    assert "evidence: self-reported\n" in text
    assert "## How the support was arranged\n\nNot reported in the source.\n" in text
    assert comment.read_text(encoding="utf-8") == (
        "<!-- practice-from-issue -->\n### Case study draft\n\n"
        f"Thank you. A draft case study was made from your answers: {escape_markdown(str(path))}"
        " in the pull request linked below.\n"
    )


def test_the_body_can_come_from_standard_input(collection: Path) -> None:
    code, _ = run(collection, "-", input=(ISSUES / "complete.md").read_text(encoding="utf-8"))
    assert code == 0
    assert (collection / f"{DRAFT_ID}.md").exists()


def test_an_incomplete_proposal_says_everything_missing_and_writes_nothing(collection: Path) -> None:
    code, output = run(collection, str(ISSUES / "incomplete.md"))
    assert code == 1
    assert output == (
        "No draft: cannot create the case study:\n"
        "  - choose at least one of the themes: send, attendance, departmental-leadership, school-leadership,"
        " behaviour-and-inclusion, alternative-provision, curriculum-and-teaching, data-and-self-evaluation,"
        " governance-and-partnership, professional-development\n"
        "  - 'Londn' is not one of the regions; did you mean 'london'?\n"
        "  - name at least one source id from " + str(collection / "sources.yml") + "\n"
    )
    assert sorted(p.name for p in collection.glob("*.md")) == ["partner-councils-share-send-practice.md"]


def test_a_hostile_body_is_refused_with_the_checkers_findings(collection: Path, tmp_path: Path) -> None:
    comment = tmp_path / "comment.md"
    code, output = run(collection, str(ISSUES / "hostile-script.md"), "--comment", str(comment))
    assert code == 1
    assert not (collection / f"{DRAFT_ID}.md").exists()
    assert " PX402 remove the <script> tag; scripts are never allowed in case studies (script-tag)" in output
    assert " PX404 links must not use 'javascript:' addresses (unsafe-link)" in output
    text = comment.read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;" in text
    assert "- line 104: links must not use 'javascript:' addresses (PX404). How to fix:" in text


def test_a_path_in_the_title_becomes_a_plain_file_name(collection: Path) -> None:
    code, output = run(collection, str(ISSUES / "hostile-path.md"))
    path = collection / "github-workflows-evil-id-x-and-quotes-yes.md"
    assert (code, output) == (0, f"Created {path} (status: draft).\n")
    assert "title: '../../.github/workflows/Evil $(id) `x` & \"quotes\": yes'\n" in path.read_text(encoding="utf-8")
    assert check_paths([path], load_taxonomy(collection), TODAY).findings == []


@pytest.mark.parametrize("unsafe", ["../escape", "a/b", ".hidden", "UPPER"])
def test_an_unsafe_id_is_refused(collection: Path, unsafe: str) -> None:
    code, output = run(collection, str(ISSUES / "complete.md"), "--id", unsafe)
    assert code == 1
    assert output.startswith(f"No draft: id '{unsafe}'") or output.startswith(f"No draft: id {unsafe!r}")
    assert not list(collection.parent.glob("escape*"))


def test_a_duplicate_is_refused_and_the_existing_case_kept(collection: Path) -> None:
    existing = (collection / "partner-councils-share-send-practice.md").read_bytes()
    code, output = run(collection, str(ISSUES / "duplicate.md"))
    assert code == 1
    assert output == (
        "No draft: a case study with the id 'partner-councils-share-send-practice' already exists"
        f" ({collection / 'partner-councils-share-send-practice.md'}); if this adds to it, say so in the issue,"
        " or give the proposal a more specific title\n"
    )
    assert (collection / "partner-councils-share-send-practice.md").read_bytes() == existing


def test_a_second_run_never_overwrites_the_first_draft(collection: Path) -> None:
    assert run(collection, str(ISSUES / "complete.md"))[0] == 0
    code, output = run(collection, str(ISSUES / "complete.md"))
    assert code == 1
    assert output.startswith(f"No draft: a case study with the id '{DRAFT_ID}' already exists")


def test_a_huge_body_is_refused_without_reading_it_all(collection: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    huge.write_text((ISSUES / "complete.md").read_text(encoding="utf-8") + "x" * (5 * MAX_BODY_CHARS), encoding="utf-8")
    code, output = run(collection, str(huge))
    assert (code, output) == (
        1,
        f"No draft: the issue is {MAX_BODY_CHARS + 1:,} characters; a proposal from the form is under"
        f" {MAX_BODY_CHARS:,}\n",
    )


def test_labels_and_any_capitalisation_map_to_ids(collection: Path) -> None:
    code, _ = run(collection, str(ISSUES / "label-and-new-source.md"))
    assert code == 0
    text = (collection / f"{DRAFT_ID}.md").read_text(encoding="utf-8")
    assert "themes: [departmental-leadership, professional-development]" in text


def test_dry_run_prints_the_draft_and_the_comment_and_writes_nothing(collection: Path) -> None:
    code, output = run(collection, str(ISSUES / "complete.md"), "--dry-run")
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == f"Would create {collection / DRAFT_ID}.md (status: draft)."
    assert lines[1] == "---"
    assert "Would comment on the issue:" in lines
    assert not (collection / f"{DRAFT_ID}.md").exists()


def test_headings_in_an_answer_cannot_reorder_the_form(taxonomy: Taxonomy) -> None:
    body = (ISSUES / "hostile-script.md").read_text(encoding="utf-8")
    answers = read_answers(body, taxonomy)
    assert answers["title"] == "Heads of department pair up across two secondary schools"
    assert "### Title" in answers["section-what-they-did"]


def test_every_form_label_is_read(taxonomy: Taxonomy) -> None:
    elements = [e for e in issue_form(taxonomy)["body"] if e["type"] != "markdown"]
    body = "\n\n".join(f"### {e['attributes']['label']}\n\nanswer {e['id']}" for e in elements)
    answers = read_answers(body, taxonomy)
    assert answers == {e["id"]: f"answer {e['id']}" for e in elements}


def test_the_limit_is_checked_before_parsing(taxonomy: Taxonomy) -> None:
    with pytest.raises(ProposalError, match="characters"):
        read_answers("x" * (MAX_BODY_CHARS + 1), taxonomy)


def test_today_is_the_reviewed_date(collection: Path) -> None:
    run(collection, str(ISSUES / "complete.md"))
    text = (collection / f"{DRAFT_ID}.md").read_text(encoding="utf-8")
    assert f"reviewed: {TODAY}" in text and f"review_due: {dt.date(2027, 11, 24)}" in text


def test_every_label_the_form_offers_comes_back_as_its_id(collection: Path, taxonomy: Taxonomy) -> None:
    """A round trip through the generated form: whatever a contributor picks, the draft holds valid ids."""
    complete = read_answers((ISSUES / "complete.md").read_text(encoding="utf-8"), taxonomy)
    for element in issue_form(taxonomy)["body"]:
        if element["type"] != "dropdown" or element["id"].startswith("source-"):
            continue
        for option in element["attributes"]["options"]:
            answers = {**complete, element["id"]: option}
            body = "\n\n".join(
                f"### {e['attributes']['label']}\n\n{answers.get(e['id']) or '_No response_'}"
                for e in issue_form(taxonomy)["body"]
                if e["type"] != "markdown"
            )
            draft = draft_from_issue(body, collection, taxonomy, TODAY)
            assert draft.errors == (), (element["id"], option, [f.as_text() for f in draft.errors])
