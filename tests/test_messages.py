"""Exact output of the plain-words messages (docs/reference/messages.md) for the commonest mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange.cli import cli

from .conftest import FIXTURES, ROOT

VALID = (FIXTURES / "valid-case.md").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _run_from_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def check_text(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "valid-case.md"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--today", "2026-11-24", str(path)], catch_exceptions=False)
    prefix = f"{path}:"
    return [line.removeprefix(prefix) for line in result.output.splitlines()]


def edited(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_a_tab_names_its_line_and_the_other_fields_are_still_checked(tmp_path: Path) -> None:
    text = edited("period:\n  from: 2014", "period:\n\tfrom: 2014").replace("themes: [send]", "themes: [sen]")
    assert check_text(tmp_path, text) == [
        "6:10: PX104 'sen' is not one of the themes in practice/taxonomy.yml; did you mean 'send'?"
        " (unknown-vocabulary-value)",
        "12:1: PX008 line 12 starts with a tab; indent with spaces (yaml-syntax-error)",
        "2 errors, 0 warnings in 1 of 1 file",
    ]


def test_a_colon_in_the_title(tmp_path: Path) -> None:
    text = edited("title: A valid fixture", "title: Partners: a valid fixture")
    assert check_text(tmp_path, text) == [
        "3:1: PX008 the title contains ': ' — put the whole title in double quotes (yaml-syntax-error)",
        "1 error, 0 warnings in 1 of 1 file",
    ]


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "'Teachers' network'",
            "the title has an apostrophe or quote inside single quotes; put the whole title in double quotes,"
            " or write the apostrophe twice ('')",
        ),
        (
            '"The "best" network"',
            'the title has a " inside double quotes; put the whole title in single quotes instead',
        ),
        (
            '"Partners: leading the way”',
            'the title opens a " quote that is never closed (a curly ” does not close it); end the whole title with "',
        ),
        ("@home learning", "the title starts with '@', which YAML reserves; put the whole title in double quotes"),
    ],
)
def test_stray_quotes_and_reserved_characters(tmp_path: Path, title: str, message: str) -> None:
    text = edited("title: A valid fixture", f"title: {title}")
    assert check_text(tmp_path, text) == [
        f"3:1: PX008 {message} (yaml-syntax-error)",
        "1 error, 0 warnings in 1 of 1 file",
    ]


def test_a_broken_field_does_not_hide_the_body_rules(tmp_path: Path) -> None:
    text = edited("title: A valid fixture", "title: Partners: a valid fixture").replace("## Context", "## Contxt")
    lines = check_text(tmp_path, text)
    assert lines[0] == "3:1: PX008 the title contains ': ' — put the whole title in double quotes (yaml-syntax-error)"
    assert any(" PX201 missing section '## Context'" in line for line in lines)


def test_a_label_or_capitals_get_the_id_suggested(tmp_path: Path) -> None:
    text = edited("themes: [send]", "themes: [SEND]").replace("region: london", "region: Not Reported")
    assert check_text(tmp_path, text) == [
        "6:10: PX104 'SEND' is not one of the themes in practice/taxonomy.yml; did you mean 'send'?"
        " (unknown-vocabulary-value)",
        "9:1: PX104 'Not Reported' is not one of the regions in practice/taxonomy.yml; did you mean 'not reported'?"
        " (unknown-vocabulary-value)",
        "2 errors, 0 warnings in 1 of 1 file",
    ]


def test_a_label_for_a_list_field_suggests_a_list_of_ids(tmp_path: Path) -> None:
    text = edited("themes: [send]", "themes: SEND").replace("phases: [primary]", "phases: Not Reported")
    assert check_text(tmp_path, text) == [
        "6:1: PX103 'themes' should be a list, e.g. themes: [send] (wrong-type)",
        "7:1: PX104 'Not Reported' is not allowed for 'phases'; did you mean 'not reported'?"
        " (unknown-vocabulary-value)",
        "2 errors, 0 warnings in 1 of 1 file",
    ]


def test_a_hint_never_echoes_an_invalid_value(tmp_path: Path) -> None:
    text = edited("support: [practice-network]", "support: zzqx")
    assert check_text(tmp_path, text) == [
        "8:1: PX103 'support' should be a list, e.g. support: [practice-network] (wrong-type)",
        "1 error, 0 warnings in 1 of 1 file",
    ]


def test_an_unknown_field_puts_the_suggestion_last(tmp_path: Path) -> None:
    text = edited("themes: [send]", "themse: [send]")
    assert check_text(tmp_path, text)[:2] == [
        "1:1: PX101 missing required field 'themes': What the practice is about; the first theme is the main one."
        " (missing-required-field)",
        "6:1: PX102 'themse' is not a field of a case study and will be ignored; did you mean 'themes'?"
        " (unknown-field)",
    ]
