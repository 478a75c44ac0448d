"""PX116: a published case says when it was first published, and the message says what to write."""

from __future__ import annotations

from pathlib import Path

from practice_exchange.checker import check_paths
from practice_exchange.taxonomy import Taxonomy

from .conftest import RULE_FIXTURES, TODAY


def test_the_message_gives_the_line_to_add_with_the_reviewed_date(taxonomy: Taxonomy) -> None:
    path = RULE_FIXTURES / "px116-published-without-first-published.md"
    [finding] = check_paths([path], taxonomy, TODAY, case_ids=frozenset({"valid-case"})).findings
    assert finding.code == "PX116"
    assert "add the line `first_published: 2026-01-10`" in finding.message


def test_drafts_need_no_first_published_date(taxonomy: Taxonomy, tmp_path: Path) -> None:
    text = (RULE_FIXTURES / "px116-published-without-first-published.md").read_text(encoding="utf-8")
    draft = tmp_path / "px116-published-without-first-published.md"
    draft.write_text(text.replace("status: published", "status: draft"), encoding="utf-8")
    findings = check_paths([draft], taxonomy, TODAY, case_ids=frozenset({"valid-case"})).findings
    assert "PX116" not in {finding.code for finding in findings}
