"""Hostile frontmatter is text on every generated page, never markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.site_helpers import HOSTILE_TITLE, build_site, new_collection, write_case

HOSTILE_SUMMARY = '"><img src=x onerror=alert(2)> [link](javascript:alert(3))'
RAW_MARKUP = ("<script>alert(1)", "<img src=x", 'href="javascript:', "<b>Bold")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    collection = new_collection(tmp_path_factory.mktemp("collection"))
    write_case(
        collection,
        "hostile-case",
        HOSTILE_TITLE,
        themes=["send"],
        phases=["primary"],
        summary=HOSTILE_SUMMARY,
        organisations=["<b>Bold</b> Council"],
    )
    # A neighbour sharing every term, so the hostile title also appears in its related practice.
    write_case(collection, "neighbour-case", "A neighbour", themes=["send"], phases=["primary"])
    # An archived case: its tombstone prints the title and archive note.
    write_case(
        collection,
        "hostile-archived",
        HOSTILE_TITLE,
        themes=["send"],
        phases=["primary"],
        status="archived",
        extra=["replaced_by: neighbour-case", "archive_note: " + json.dumps(HOSTILE_SUMMARY)],
    )
    return build_site(collection, tmp_path_factory.mktemp("site"))


def test_no_generated_page_contains_the_raw_markup(site: Path) -> None:
    checked = 0
    for path in site.rglob("*"):
        if path.suffix in {".html", ".json", ".xml"} and "pagefind" not in path.parts:
            text = path.read_text(encoding="utf-8")
            for raw in RAW_MARKUP:
                assert raw not in text, f"{path.relative_to(site)} contains {raw!r}"
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    "page",
    [
        "cases/hostile-case/index.html",
        "cases/neighbour-case/index.html",
        "themes/send/index.html",
        "phases/primary/index.html",
        "support/coaching/index.html",
        "regions/london/index.html",
        "cases/index.html",
        "cases/hostile-archived/index.html",
    ],
)
def test_the_title_appears_as_escaped_text(site: Path, page: str) -> None:
    text = (site / page).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_case_page_title_element_and_header_are_escaped(site: Path) -> None:
    text = (site / "cases/hostile-case/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; - Practice Exchange</title>" in text
    assert 'content="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;' in text
    assert "&lt;b&gt;Bold&lt;/b&gt; Council" in text


def _rendered(markdown_text: str) -> str:
    """Markdown as MkDocs converts it: its built-in extensions plus mkdocs.yml's."""
    import markdown

    html_out: str = markdown.markdown(
        markdown_text, extensions=["toc", "tables", "fenced_code", "attr_list", "def_list"]
    )
    return html_out


def test_the_docs_generators_print_hostile_help_and_vocabulary_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule and field references are generated Markdown: help text that talks about
    # HTML (PX402's "<script> tag") once swallowed the rest of the page.
    from practice_exchange import reference
    from practice_exchange.findings import Severity
    from practice_exchange.rules.registry import RULES, Rule
    from practice_exchange.taxonomy import Taxonomy, Term

    hostile = Rule(
        id="PX499",
        name="hostile-rule",
        severity=Severity.ERROR,
        summary=HOSTILE_TITLE,
        explanation=HOSTILE_SUMMARY,
        fix="<b>Bold</b> fix",
        bad="x",
        good=HOSTILE_TITLE,
    )
    monkeypatch.setattr(reference, "RULES", {**RULES, "PX499": hostile})
    terms = (Term("hostile", HOSTILE_TITLE, HOSTILE_SUMMARY),)
    taxonomy = Taxonomy({"themes": terms, "phases": terms})
    for generated in (reference.rules_markdown(), reference.fields_markdown(taxonomy)):
        html_out = _rendered(generated)
        for raw in RAW_MARKUP:
            assert raw not in html_out
        assert "&lt;script&gt;" in html_out


def test_the_catalogue_holds_the_raw_text_for_text_only_consumers(site: Path) -> None:
    data = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    titles = {record["id"]: record["title"] for record in data["cases"]}
    assert titles["hostile-case"] == HOSTILE_TITLE
