"""The search index: records of each case's own text (search_records.py) and the Pagefind bundle the
build writes through Pagefind's Python API (site/pagefind.py), per SIGNALS.md's search record contract."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from practice_exchange import pages, search_records, views
from practice_exchange.loader import load_case_studies
from practice_exchange.model import CaseStudy
from practice_exchange.plain_text import plain_text
from practice_exchange.search_records import NOT_REPORTED_ID, SearchRecord, case_record, date_band, date_sort_key
from practice_exchange.site import pagefind
from practice_exchange.taxonomy import Taxonomy, load_taxonomy
from tests.site_helpers import ROOT, build_site, new_collection, write_case

FIXTURE = ROOT / "tests" / "fixtures" / "valid-case.md"
NEIGHBOUR_TITLE = "Zebra crossings for neighbouring schools"
SOURCE_TITLE = "Teaching schools and local authorities working together"
"""The title of nctl-teaching-schools-and-las-2015, the source every test case cites."""
CARD_AND_PAGE_WORDS = (
    "Who gave the support",
    "What this case does not tell you",
    "Kinds of support",
    "Related practice",
    "CC BY",
    "licensed",
    "¶",
)
"""Words of the card, the page's own headings and the licence: none of the case's own text."""

VALID_CASE_FILTERS = {
    "theme": ["send"],
    "phase": ["primary"],
    "support": ["practice-network"],
    "region": ["london"],
    "evidence": ["reported"],
    "date": ["2015-2019"],
}
"""valid-case.md's filters: its record, and what the built bundle holds for it."""


def _collection(folder: Path) -> Path:
    """valid-case.md, a neighbour sharing its theme (so the built page lists it as related), a case silent
    on phase, region and date."""
    new_collection(folder)
    shutil.copyfile(FIXTURE, folder / FIXTURE.name)
    write_case(folder, "zebra-neighbour", NEIGHBOUR_TITLE, ["send"], ["primary"], support=["practice-network"])
    silent = write_case(folder, "silent-case", "A case silent on phase", ["attendance"], [], region="not reported")
    undated = _undated_source(load_taxonomy(folder))
    silent.write_text(
        silent.read_text(encoding="utf-8").replace("nctl-teaching-schools-and-las-2015", undated), encoding="utf-8"
    )
    return folder


def _undated_source(taxonomy: Taxonomy) -> str:
    return next(source.id for source in taxonomy.sources.values() if source.published == "undated")


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _collection(tmp_path_factory.mktemp("collection"))


@pytest.fixture(scope="module")
def studies(collection: Path) -> dict[str, CaseStudy]:
    return {study.id: study for study in load_case_studies(collection)}


@pytest.fixture(scope="module")
def records(studies: dict[str, CaseStudy], taxonomy: Taxonomy) -> dict[str, SearchRecord]:
    return {case_id: case_record(study, taxonomy) for case_id, study in studies.items()}


# --- Records


def test_a_case_record_holds_the_cases_own_text_and_nothing_else(records: dict[str, SearchRecord]) -> None:
    content = records["valid-case"].content
    title, summary, body = content.split("\n")
    assert (title, summary) == ("A valid fixture", "A fixture that breaks exactly one rule.")
    # The body, each of its words once (index_words), in the order they first appear.
    assert body.split()[:4] == ["some", "context", "what", "happened"]
    for own in ("arranged", "suggestion", "reported", "source"):
        assert own in body.split()
    # The headings every body has would make "support" or "school" match every case.
    for heading_word in ("support", "school", "try", "cautions", "changed"):
        assert heading_word not in body.split(), heading_word
    # The body's own Sources section, the registry's citation, the card, related practice and the licence stay out.
    assert "The source." not in content
    assert SOURCE_TITLE not in content
    assert NEIGHBOUR_TITLE not in content
    for word in CARD_AND_PAGE_WORDS:
        assert word not in content, word


def test_a_case_record_has_the_contracts_filters_meta_and_sort(records: dict[str, SearchRecord]) -> None:
    record = records["valid-case"]
    assert record.url == "/cases/valid-case/"
    assert record.language == "en"
    assert record.kind == search_records.CASE
    assert record.filters == VALID_CASE_FILTERS
    assert record.meta == {
        "title": "A valid fixture",
        "summary": "A fixture that breaks exactly one rule.",
        "tagline": "SEND · Primary · London · Source 6 February 2015 · Reported",
        "date": "2015-02-06",
    }
    assert record.sort == {"date": "2015-02-06", "title": "a valid fixture"}


def test_a_case_silent_on_phase_region_and_date_gets_not_reported(records: dict[str, SearchRecord]) -> None:
    record = records["silent-case"]
    assert record.filters["phase"] == [NOT_REPORTED_ID]
    assert record.filters["region"] == [NOT_REPORTED_ID]
    assert record.filters["date"] == [NOT_REPORTED_ID]
    assert record.meta["date"] == ""
    assert record.sort["date"] == "0000-00-00"
    assert record.meta["tagline"].startswith("Attendance · Phase not reported · ")


def test_the_url_follows_use_directory_urls(studies: dict[str, CaseStudy], taxonomy: Taxonomy) -> None:
    record = case_record(studies["valid-case"], taxonomy, directory_urls=False)
    assert record.url == "/cases/valid-case.html"


def test_the_date_is_the_newest_dated_source(studies: dict[str, CaseStudy], taxonomy: Taxonomy) -> None:
    dated = sorted(
        (source for source in taxonomy.sources.values() if len(source.published) == 10),
        key=lambda source: source.published,
    )
    oldest, newest = dated[0], dated[-1]
    undated = _undated_source(taxonomy)
    study = studies["valid-case"]
    study = dataclasses.replace(study, sources=(newest.id, undated, oldest.id))
    assert search_records.newest_source_date(study, taxonomy) == newest.published
    record = case_record(study, taxonomy)
    assert record.filters["date"] == [date_band(newest.published)]
    # The listings' tag line names the same source's date, so what a result says agrees with the filter.
    assert f"Source {views.when(newest.published).text} ·" in record.meta["tagline"]


@pytest.mark.parametrize(
    ("date", "band"),
    [
        ("2026-11-24", "2024-on"),
        ("2024", "2024-on"),
        ("2024-01-01", "2024-on"),
        ("2023-12-31", "2020-2023"),
        ("2020-01", "2020-2023"),
        ("2019-12-31", "2015-2019"),
        ("2015", "2015-2019"),
        ("2014-12", "2010-2014"),
        ("2010-01-01", "2010-2014"),
        ("2009-12-31", "before-2010"),
        ("2003-01-24", "before-2010"),
        ("", NOT_REPORTED_ID),
        ("undated", NOT_REPORTED_ID),
    ],
)
def test_each_date_band_edge(date: str, band: str) -> None:
    assert date_band(date) == band
    assert band in [band_id for band_id, _ in search_records.DATE_BANDS]


@pytest.mark.parametrize(
    ("date", "key"),
    [("2015-02-06", "2015-02-06"), ("2015-02", "2015-02-00"), ("2015", "2015-00-00"), ("", "0000-00-00")],
)
def test_the_date_sort_key_sorts_as_text(date: str, key: str) -> None:
    assert date_sort_key(date) == key


def test_the_tagline_is_the_tag_line_the_listings_show(studies: dict[str, CaseStudy], taxonomy: Taxonomy) -> None:
    for study in studies.values():
        listing = pages.case_list_html([study], pages.ALL_CASES, taxonomy)
        shown = listing[listing.index('<span class="px-tags">') : listing.index("</span>") + len("</span>")]
        assert plain_text(shown) == search_records.tagline(study, taxonomy)


def test_a_help_record_is_of_kind_help_and_holds_its_own_text() -> None:
    html = '<h1 id="about">About<a class="headerlink" href="#about">¶</a></h1><p>Who we are.</p><ul><li>One</li></ul>'
    record = search_records.help_record("/about/", "About", html)
    assert record.kind == search_records.HELP
    assert record.filters == {}  # its type is its bundle's (finder.js's mergeFilter)
    assert record.meta == {"title": "About", "summary": "Who we are."}
    assert record.content == "About\nwho we are one"
    untitled = search_records.help_record(
        "/x/", "Glossary", "<h1>Terms</h1><p>Words we <em>use</em>.</p><p>Use them.</p>"
    )
    assert untitled.content == "Glossary\nterms words we use them"
    assert untitled.meta["summary"] == "Words we use."


def test_index_words_gives_each_word_once_in_the_order_it_first_appears() -> None:
    text = "Attendance rose. Attendance officers met; attendance, again — the school's plan.\nPlan 2024."
    assert search_records.index_words(text) == "attendance rose officers met again the school's plan 2024"
    assert search_records.index_words("") == ""


def test_plain_text_keeps_blocks_apart_and_leaves_scripts_and_permalinks_out() -> None:
    html = "<p>One<br>two</p><script>bad()</script><h2>Head<a class='headerlink'>¶<b>x</b></a></h2><td>a</td><td>b</td>"
    assert plain_text(html) == "One\ntwo\nHead\na\nb"


def test_the_finder_vocabulary_lists_every_option_with_not_reported_and_the_date_bands(taxonomy: Taxonomy) -> None:
    vocabulary = search_records.finder_vocabulary(taxonomy)
    assert list(vocabulary) == ["theme", "phase", "support", "region", "evidence", "date"]
    assert [option["id"] for option in vocabulary["theme"]] == list(taxonomy.ids("themes"))
    assert vocabulary["phase"][-1] == {"id": NOT_REPORTED_ID, "label": "Phase not reported", "aliases": [], "count": 0}
    assert vocabulary["region"][-1]["id"] == NOT_REPORTED_ID
    assert NOT_REPORTED_ID not in [option["id"] for option in vocabulary["theme"]]
    assert [(option["id"], option["label"]) for option in vocabulary["date"]] == list(search_records.DATE_BANDS)
    send = next(option for option in vocabulary["theme"] if option["id"] == "send")
    assert send["aliases"] == list(taxonomy.term("themes", "send").aliases)  # type: ignore[union-attr]
    json.dumps(vocabulary)  # the finder page embeds it as JSON


# --- The built bundle


def _fragments(site: Path, bundle: str = pagefind.OUTPUT_FOLDER) -> dict[str, dict[str, object]]:
    """Every record in a bundle by url: Pagefind's fragments are gzip, a signature, then JSON."""
    out = {}
    for path in (site / bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[data["url"]] = data
    return out


def _help_urls() -> set[str]:
    docs = ROOT / "docs"
    return {search_records.site_url(path.relative_to(docs).as_posix()) for path in docs.rglob("*.md")}


@pytest.fixture(scope="module")
def site(collection: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(collection, tmp_path_factory.mktemp("site"))


def test_the_bundles_hold_one_record_per_case_and_per_help_page_and_no_listing(
    site: Path, studies: dict[str, CaseStudy]
) -> None:
    cases, helps = _fragments(site), _fragments(site, pagefind.HELP_FOLDER)
    assert set(cases) == {f"/cases/{case_id}/" for case_id in studies}
    assert set(helps) == _help_urls()
    for fragment in [*cases.values(), *helps.values()]:
        assert "type" not in fragment["filters"]  # type: ignore[operator]  # the finder gives it, by bundle
    for listing in ("/cases/", "/themes/", "/themes/send/", "/matrix/", "/glossary/", "/browse/", "/search/"):
        assert listing not in cases and listing not in helps
    for folder, fragments in ((pagefind.OUTPUT_FOLDER, cases), (pagefind.HELP_FOLDER, helps)):
        entry = json.loads((site / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] == len(fragments)


def test_the_bundle_filters_by_theme_and_the_rest(site: Path) -> None:
    fragment = _fragments(site)["/cases/valid-case/"]
    assert fragment["filters"] == VALID_CASE_FILTERS
    assert fragment["meta"]["tagline"] == "SEND · Primary · London · Source 6 February 2015 · Reported"  # type: ignore[index]
    assert len(list((site / "pagefind" / "filter").glob("*.pf_filter"))) == 6  # five facets and the date
    assert not (site / pagefind.HELP_FOLDER / "filter").exists()  # help pages have no filter at all


def test_the_indexed_case_text_leaves_out_what_the_page_adds(site: Path) -> None:
    page = (site / "cases" / "valid-case" / "index.html").read_text(encoding="utf-8")
    assert NEIGHBOUR_TITLE in page and SOURCE_TITLE in page  # the page shows them ...
    content = str(_fragments(site)["/cases/valid-case/"]["content"])
    assert "some context what happened" in content
    assert NEIGHBOUR_TITLE not in content and SOURCE_TITLE not in content  # ... the index does not
    for word in CARD_AND_PAGE_WORDS:
        assert word not in content, word


def test_the_same_site_gives_the_same_records(site: Path, collection: Path, tmp_path: Path) -> None:
    # Pagefind's own filter and meta files are not byte-stable (their maps come out in a different order
    # from run to run); the records, one fragment file each, named by their content, are.
    again = build_site(collection, tmp_path / "site")

    def fragments(root: Path) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in (root / "pagefind" / "fragment").iterdir()}

    assert fragments(again) == fragments(site)


def test_search_index_off_writes_no_bundle(collection: Path, tmp_path: Path) -> None:
    site = build_site(collection, tmp_path / "site", {"PRACTICE_SEARCH_INDEX": "off"})
    assert (site / "cases" / "valid-case" / "index.html").is_file()
    assert not (site / "pagefind").exists() and not (site / pagefind.HELP_FOLDER).exists()


def test_background_indexing_writes_the_bundle_after_finish_returns(tmp_path: Path) -> None:
    index = pagefind.start("background", str(tmp_path))
    assert isinstance(index, pagefind.SearchIndex)
    index.add([search_records.help_record("/about/", "About", "<p>Who we are.</p>")])
    index.finish()
    assert index.wait(60), "the background index did not finish"
    assert (tmp_path / pagefind.HELP_FOLDER / "pagefind-entry.json").is_file()
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()  # the cases' bundle, empty, still written


def test_the_cases_bundle_is_written_while_the_build_goes_on_and_takes_no_late_record(
    records: dict[str, SearchRecord], tmp_path: Path
) -> None:
    # add_cases writes the cases' bundle at once (write_early): by the build's end only the help
    # pages' small bundle is left to write. A case record after that would be lost, so it is refused.
    index = pagefind.start("build", str(tmp_path))
    assert isinstance(index, pagefind.SearchIndex)
    cases = list(records.values())
    index.add(cases)
    index.write_early(search_records.CASE)
    entry = tmp_path / "pagefind" / "pagefind-entry.json"
    deadline = time.monotonic() + 60
    while not entry.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert entry.is_file(), "the cases' bundle was not written before finish()"
    assert json.loads(entry.read_text(encoding="utf-8"))["languages"]["en"]["page_count"] == len(cases)
    with pytest.raises(ValueError, match="case bundle after it was written"):
        index.add(cases[:1])
    index.add([search_records.help_record("/about/", "About", "<p>Who we are.</p>")])
    index.finish()
    help_entry = json.loads((tmp_path / pagefind.HELP_FOLDER / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert help_entry["languages"]["en"]["page_count"] == 1


# --- Failures are one plain line, never a traceback or a hang


def test_a_pagefind_service_that_dies_fails_the_build_with_one_line(collection: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PRACTICE_COLLECTION": str(collection),
        "NO_MKDOCS_2_WARNING": "1",
        "PAGEFIND_BINARY_PATH": shutil.which("false") or "/bin/false",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Pagefind could not build the search index: the Pagefind service stopped: it exited with code 1" in output
    assert "Traceback" not in output


def test_a_pagefind_service_that_never_answers_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    silent = tmp_path / "silent-pagefind"
    silent.write_text("#!/bin/sh\nexec cat > /dev/null\n", encoding="utf-8")
    silent.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(silent))
    monkeypatch.setattr(pagefind, "START_TIMEOUT", 0.5)
    index = pagefind.start("build", str(tmp_path / "site"))
    index.add([search_records.help_record("/about/", "About", "<p>Who we are.</p>")])
    with pytest.raises(PluginError, match="the Pagefind service did not start within 0 s"):
        index.finish()
    assert isinstance(index, pagefind.SearchIndex)
    assert index.wait(10), "the indexer's thread is still running"


def test_a_missing_pagefind_is_named_with_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind, "get_executable", lambda: None)
    with pytest.raises(PluginError, match=r"Pagefind is not installed: pip install 'pagefind\[bin\]'"):
        pagefind.start("build", str(tmp_path))
    assert isinstance(pagefind.start("off", str(tmp_path)), pagefind.NoIndex)


def test_an_abandoned_index_stops_its_service_and_writes_nothing(tmp_path: Path) -> None:
    index = pagefind.start("build", str(tmp_path))
    assert isinstance(index, pagefind.SearchIndex)
    index.add([search_records.help_record("/about/", "About", "<p>Who we are.</p>")])
    index.close()
    assert index.wait(10)
    assert not (tmp_path / "pagefind").exists()


def test_the_finder_vocabulary_counts_each_option_as_the_records_filter_it(taxonomy: Taxonomy) -> None:
    studies = load_case_studies(ROOT / "practice")
    vocabulary = search_records.finder_vocabulary(taxonomy, studies)
    for key, options in vocabulary.items():
        for option in options:
            expected = sum(
                1 for study in studies if option["id"] in search_records.case_filters(study, taxonomy).get(key, [])
            )
            assert option["count"] == expected, (key, option["id"])
    # Every published case has exactly one date band, and at least one theme.
    assert sum(int(str(option["count"])) for option in vocabulary["date"]) == len(studies)
    assert all(option["count"] == 0 for option in search_records.finder_vocabulary(taxonomy)["theme"])
