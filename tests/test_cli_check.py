"""Exact-output tests for `practice check`, `practice rules` and `practice explain`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange.cli import cli
from practice_exchange.rules.registry import RULES

from .conftest import ROOT, RULE_FIXTURES
from .site_helpers import new_collection

RULES_DIR = RULE_FIXTURES
PX104 = "tests/generated/rules/px104-unknown-vocabulary-value.md"
PX104_LINE = (
    f"{PX104}:6:10: PX104 'sen' is not one of the themes in practice/taxonomy.yml; did you mean 'send'?"
    " (unknown-vocabulary-value)"
)
PX405 = "tests/generated/rules/px405-personal-phone-number.md"
PX102 = "tests/generated/rules/px102-unknown-field.md"
TODAY = ["--today", "2026-11-24"]


@pytest.fixture(autouse=True)
def _run_from_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output.splitlines()


def test_clean_file_exits_zero() -> None:
    assert run("check", *TODAY, "tests/fixtures/valid-case.md") == (0, ["no problems in 1 file"])


def test_finding_line_and_summary() -> None:
    assert run("check", *TODAY, PX104) == (1, [PX104_LINE, "1 error, 0 warnings in 1 of 1 file"])


def test_warnings_pass_unless_strict() -> None:
    line = (
        f"{PX102}:19:1: PX102 'themse' is not a field of a case study and will be ignored; did you mean 'themes'?"
        " (unknown-field)"
    )
    summary = "0 errors, 1 warning in 1 of 1 file"
    assert run("check", *TODAY, PX102) == (0, [line, summary])
    assert run("check", *TODAY, "--strict", PX102) == (1, [line, summary])


def test_privacy_findings_are_errors() -> None:
    line = (
        f"{PX405}:42:19: PX405 this looks like a personal phone number; remove it and point readers to the"
        " organisation's website (personal-phone-number)"
    )
    assert run("check", *TODAY, PX405) == (1, [line, "1 error, 0 warnings in 1 of 1 file"])


def test_several_files_are_all_reported_in_order() -> None:
    code, lines = run("check", *TODAY, "tests/fixtures/valid-case.md", PX405, PX104)
    assert code == 1
    assert lines[0] == PX104_LINE
    assert lines[1].startswith(f"{PX405}:42:19: PX405 ")
    assert lines[2] == "2 errors, 0 warnings in 2 of 3 files"


def test_github_annotations() -> None:
    code, lines = run("check", *TODAY, "--format", "github", PX104)
    assert code == 1
    assert lines == [
        f"::error file={PX104},line=6,col=10::PX104 'sen' is not one of the themes in practice/taxonomy.yml;"
        " did you mean 'send'? (unknown-vocabulary-value)",
        "1 error, 0 warnings in 1 of 1 file",
    ]


def test_json_output() -> None:
    code, lines = run("check", *TODAY, "--format", "json", PX104)
    assert code == 1
    document = json.loads("\n".join(lines))
    assert document["summary"] == {"errors": 1, "warnings": 0, "files_with_findings": 1, "files": 1}
    assert document["findings"] == [
        {
            "path": PX104,
            "line": 6,
            "col": 10,
            "code": "PX104",
            "name": "unknown-vocabulary-value",
            "severity": "error",
            "message": PX104_LINE.split(" PX104 ", 1)[1].rsplit(" (unknown-vocabulary-value)", 1)[0],
        }
    ]


def test_ignore_and_select() -> None:
    assert run("check", *TODAY, "--ignore", "PX104", PX104) == (0, ["no problems in 1 file"])
    assert run("check", *TODAY, "--select", "PX4", PX104) == (0, ["no problems in 1 file"])
    assert run("check", *TODAY, "--select", "PX1", PX104)[0] == 1
    assert run("check", *TODAY, "--ignore", "PX405,PX104", PX104, PX405) == (0, ["no problems in 2 files"])


def test_unknown_rule_in_ignore_is_a_usage_error() -> None:
    code, lines = run("check", "--ignore", "PX999", PX104)
    assert code == 2
    assert lines[-1] == "Error: Invalid value for --ignore: no rule matches 'PX999'; see `practice rules`"


def test_missing_collection_is_a_usage_error(tmp_path: Path) -> None:
    code, lines = run("check", "--collection", str(tmp_path / "nowhere"))
    assert code == 2
    assert lines[-2].startswith(f"Error: {tmp_path / 'nowhere' / 'taxonomy.yml'}: cannot read")
    assert lines[-1] == "(Run from the project folder, or pass --collection.)"


def test_missing_path_is_a_finding_not_a_crash() -> None:
    assert run("check", "no-such-file.md") == (
        1,
        [
            "no-such-file.md:1:1: PX001 cannot check this path: it is missing (unreadable-file)",
            "1 error, 0 warnings in 1 of 1 file",
        ],
    )


def test_default_path_is_the_collection(tmp_path: Path) -> None:
    collection = new_collection(tmp_path / "practice")
    shutil.copyfile(RULES_DIR / "px104-unknown-vocabulary-value.md", collection / "px104-unknown-vocabulary-value.md")
    code, lines = run("check", *TODAY, "--collection", str(collection))
    assert code == 1
    assert lines[-1] == "1 error, 0 warnings in 1 of 1 file"


def test_rules_lists_every_rule() -> None:
    code, lines = run("rules")
    assert code == 0
    assert lines[0] == "Files and frontmatter parsing"
    assert "  PX104  error    unknown-vocabulary-value    A value is not in its controlled vocabulary." in lines
    assert [line.split()[0] for line in lines if line.startswith("  PX")] == sorted(RULES)


def test_explain_prints_explanation_and_example() -> None:
    code, lines = run("explain", "PX011")
    assert code == 0
    assert lines[:3] == [
        "PX011 yaml-alias (error; files and frontmatter parsing)",
        "",
        "The frontmatter uses YAML anchors or aliases (& and *).",
    ]
    assert "Example that breaks it:" in lines
    assert lines.index("The same, put right:") > lines.index("Example that breaks it:")
    assert lines[-1] == "    ---"
    assert run("explain", "yaml-alias")[1] == lines


def test_explain_unknown_rule() -> None:
    code, lines = run("explain", "PX999")
    assert code == 2
    assert lines[-1] == "Error: Invalid value for RULE_ID: no rule 'PX999'; see `practice rules`"


def test_console_script_never_prints_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"---\n\xff\xfe: [\n")
    done = subprocess.run(
        [sys.executable, "-c", "from practice_exchange.cli import main; main()", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "PX003" in done.stdout
