"""Exact output of the plain-words messages (docs/reference/messages.md) for the commonest mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_exchange.cli import cli
from practice_exchange.loader import parse_document

from .conftest import FIXTURES, ROOT

VALID = (FIXTURES / "valid-case.md").read_text(encoding="utf-8")
CLOSING_LINE = VALID.split("\n").index("---", 1) + 1
"""The file line of the --- that closes the valid fixture's frontmatter."""


@pytest.fixture(autouse=True)
def _run_from_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def check_text(tmp_path: Path, text: str, *options: str) -> list[str]:
    path = tmp_path / "valid-case.md"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--today", "2026-11-24", *options, str(path)], catch_exceptions=False)
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


@pytest.mark.parametrize(
    ("sentence", "line"),
    [
        (
            "Call 07700 900123 to join.",
            "27:6: PX405 this looks like a personal phone number; remove it and point readers to the organisation's"
            " website (personal-phone-number)",
        ),
        (
            "Email jane.smith@example.org today.",
            "27:7: PX406 'jane.smith@example.org' looks like a personal email address; remove it, or use a role"
            " address such as info@ (personal-email)",
        ),
        (
            "Jamie in Year 3 started attending.",
            "27:1: PX407 'Jamie in Year 3' names a pupil; describe them without a name, e.g. 'a pupil in Year 5'"
            " (named-pupil)",
        ),
        (
            "It was led by Mrs Patel.",
            "27:15: PX420 'Mrs Patel' names a member of staff; name the role instead, e.g. 'the SENCO' or"
            " 'a class teacher' (named-staff)",
        ),
    ],
)
def test_privacy_messages(tmp_path: Path, sentence: str, line: str) -> None:
    lines = check_text(tmp_path, VALID.replace("What happened.", sentence), "--select", "PX4")
    assert lines == [line, "1 error, 0 warnings in 1 of 1 file"]


def test_an_unrecognised_yaml_error_keeps_the_parsers_words_with_advice(tmp_path: Path) -> None:
    text = edited("region: london", "region: london\n- stray")
    assert check_text(tmp_path, text) == [
        "10:1: PX008 the frontmatter is not valid YAML here (the parser says: did not find expected key);"
        " check the quotes, colons and indentation on this line (yaml-syntax-error)",
        "1 error, 0 warnings in 1 of 1 file",
    ]


def test_a_field_indented_under_a_value(tmp_path: Path) -> None:
    text = edited("evidence: reported", "evidence: reported\n  sources: [nctl-teaching-schools-and-las-2015]")
    text = text.replace("sources: [nctl-teaching-schools-and-las-2015]\nreviewed", "reviewed")
    assert (
        "15:1: PX008 line 15 is indented as if it belonged to 'evidence', which already has a value;"
        " remove the spaces at the start of the line (yaml-syntax-error)"
    ) in check_text(tmp_path, text)


def test_an_unclosed_brace(tmp_path: Path) -> None:
    text = edited("region: london", "region: {london")
    assert check_text(tmp_path, text)[0] == (
        "9:1: PX008 the value of 'region' opens { but never closes it; add } at the end (yaml-syntax-error)"
    )


def test_new_takes_labels_and_capitals_and_suggests_ids_for_near_misses(tmp_path: Path) -> None:
    from .site_helpers import new_collection

    collection = new_collection(tmp_path / "practice")
    common = ["new", "--collection", str(collection), "--title", "Attendance officers swap notes", "--today"]
    common += ["2026-11-24", "--support", "Practice-sharing network", "--source", "tes-take-your-partners-2003"]
    result = CliRunner().invoke(
        cli,
        [*common, "--theme", "SEND", "--phase", "Not Reported", "--region", "LONDON", "--yes"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    text = (collection / "attendance-officers-swap-notes.md").read_text(encoding="utf-8")
    assert "\nthemes: [send]\n" in text and "\nphases: not reported\n" in text and "\nregion: london\n" in text
    assert "support: [practice-network]" in text
    refused = CliRunner().invoke(
        cli,
        [*common, "--id", "other", "--theme", "SENDD", "--phase", "primary", "--region", "london", "--yes"],
        catch_exceptions=False,
    )
    assert refused.exit_code == 2
    assert refused.output.splitlines() == ["Error: 'SENDD' is not one of the themes; did you mean 'send'?"]


def test_an_indented_first_field(tmp_path: Path) -> None:
    text = edited("id: valid-case", "  id: valid-case")
    assert check_text(tmp_path, text)[0] == (
        "2:1: PX008 line 2 starts with spaces; fields start at the beginning of the line (yaml-syntax-error)"
    )


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=CLOSING_LINE - 2), st.text(max_size=30))
def test_any_broken_line_is_reported_inside_the_frontmatter_and_never_crashes(line: int, junk: str) -> None:
    lines = VALID.split("\n")
    lines[line] = junk.replace("\n", " ").replace("\r", " ")
    doc = parse_document("\n".join(lines).encode("utf-8"), "valid-case.md")
    for finding in doc.findings:
        if finding.code == "PX008":
            assert 2 <= finding.line <= CLOSING_LINE


def test_an_unsafe_tag_or_an_alias_hides_only_its_own_field(tmp_path: Path) -> None:
    text = edited("title: A valid fixture", "title: !!python/object/apply:os.system ['echo hacked']")
    text = text.replace("themes: [send]", "themes: [sen]")
    assert [line.split(": ", 1)[1].split(" ", 1)[0] for line in check_text(tmp_path, text)[:-1]] == ["PX010", "PX104"]
