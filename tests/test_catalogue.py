"""catalogue.py and pages.py: pure functions, checked against golden files.

The goldens live in tests/golden/site/. After an intended change to a page,
regenerate them with `UPDATE_GOLDEN=1 pytest tests/test_catalogue.py` and
review the diff like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from practice_exchange import catalogue as cat
from practice_exchange import escape, pages, render
from practice_exchange.model import CaseStudy, case_study_from
from practice_exchange.search_records import finder_vocabulary
from practice_exchange.taxonomy import Source, Taxonomy, Term

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"


def _terms(*pairs: tuple[str, str]) -> tuple[Term, ...]:
    return tuple(Term(term_id, label, f"About {label.lower()}.") for term_id, label in pairs)


TAXONOMY = Taxonomy(
    vocabularies={
        "provider_roles": (
            Term("nle", "National Leader of Education (NLE)", "A head who helped.", (), True, "It closed."),
            Term("senco", "SENCO", "A special educational needs coordinator."),
        ),
        "themes": _terms(
            ("send", "SEND"), ("attendance", "Attendance"), ("departmental-leadership", "Departmental leadership")
        ),
        "phases": _terms(("primary", "Primary"), ("secondary", "Secondary")),
        "support": _terms(("coaching", "Coaching"), ("placement", "Placement")),
        "regions": _terms(("london", "London"), ("south-west", "South West")),
        "evidence": _terms(("reported", "Reported"), ("evaluated", "Evaluated")),
        "frameworks": (
            Term("ofsted-four", "Ofsted four-point", "Numeric grades.", _terms(("1", "Outstanding"), ("2", "Good"))),
        ),
    },
    sources={
        "web": Source(
            id="web",
            title="A web source",
            byline="An Author",
            publisher="A Publisher",
            published="2015-02-06",
            kind="blog",
            url="https://example.org/a b",
            read="2026-12-01",
            notes=("A fact.",),
        ),
        "print": Source(
            id="print",
            title="A print source",
            publisher="A Paper",
            published="undated",
            kind="news",
            url="not online",
            read="2026-12-01",
            notes=("Another fact.",),
        ),
    },
)


def _case(case_id: str, **meta: object) -> CaseStudy:
    base: dict[str, object] = {
        "id": case_id,
        "title": f"Case {case_id}",
        "summary": f"What happened in {case_id}.",
        "status": "published",
        "themes": ["send"],
        "phases": ["primary"],
        "support": ["coaching"],
        "region": "london",
        "organisations": ["Example Council"],
        "period": {"from": 2014, "to": "not reported"},
        "evidence": "reported",
        "sources": ["web"],
        "first_published": "2026-11-24",
        "reviewed": "2026-11-24",
        "review_due": "2027-11-24",
    }
    base.update(meta)
    return case_study_from(base, "## Context\n\nSee [the other one](bravo.md) and [a draft](draft-one.md).\n")


STUDIES = [
    _case(
        "alpha",
        themes=["send", "attendance"],
        phases=["primary", "secondary"],
        support=["coaching", "placement"],
        first_published="2026-12-01",
        provider_roles=["nle"],
        agreement={
            "aims": ["Improve writing", "Train two leaders"],
            "measures": "not reported",
            "duration": "One year",
            "outcome": "not reported",
            "what_did_not_work": "not reported",
        },
    ),
    _case(
        "bravo",
        title="Heads & <b>deputies</b> [share] *notes*",
        themes=["send"],
        phases=["primary"],
        quality_mark={"framework": "ofsted-four", "grades": ["1", "2"], "area": "each area", "date": "2003"},
        sources=["web", "print", "unknown-source"],
    ),
    _case("charlie", themes=["attendance"], phases=["secondary"], support=["placement"], region="not reported"),
    _case("delta", themes=["departmental-leadership"], phases="not reported", support=["placement"], evidence="x"),
]


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8")


def test_index_lists_each_case_under_each_of_its_terms() -> None:
    index = cat.build_index(STUDIES)
    assert index["theme"] == {
        "send": ("alpha", "bravo"),
        "attendance": ("alpha", "charlie"),
        "departmental-leadership": ("delta",),
    }
    assert index["phase"] == {"primary": ("alpha", "bravo"), "secondary": ("alpha", "charlie")}
    assert index["region"] == {"london": ("alpha", "bravo", "delta")}
    assert index["evidence"] == {"reported": ("alpha", "bravo", "charlie"), "x": ("delta",)}


def test_related_practice_ranks_by_weighted_shared_terms() -> None:
    related = cat.related_practice(STUDIES)
    # alpha-bravo share send (3) + primary (1) + coaching (2) = 6; alpha-charlie attendance (3)
    # + secondary (1) + placement (2) = 6; alpha-delta placement = 2. Ties go by id.
    assert related == {
        "alpha": ("bravo", "charlie", "delta"),
        "bravo": ("alpha",),
        "charlie": ("alpha", "delta"),
        "delta": ("alpha", "charlie"),
    }


def _brute_force(studies: list[CaseStudy], limit: int) -> dict[str, tuple[str, ...]]:
    def terms(study: CaseStudy) -> set[tuple[str, str]]:
        return {(facet.key, value) for facet in (cat.THEME, cat.PHASE, cat.SUPPORT) for value in facet.values(study)}

    out = {}
    for study in studies:
        scores = []
        for other in studies:
            if other.id != study.id:
                score = sum(cat.RELATED_WEIGHTS[key] for key, _ in terms(study) & terms(other))
                if score:
                    scores.append((-score, other.id))
        out[study.id] = tuple(other for _, other in sorted(scores)[:limit])
    return out


def test_related_practice_is_exact_while_postings_fit_the_window() -> None:
    themes = ["send", "attendance", "departmental-leadership"]
    studies = [
        _case(
            f"c{i:02d}",
            themes=[themes[i % 3]],
            phases=[["primary", "secondary"][i % 2]],
            support=[["coaching", "placement"][i % 5 % 2]],
        )
        for i in range(30)
    ]
    assert cat.related_practice(studies) == _brute_force(studies, cat.RELATED_LIMIT)


def test_related_practice_stays_bounded_on_large_postings() -> None:
    studies = [_case(f"c{i:04d}") for i in range(500)]  # every case shares every term
    related = cat.related_practice(studies)
    assert all(len(ids) == cat.RELATED_LIMIT for ids in related.values())
    # Neighbours come from the case's own stretch of the posting, not always the first ids.
    assert related["c0400"][0].startswith("c03")


def test_matrix_has_every_pair_including_empty_ones() -> None:
    matrix = cat.theme_phase_matrix(STUDIES, TAXONOMY)
    assert len(matrix) == 3 * 2
    assert matrix[("send", "primary")] == ("alpha", "bravo")
    assert matrix[("departmental-leadership", "primary")] == ()


def test_text_escapes_markup_and_markdown() -> None:
    assert escape.text("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert escape.text("[x](javascript:alert(1)) *y*\nz") == "\\[x\\]\\(javascript:alert\\(1\\)\\) \\*y\\* z"
    assert escape.attr('a "quoted" <tag> & more') == "a &quot;quoted&quot; &lt;tag&gt; &amp; more"


def test_links_to_cases_not_on_the_site_become_text() -> None:
    body = (
        "See [one](alpha.md#x), [two *b*](gone.md) and [web](https://example.org/gone.md), [ref][r].\n\n[r]: draft.md\n"
    )
    rendered = render.render_body(body, pages.case_links("cases/bravo.md", {"alpha"}))
    assert rendered.html == (
        '<p>See <a href="../alpha/#case-x">one</a>, two <em>b</em> and '
        '<a href="https://example.org/gone.md">web</a>, ref.</p>'
    )


def test_csv_neutralises_spreadsheet_formulas() -> None:
    hostile = _case("echo", title='=HYPERLINK("http://x")')
    csv_text = cat.catalogue_csv(cat.catalogue_data([hostile], TAXONOMY))
    assert "'=HYPERLINK" in csv_text


def test_catalogue_json_parses_back_to_the_raw_text() -> None:
    hostile = _case("echo", title="<script>alert(1)</script> & co")
    text = cat.catalogue_json(cat.catalogue_data([hostile], TAXONOMY))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["cases"][0]["title"] == "<script>alert(1)</script> & co"


ARCHIVED = _case(
    "echo-archived", status="archived", replaced_by="alpha", archive_note="Merged into Case alpha, the same work."
)
FILES = pages.site_files(
    STUDIES,
    TAXONOMY,
    archived=[ARCHIVED],
    site_url="https://example.org/px/",
    generated="2026-12-01",
    vocabulary=finder_vocabulary(TAXONOMY, STUDIES),
)


@pytest.mark.parametrize(
    "uri",
    [
        "cases/alpha.md",
        "cases/bravo.md",
        "cases/delta.md",
        "themes/send.md",
        "themes/departmental-leadership.md",
        "themes/index.md",
        "regions/south-west.md",
        "matrix.md",
        "browse.md",
        "find.md",
        "cases/index.md",
        "catalogue.json",
        "catalogue.csv",
        "catalogue-readme.txt",
        "cases/echo-archived.md",
        "glossary.md",
        "feeds/all.xml",
        "feeds/themes/attendance.xml",
    ],
)
def test_generated_file_matches_golden(uri: str) -> None:
    check_golden(uri.replace("/", "__"), FILES[uri])


def test_site_files_cover_every_case_and_term() -> None:
    expected = {f"cases/{study.id}.md" for study in STUDIES}
    for facet in cat.INDEXED_FACETS:
        expected |= {f"{facet.folder}/{term}.md" for term in TAXONOMY.ids(facet.vocabulary)}
        expected.add(f"{facet.folder}/index.md")
    expected |= {"matrix.md", "find.md", "browse.md", "search.md", "cases/index.md", "catalogue.json", "catalogue.csv"}
    expected |= {"glossary.md", "catalogue-readme.txt", "feeds/all.xml", "cases/echo-archived.md"}
    expected |= {f"feeds/themes/{theme}.xml" for theme in TAXONOMY.ids("themes")}
    assert set(FILES) == expected


def test_evidence_labels_come_from_the_taxonomy() -> None:
    assert pages.evidence_labels(TAXONOMY) == "- **Reported**: About reported.\n- **Evaluated**: About evaluated."
