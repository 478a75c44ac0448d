"""Every rule has a fixture that triggers exactly that rule, and full help text."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from practice_exchange.checker import check_paths
from practice_exchange.cli import cli
from practice_exchange.findings import Severity
from practice_exchange.rules.registry import RULES, DuplicateRuleError, rule
from practice_exchange.taxonomy import Taxonomy, load_taxonomy

from .conftest import COLLECTION, FIXTURES, ROOT, RULE_FIXTURES, TODAY


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
        assert declared.fix and declared.bad and declared.good and declared.summary, declared.id
        assert declared.good != declared.bad, declared.id


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
    if (path / "sources.yml").exists():
        # A registry rule's fixture is a folder holding its own sources.yml beside a valid case.
        taxonomy = load_taxonomy(COLLECTION, sources_file=path / "sources.yml")
    result = check_paths([path], taxonomy, TODAY, case_ids=frozenset({"valid-case"}))
    assert {finding.code for finding in result.findings} == {code}
    for finding in result.findings:
        assert finding.line >= 1 and finding.col >= 1
        assert finding.severity is RULES[code].severity


def test_valid_fixture_is_clean(taxonomy: Taxonomy) -> None:
    result = check_paths([FIXTURES / "valid-case.md"], taxonomy, TODAY)
    assert result.findings == []


def _texts(id: str, name: str) -> dict[str, Any]:
    return {
        "id": id,
        "name": name,
        "severity": Severity.ERROR,
        "summary": "s",
        "explanation": "e",
        "fix": "f",
        "bad": "b",
        "good": "g",
    }


def test_duplicate_rule_id_fails_at_declaration() -> None:
    with pytest.raises(DuplicateRuleError, match="PX101"):
        rule(**_texts(id="PX101", name="another-name"))
    assert RULES["PX101"].name == "missing-required-field"


def test_rule_ids_must_sit_in_a_band() -> None:
    with pytest.raises(ValueError, match="band"):
        rule(**_texts(id="PX901", name="out-of-band"))
    with pytest.raises(ValueError, match="band"):
        rule(**_texts(id="XX101", name="bad-prefix"))


def test_registry_problems_point_at_their_entry(tmp_path: Path) -> None:
    folder = RULE_FIXTURES / "px303-invalid-source-entry"
    taxonomy = load_taxonomy(COLLECTION, sources_file=folder / "sources.yml")
    result = check_paths([folder], taxonomy, TODAY)
    assert [(f.path, f.line, f.col, f.message) for f in result.findings] == [
        (
            str(folder / "sources.yml"),
            10,
            1,
            "source 'half-a-source': missing read, notes; published '24 Jan 2003' must be YYYY-MM-DD, YYYY-MM, "
            "YYYY or 'undated'; kind 'article' is not one of blog, comment, government, news, organisation, "
            "reader-comment, report",
        ),
        (
            str(folder / "sources.yml"),
            16,
            1,
            "source 'nctl-teaching-schools-and-las-2015' is registered twice (first on line 1)",
        ),
    ]
    assert "half-a-source" not in taxonomy.sources


def test_figures_rule_reports_each_unsupported_figure_once_at_its_place(taxonomy: Taxonomy) -> None:
    path = RULE_FIXTURES / "px306-figure-not-in-sources.md"
    result = check_paths([path], taxonomy, TODAY, case_ids=frozenset({"valid-case"}))
    # 2015 is the cited post's publication year, and the link's address is not prose: neither is reported.
    assert [(f.line, f.col, f.message.split("'")[1]) for f in result.findings] == [
        (4, 1, "2019"),
        (4, 1, "£1,800"),
        (23, 15, "1,000"),
        (23, 30, "25"),
    ]


@pytest.mark.parametrize(
    ("written", "noted"),
    [("£600,000", "600,000"), ("1,800", "£1800"), ("2.50", "2.5"), ("07", "7"), ("2003,", "2003")],
)
def test_figures_compare_as_numbers(written: str, noted: str) -> None:
    from practice_exchange.rules.figures import figures_in, supported_figures

    source = load_taxonomy(COLLECTION).sources["nctl-teaching-schools-and-las-2015"]
    noted_source = type(source)(**{**source.__dict__, "notes": (f"A figure: {noted}.",)})
    [(_, figure)] = list(figures_in(f"It cost {written} in all."))
    from practice_exchange.rules.figures import _value

    assert _value(figure) in supported_figures([noted_source])


GOLDEN = Path(__file__).parent / "golden" / "rule-fixtures-check.txt"


def test_check_output_over_every_rule_fixture_is_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every position, message and the summary of `practice check` over the rule fixtures.

    Regenerate with `UPDATE_GOLDEN=1 pytest tests/test_rules.py`, and read the diff.
    """
    monkeypatch.chdir(ROOT)
    args = ["check", "--today", TODAY.isoformat(), str(RULE_FIXTURES.relative_to(ROOT))]
    output = CliRunner().invoke(cli, args, catch_exceptions=False).output
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(output, encoding="utf-8")
    assert GOLDEN.exists(), f"no golden file {GOLDEN}; run with UPDATE_GOLDEN=1 to create it"
    assert output == GOLDEN.read_text(encoding="utf-8")
