"""Every rule has a fixture that triggers exactly that rule, and full help text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from practice_exchange.checker import RULES, check_paths
from practice_exchange.findings import Severity
from practice_exchange.rules.registry import DuplicateRuleError, rule
from practice_exchange.taxonomy import Taxonomy

from .conftest import FIXTURES, TODAY

RULE_FIXTURES = FIXTURES / "rules"


def _make_too_large(tmp: Path) -> Path:
    path = tmp / "px002-file-too-large.md"
    path.write_bytes(b"---\nid: x\n---\n" + b"word " * 210_000)
    return path


def _make_symlink(tmp: Path) -> Path:
    path = tmp / "px016-symlinked-file.md"
    path.symlink_to(FIXTURES / "valid-case.md")
    return path


# Rules whose fixture cannot sensibly live in git: made at test time instead.
GENERATED = {
    "PX016": _make_symlink,
    "PX001": lambda tmp: tmp / "px001-unreadable-file.md",  # a path that does not exist
    "PX002": _make_too_large,
}


def fixture_for(code: str) -> Path | None:
    matches = sorted(RULE_FIXTURES.glob(f"{code.lower()}-*"))
    return matches[0] if matches else None


def test_every_rule_has_a_fixture_and_help() -> None:
    missing = [code for code in RULES if code not in GENERATED and fixture_for(code) is None]
    assert missing == [], f"rules without a fixture in {RULE_FIXTURES}: {missing}"
    for declared in RULES.values():
        assert len(declared.explanation) > 40, declared.id
        assert declared.fix and declared.example and declared.summary, declared.id


def test_fixture_names_match_rule_names() -> None:
    for path in RULE_FIXTURES.iterdir():
        match = re.match(r"^px(\d{3})-(.+?)(\.md)?$", path.name)
        assert match, f"fixture {path.name} is not named px<NNN>-<rule-name>"
        declared = RULES.get(f"PX{match.group(1)}")
        assert declared is not None, f"fixture {path.name} names no rule"
        assert declared.name == match.group(2), f"{path.name} should be named after {declared.name}"


@pytest.mark.parametrize("code", sorted(RULES))
def test_fixture_triggers_exactly_its_rule(code: str, taxonomy: Taxonomy, tmp_path: Path) -> None:
    path = GENERATED[code](tmp_path) if code in GENERATED else fixture_for(code)
    assert path is not None
    result = check_paths([path], taxonomy, TODAY, case_ids=frozenset({"valid-case"}))
    assert {finding.code for finding in result.findings} == {code}
    for finding in result.findings:
        assert finding.line >= 1 and finding.col >= 1
        assert finding.severity is RULES[code].severity


def test_valid_fixture_is_clean(taxonomy: Taxonomy) -> None:
    result = check_paths([FIXTURES / "valid-case.md"], taxonomy, TODAY)
    assert result.findings == []


def test_duplicate_rule_id_fails_at_declaration() -> None:
    with pytest.raises(DuplicateRuleError, match="PX101"):
        rule("PX101", "another-name", Severity.ERROR, "s", "e", "f", "x")
    assert RULES["PX101"].name == "missing-required-field"


def test_rule_ids_must_sit_in_a_band() -> None:
    with pytest.raises(ValueError, match="band"):
        rule("PX901", "out-of-band", Severity.ERROR, "s", "e", "f", "x")
    with pytest.raises(ValueError, match="band"):
        rule("XX101", "bad-prefix", Severity.ERROR, "s", "e", "f", "x")
