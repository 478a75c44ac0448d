"""The index-shape benchmark's pure parts: how it names what a query fetched, what each shape does to records."""

from __future__ import annotations

from practice_exchange.search_records import CASE, HELP, SearchRecord, index_words
from scripts import bench_index_shape as shape


def test_each_file_a_query_fetches_is_counted_under_its_kind() -> None:
    files = {
        "pagefind/wasm.en.pagefind": 70,
        "pagefind/pagefind.en_1a2b.pf_meta": 90,
        "pagefind/index/en_1.pf_index": 30,
        "pagefind-help/index/en_2.pf_index": 20,
        "pagefind/filter/en_3.pf_filter": 21,
        "pagefind/fragment/en_4.pf_fragment": 2,
        "pagefind/pagefind.js": 12,
        "pagefind-help/pagefind-entry.json?ts=1": 1,
        "assets/js/finder.js": 5,
    }
    assert shape.by_kind(files) == {
        "wasm": 70,
        "meta": 90,
        "index": 50,
        "filter": 21,
        "fragment": 2,
        "code": 13,
        "other": 5,
    }
    assert shape.by_kind({})["index"] == 0


def _records() -> list[SearchRecord]:
    case = SearchRecord(
        "/cases/a/", "A title\nA summary.\nAttendance rose.\nAttendance fell; attendance", {"theme": ["x"]}
    )
    help_page = SearchRecord("/about/", "About\nWho we are.\nWho, again.", kind=HELP)
    return [case, help_page]


def test_the_shipped_shape_is_index_words_after_each_records_head() -> None:
    case, help_page = shape.distinct(_records())
    assert case.content == "A title\nA summary.\n" + index_words("Attendance rose.\nAttendance fell; attendance")
    assert help_page.content == "About\n" + index_words("Who we are.\nWho, again.")


def test_a_capped_body_keeps_title_summary_and_the_first_words() -> None:
    case, help_page = shape.capped(2)(_records())
    assert case.content == "A title\nA summary.\nAttendance rose."
    assert help_page == _records()[1]


def test_the_one_bundle_layout_puts_help_pages_among_the_cases_with_a_type_filter() -> None:
    case, help_page = shape.one_bundle(_records())
    assert (case.kind, help_page.kind) == (CASE, CASE)
    assert case.filters == {"type": ["case"], "theme": ["x"]}
    assert help_page.filters == {"type": ["help"]}
    assert shape.no_sort(_records())[0].sort == {}
