"""Issue 10, safe by construction: the hostile corpus through the checker and a real build, paths,
spreadsheets and terminals, bounded work, and checker/build parity as a property."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_exchange import pages, render
from practice_exchange.catalogue import catalogue_csv, catalogue_data, spreadsheet_cell
from practice_exchange.checker import check_document, check_paths
from practice_exchange.findings import Finding, Severity, Summary, format_github, format_json, format_text
from practice_exchange.loader import iter_case_files, parse_document, read_collection
from practice_exchange.model import case_study_from
from practice_exchange.report import build_report, render_csv, render_markdown, render_text
from practice_exchange.rules.context import CheckContext
from practice_exchange.rules.markup import check_rendered
from practice_exchange.taxonomy import ConfigError, Taxonomy, load_taxonomy
from tests.hostile_corpus import ATTACKS, Attack, case_text, expected_line, write_corpus
from tests.site_helpers import ROOT, new_collection, write_case

from .conftest import TODAY

MARKUP_CODES = {"PX204", "PX206", "PX207", "PX401", "PX402", "PX403", "PX404", "PX408"}


def build(collection: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` (strict, as mkdocs.yml says) of the real mkdocs.yml over a collection, without the check."""
    env = {**os.environ, "PRACTICE_COLLECTION": str(collection), "NO_MKDOCS_2_WARNING": "1"}
    # Not -q: it hides warnings, and --strict counts only the warnings it sees.
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def corpus_site(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("corpus-site")
    result = build(corpus, dest)
    assert result.returncode == 0, result.stderr
    return dest


def test_the_checker_reports_each_attack_at_its_line(corpus: Path, taxonomy: Taxonomy) -> None:
    result = check_paths([corpus], taxonomy, TODAY)
    by_file: dict[str, set[tuple[str, int]]] = {}
    for finding in result.findings:
        by_file.setdefault(Path(finding.path).stem, set()).add((finding.code, finding.line))
    for attack in ATTACKS:
        found = by_file.get(attack.id, set())
        if attack.code is None:
            assert not {code for code, _ in found} & MARKUP_CODES, f"{attack.id}: {sorted(found)}"
        else:
            assert (attack.code, expected_line(attack)) in found, f"{attack.id} ({attack.what}): {sorted(found)}"


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index("<article")
    return text[start : text.index("</article>", start)]


LISTINGS = ["themes/send", "themes", "cases", "matrix", "glossary", "support/coaching", "phases/primary"]
"""Generated pages that carry the corpus's hostile taxonomy label and case titles."""


def test_no_payload_survives_a_build_without_the_check(corpus_site: Path) -> None:
    for page in [f"cases/{attack.id}" for attack in ATTACKS] + LISTINGS:
        article = _article(corpus_site / page / "index.html")
        for event in render.markup_events(article):
            if event[0] in ("comment", "decl", "pi"):
                pytest.fail(f"{page}: {event}")
            if event[0] != "start":
                continue
            tag, attrs = event[1], dict(event[2])
            assert tag in render.TAGS | {"article", "span", "nav", "time"}, f"{page}: <{tag}>"
            for name, value in attrs.items():
                assert not name.startswith("on") and name != "style", f"{page}: {tag} {name}={value!r}"
                if name in ("href", "src"):
                    kind, _ = render.classify_url(value)
                    assert kind not in (render.UrlKind.SCHEME, render.UrlKind.OUTSIDE), f"{page}: {value!r}"
                if name == "src":
                    assert "evil.example" not in value, page
                if name == "id":
                    assert not value.startswith("__"), f"{page}: id {value!r}"


def test_the_build_says_which_pages_it_sanitised_and_does_not_stop(corpus: Path, tmp_path: Path) -> None:
    # mkdocs.yml is strict: a hostile case that skipped the check must not stop the build for everyone.
    result = build(corpus, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "cases/script.md: the sanitiser removed markup" in result.stderr
    assert "cases/heading-config.md: the sanitiser" not in result.stderr


def test_a_quoted_marker_stays_code_and_does_not_abort_the_build(corpus_site: Path) -> None:
    article = _article(corpus_site / "cases" / "marker-in-code" / "index.html")
    assert "<code>&lt;!-- px:html --&gt;</code>" in article
    assert "&lt;script&gt;pxPwned()&lt;/script&gt;" in article


def test_heading_ids_cannot_clobber_the_theme(corpus_site: Path) -> None:
    text = (corpus_site / "cases" / "heading-config" / "index.html").read_text(encoding="utf-8")
    assert text.count('id="__config"') == 1  # Material's own
    assert 'id="case-__config"' in text
    site_ids = {
        "px-finder",
        "px-finder-vocabulary",
        "px-finder-static",
        "px-finder-q",
        "px-finder-status",
        "px-title",
        "px-citations",
        "px-related",
    }
    assert not any(site_id.startswith(render.HEADING_PREFIX) for site_id in site_ids)


def test_a_checked_collection_builds_strict_and_sanitising_changes_nothing(tmp_path: Path) -> None:
    # The corpus less every attack the checker objects to: what CI would let through.
    collection = new_collection(tmp_path / "clean")
    taxonomy = load_taxonomy(collection)
    context = CheckContext(taxonomy, TODAY, frozenset(attack.id for attack in ATTACKS))
    for attack in ATTACKS:
        doc = parse_document(case_text(attack).encode(), f"{attack.id}.md")
        if not any(f.code in MARKUP_CODES | {"PX409"} for f in check_document(doc, context)):
            (collection / f"{attack.id}.md").write_text(case_text(attack), encoding="utf-8")
    assert len(list(collection.glob("*.md"))) >= 10
    result = build(collection, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "sanitiser removed" not in result.stderr
    # The same from the pure side: no body of the collection lost anything to the sanitiser.
    studies, _ = read_collection(collection)
    bodies: dict[str, render.Rendered] = {}
    pages.site_files(studies, load_taxonomy(collection), True, bodies=bodies)
    assert bodies and not [uri for uri, body in bodies.items() if body.sanitised]


# Parity as a property: whatever the body, the checker finds something exactly when the sanitiser
# would change the page the build makes from it.
FRAGMENTS = [attack.body for attack in ATTACKS if attack.line >= 0] + [
    "Plain text with *emphasis* and **strong** words.",
    "- a list item\n- another",
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "Term\n: its definition",
    '!!! note "A note"\n    Inside the note.',
    "[a case](other-case.md#context) and [a section](#context) and [web](https://example.org).",
    "<https://example.org/auto> and <someone@example.org>",
    "    indented code <b>kept</b>",
    "`<script>code span</script>`",
    "## A heading\n\nText.",
    "Setext heading\n---",
    "![local](picture.png)",
    "[ref][x]\n\n[x]: https://example.org",
    "&amp; &copy; &#60;b&#62;",
]


def _parity(body: str) -> None:
    doc = parse_document(f"---\nid: x\n---\n{body}".encode(), "x.md")
    taxonomy = load_taxonomy(ROOT / "practice")
    context = CheckContext(taxonomy, TODAY, frozenset({"x", "other-case"}))
    reported = {f.code for f in check_document(doc, context)} & MARKUP_CODES
    built = render.render_body(doc.body, pages.case_links("cases/x.md", {"x", "other-case"}))
    changed = render.sanitising_changes(built.html)
    # What the build puts between its <!-- px:html --> markers can never hold a marker of its own.
    assert "<!--" not in render.sanitise(built.html)
    assert not changed or reported, f"the sanitiser changes {body!r} but the checker is silent"
    if not reported:
        assert not changed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5), st.sampled_from(["\n\n", "\n", " "]))
def test_parity_over_the_corpus_fragments(fragments: list[str], joint: str) -> None:
    _parity(joint.join(fragments))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>/=\"'`[]()!#*-:&;\n \tajsvx@.")), max_size=80))
def test_parity_over_markup_soup(soup: str) -> None:
    _parity(soup)


# Paths.


def test_term_and_source_ids_must_be_slugs(tmp_path: Path) -> None:
    collection = new_collection(tmp_path / "c")
    taxonomy_file = collection / "taxonomy.yml"
    original = taxonomy_file.read_text(encoding="utf-8")
    taxonomy_file.write_text(original.replace("- id: send\n", "- id: ../../outside\n", 1), encoding="utf-8")
    assert "../../outside" in taxonomy_file.read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match="must be lowercase"):
        load_taxonomy(collection)
    result = build(collection, tmp_path / "site")
    assert result.returncode != 0 and "must be lowercase" in result.stderr
    assert not (tmp_path / "outside.html").exists() and not (tmp_path / "outside").exists()


def test_taxonomy_aliases_are_refused_before_expansion(tmp_path: Path) -> None:
    collection = new_collection(tmp_path / "c")
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    (collection / "taxonomy.yml").write_text(bomb, encoding="utf-8")
    with pytest.raises(ConfigError, match="alias"):
        load_taxonomy(collection)
    (collection / "taxonomy.yml").write_text("themes: !!python/object/apply:os.system [true]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="tag"):
        load_taxonomy(collection)


def test_a_case_id_that_is_a_path_is_never_built(tmp_path: Path, taxonomy: Taxonomy) -> None:
    collection = new_collection(tmp_path / "c")
    write_case(collection, "fine-case", "A fine case", ["send"], ["primary"])
    hostile = write_case(collection, "escape", "Escape", ["send"], ["primary"])
    hostile.write_text(hostile.read_text(encoding="utf-8").replace("id: escape", "id: ../../../escaped"))
    codes = {f.code for f in check_paths([collection], taxonomy, TODAY).findings}
    assert "PX106" in codes
    site = tmp_path / "out" / "site"
    result = build(collection, site)
    assert result.returncode == 0, result.stderr
    assert "left out of the site" in result.stderr
    assert not list(tmp_path.rglob("escaped*"))
    assert (site / "cases" / "fine-case" / "index.html").exists()


def test_symlinks_are_reported_and_never_followed(tmp_path: Path, taxonomy: Taxonomy) -> None:
    secret = tmp_path / "private" / "secret.md"
    secret.parent.mkdir()
    write_case(secret.parent, "secret", "A private file", ["send"], ["primary"])
    collection = new_collection(tmp_path / "c")
    write_case(collection, "fine-case", "A fine case", ["send"], ["primary"])
    (collection / "secret.md").symlink_to(secret)
    (collection / "up").symlink_to(tmp_path)  # a folder above the collection
    (collection / "loop").mkdir()
    (collection / "loop" / "again").symlink_to(collection / "loop")  # a loop
    (collection / "loop" / "back").symlink_to(collection)
    files = [display for _, display in iter_case_files([collection])]
    assert len(files) == 5  # fine-case, the three links and the loop's second link: each once
    findings = check_paths([collection], taxonomy, TODAY).findings
    linked = {Path(f.path).name for f in findings if f.code == "PX016"}
    assert linked == {"secret.md", "up", "again", "back"}
    studies, _ = read_collection(collection)
    assert [study.id for study in studies] == ["fine-case"]
    site = tmp_path / "site"
    assert build(collection, site).returncode == 0
    assert not (site / "cases" / "secret").exists()


# Spreadsheets and terminals.


def test_every_csv_cell_is_one_line_and_no_formula() -> None:
    for hostile in ("=cmd", "+1", "-1", "@SUM(A1)", "\t=x", "a\r=cmd", "a\n=cmd", "x\x1b[31m"):
        cell = spreadsheet_cell(hostile)
        assert "\r" not in cell and "\n" not in cell and "\x1b" not in cell
        assert not cell.startswith(("=", "+", "-", "@", "\t")), cell
    assert spreadsheet_cell(["=a", "b"]) == "'=a; b"


def test_catalogue_csv_rows_survive_a_carriage_return_in_a_title(tmp_path: Path) -> None:
    collection = new_collection(tmp_path / "c")
    write_case(collection, "crlf", 'Title\r=HYPERLINK("http://evil.example")', ["send"], ["primary"])
    studies, _ = read_collection(collection)
    text = catalogue_csv(catalogue_data(studies, load_taxonomy(collection)))
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and all(len(row) == len(rows[0]) for row in rows)
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_text_and_github_formats_print_no_control_characters() -> None:
    finding = Finding("pr\x1b]0;x\x07.md", 3, 1, "PX409", "control-character", Severity.ERROR, "title \x1b[2J\r")
    summary = Summary(1, 0, 1, 1)
    for line in format_text([finding], summary) + format_github([finding], summary):
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in line), repr(line)
    assert "\\x1b" in format_text([finding], summary)[0]
    c1 = Finding("a\x9b2J.md", 1, 1, "PX409", "control-character", Severity.ERROR, "bidi \u202e here")
    out = format_json([c1], summary)[0]
    assert "\x9b" not in out and "\u202e" not in out
    assert json.loads(out)["findings"][0]["path"] == "a\x9b2J.md"


# Bounded work: sizes far past what a quadratic algorithm could finish, so a regression hangs the
# suite (and CI's time limit) instead of passing; nothing here reads a clock.

BIG = 200_000


@pytest.mark.parametrize(
    "unit",
    ["[", "`a", "<a ", "*a", "\\", "a\n===\n", "# x\n", "-\n", "!!! note\n    x\n", "> " * 300 + "x\n", "- " * 3000],
)
def test_bodies_too_complex_for_markdown_become_text(unit: str) -> None:
    body = (unit * (BIG // len(unit) + 1))[:BIG]
    assert render.too_complex(body)
    rendered = render.render_body(body)
    assert rendered.plain and not render.sanitising_changes(rendered.html)


def test_the_limits_bound_what_markdown_is_given() -> None:
    just_under = ("a" * 70 + "\n\n") * (render.MAX_MARKDOWN_CHARS // 72)
    just_under += "b" * (render.MAX_MARKDOWN_CHARS - len(just_under))
    assert not render.too_complex(just_under)
    assert render.too_complex(just_under + "\n\nmore")
    assert render.too_complex("[" * (render.MAX_OPENERS + 1))
    assert not render.too_complex("[" * render.MAX_OPENERS)
    assert render.too_complex("x\n" * (render.MAX_BLOCK_LINES + 1))
    assert not render.too_complex("x\n" * render.MAX_BLOCK_LINES)


@pytest.mark.parametrize(
    "body",
    [
        "\n#" + " \t" * BIG + "x",  # the old heading pattern backtracked over trailing blanks
        "](" * BIG,  # the old link pattern rescanned from every ](
        "TODO" * BIG,
        "a" * BIG,
    ],
)
def test_checker_regexes_are_linear_on_adversarial_lines(body: str, context: CheckContext) -> None:
    doc = parse_document(f"---\nid: x\nstatus: published\n---\n{body}".encode(), "x.md")
    findings = list(check_document(doc, context))
    assert all(f.line >= 1 for f in findings)


def test_many_findings_are_located_from_one_line_index(context: CheckContext) -> None:
    # 240 raw tags on 240 lines: every one is located, without a recount from the start per finding.
    body = "\n\n".join(f"<b>{n}</b>" for n in range(240))
    doc = parse_document(f"---\nid: x\n---\n{body}".encode(), "x.md")
    lines = [f.line for f in check_document(doc, context) if f.code == "PX401"]
    assert lines == [4 + 2 * n for n in range(240)]


def test_reports_quote_hostile_file_names_and_titles_safely(taxonomy: Taxonomy) -> None:
    meta = {"id": "x", "title": "Draft \x1b]0;owned\x07 title", "status": "draft", "themes": ["send"]}
    studies = [case_study_from(meta, "", "practice/a`b ``c`@team.md")]
    report = build_report(studies, taxonomy, today=TODAY, unreadable=["practice/`evil`.md"])
    markdown = "\n".join(render_markdown(report))
    # Each fence is one back-tick longer than the longest run inside it, so the name cannot end it (CommonMark).
    assert "- ```practice/a`b ``c`@team.md```: " in markdown
    assert "- ``practice/`evil`.md``" in markdown
    for line in render_text(report) + render_markdown(report):
        assert "\x1b" not in line and "\x07" not in line
    for line in render_csv(report):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in next(csv.reader([line])))


# The checker's shortcut (render.MARKUP_SIGNS): a body without them gives the full, rendering check
# nothing to report, and the build's sanitiser nothing to remove.
PLAIN_ALPHABET = [*"#*-_`>|:=\n \tab1.)(&;\\{}!~^\"'/@%+$", "\u00e9", "\u00d7", "    ", "  \n", "1. ", "- "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PLAIN_ALPHABET), max_size=120).map("".join))
def test_bodies_without_markup_signs_need_no_rendering(body: str) -> None:
    assert not render.holds_markup_signs(body) or "!!!" in body
    if "!!!" in body:
        return
    doc = parse_document(f"---\nid: x\n---\n{body}".encode(), "x.md")
    taxonomy = load_taxonomy(ROOT / "practice")
    context = CheckContext(taxonomy, TODAY, frozenset({"x"}))
    assert {f.code for f in check_rendered(doc, context)} <= {"PX207"}
    built = render.render_body(doc.body, pages.case_links("cases/x.md", {"x"}))
    assert not render.sanitising_changes(built.html)


def test_markup_signs_each_lead_to_a_rendering() -> None:
    for body in ("<b>x</b>", "[a](javascript:x)", '!!! pwn "x"\n    y', "a\x1bb"):
        assert render.holds_markup_signs(body)
    assert not render.holds_markup_signs("## Context\n\nPlain *words* and `code`, 1. two\n\n| a |\n|---|\n| b |")


def test_raw_html_is_located_where_it_is_live_not_where_it_is_quoted(context: CheckContext) -> None:
    body = "Quote `<b>` in code first.\n\nThen <b>live</b> text."
    doc = parse_document(f"---\nid: x\n---\n{body}".encode(), "x.md")
    found = [(f.line, f.col) for f in check_document(doc, context) if f.code == "PX401"]
    assert found == [(6, 6)]


def test_feeds_stay_well_formed_xml_with_control_characters_in_a_title(tmp_path: Path) -> None:
    from xml.etree import ElementTree

    collection = new_collection(tmp_path / "c")
    write_case(collection, "escape", "Title \x1b[2J\x07 here", ["send"], ["primary"])
    studies, _ = read_collection(collection)
    files = pages.site_files(studies, load_taxonomy(collection), site_url="https://example.org/")
    feeds_written = [uri for uri in files if uri.endswith(".xml")]
    assert feeds_written
    for uri in feeds_written:
        ElementTree.fromstring(files[uri].encode("utf-8"))


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: attack.id)
def test_the_quick_sanitiser_check_agrees_with_comparing_what_a_browser_builds(attack: Attack) -> None:
    # render.removed_markup skips parsing when the sanitiser gave the same text back (bar ¶): for
    # every attack, rendered as a body or taken as raw HTML, it must say what the full comparison says.
    rendered = render.render_body(attack.body, lambda url: url).html
    for original in (rendered, attack.body, rendered + "<!--&para;-->", f"<p title='&para;'>{attack.body}</p>"):
        clean = render.sanitise(original)
        assert render.removed_markup(original, clean) == (render.markup_events(clean) != render.markup_events(original))


_PIECES = [*"<>/=\"' &;#abpra¶-!", "&para;", "<p>", "</p>", "<a href=x>", "<!--", "-->", "<script>"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_the_quick_sanitiser_check_agrees_on_any_markup(original: str) -> None:
    clean = render.sanitise(original)
    assert render.removed_markup(original, clean) == (render.markup_events(clean) != render.markup_events(original))
