"""The pull-request check a contributor can read: the job summary table, the annotation overflow, the page preview."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange.cli import cli
from practice_exchange.findings import Finding, Severity, Summary, format_github
from practice_exchange.summary_table import escape_markdown, format_summary

from .conftest import ROOT

PX104 = "tests/generated/rules/px104-unknown-vocabulary-value.md"


@pytest.fixture(autouse=True)
def _run_from_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_summary_is_a_markdown_table_with_links_to_lines() -> None:
    result = CliRunner().invoke(
        cli,
        ["check", "--today", "2026-11-24", "--format", "summary", PX104],
        env={"PRACTICE_LINK_BASE": "https://github.com/o/r/blob/abc"},
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "## Case-study check",
        "",
        "**1 error, 0 warnings in 1 of 1 file**",
        "",
        "| | Where | Problem | How to fix | Rule |",
        "|---|---|---|---|---|",
        f"| ❌ error | [{PX104}:6](https://github.com/o/r/blob/abc/{PX104}#L6)"
        " | 'sen' is not one of the themes in practice/taxonomy.yml; did you mean 'send'?"
        " | Use one of the ids listed in practice/taxonomy.yml (the message suggests the nearest),"
        " or propose a new entry there in your pull request. | PX104 unknown-vocabulary-value |",
        "",
        "`practice explain PX123` says more about any rule; run `practice check --fix` for the mechanical ones.",
    ]


def test_summary_of_a_clean_run() -> None:
    result = CliRunner().invoke(
        cli,
        ["check", "--format", "summary", "tests/fixtures/valid-case.md", "--today", "2026-11-24"],
        catch_exceptions=False,
    )
    assert result.output.splitlines() == [
        "## Case-study check",
        "",
        "**no problems in 1 file**",
        "",
        "Every case study passed the checks.",
    ]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("`code`", "\\`code\\`"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("**bold** _it_ ~~no~~", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~no\\~\\~"),
        ("[link](javascript:alert(1))", "\\[link\\](javascript:alert(1))"),
        ("ping @everyone", "ping &#64;everyone"),
        ("two\nlines\r\n", "two lines"),
        ("a\\|b", "a\\\\\\|b"),
        ("&amp;", "&amp;amp;"),
    ],
)
def test_escaping_keeps_contributor_text_literal(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_a_hostile_path_cannot_break_out_of_its_link() -> None:
    finding = Finding("practice/a) [x](javascript:1).md", 3, 1, "PX104", "n", Severity.ERROR, "m")
    row = format_summary([finding], Summary(1, 0, 1, 1), "https://github.com/o/r/blob/abc")[6]
    assert "](https://github.com/o/r/blob/abc/practice/a%29%20%5Bx%5D%28javascript%3A1%29.md#L3)" in row


def _findings(errors: int, warnings: int) -> list[Finding]:
    return [Finding("p.md", n, 1, "PX104", "n", Severity.ERROR, "m") for n in range(1, errors + 1)] + [
        Finding("p.md", n, 1, "PX102", "n", Severity.WARNING, "m") for n in range(1, warnings + 1)
    ]


def test_github_format_says_plainly_when_annotations_are_hidden() -> None:
    lines = format_github(_findings(12, 3), Summary(12, 3, 1, 1))
    assert lines[-2] == (
        "::notice title=More findings than GitHub shows::GitHub shows only the first 10 errors and 10 warnings"
        " of a step on the files; 2 more errors are not shown there. Every finding is listed in the job summary"
        " (practice check --format summary)."
    )
    assert len([line for line in lines if line.startswith("::error")]) == 12


def test_github_format_adds_nothing_within_the_limit() -> None:
    lines = format_github(_findings(10, 10), Summary(10, 10, 1, 1))
    assert not any(line.startswith("::notice") for line in lines)


def _preview_module() -> object:
    spec = importlib.util.spec_from_file_location("preview", ROOT / "scripts" / "preview_changed_cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_preview_copies_only_changed_case_pages(tmp_path: Path) -> None:
    preview = _preview_module()
    site = tmp_path / "site"
    for case_id in ("alpha", "bravo"):
        (site / "cases" / case_id).mkdir(parents=True)
        (site / "cases" / case_id / "index.html").write_text(case_id, encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "site.css").write_text("css", encoding="utf-8")
    changed = ["practice/alpha.md", "practice/../../etc/passwd.md", "docs/index.md", "practice/Bad Name.md"]
    assert preview.changed_ids(changed) == ["alpha"]  # type: ignore[attr-defined]
    out = tmp_path / "out"
    assert preview.copy_pages(site, out, ["alpha"]) == ["alpha"]  # type: ignore[attr-defined]
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "assets/site.css",
        "cases/alpha/index.html",
    ]


def test_repo_links_point_into_the_configured_repository(tmp_path: Path) -> None:
    from practice_exchange.site.repo_links import expand_repo_links

    markdown = "[Propose](repo:issues/new?template=case-study.yml){ .md-button }"
    assert expand_repo_links(markdown, "https://github.com/someone/fork/") == (
        "[Propose](https://github.com/someone/fork/issues/new?template=case-study.yml){ .md-button }"
    )


def test_mkdocs_takes_the_repository_from_the_environment() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'repo_url: !ENV [PRACTICE_REPO_URL, "https://github.com/practice-exchange/practice-exchange"]' in text
    assert "  - practice:" in text  # the plugin expands `repo:` links (site/repo_links.py)
    contributing = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    for route in ("repo:issues/new?template=case-study.yml", "repo:new/main/practice", "repo:fork"):
        assert f"]({route})" in contributing
