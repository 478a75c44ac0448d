"""views.matrix_view and pages.matrix_page: counts, the not-reported column, totals, links, escaping."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qs, urlsplit

from practice_exchange import pages, views
from practice_exchange.model import CaseStudy

from .test_catalogue import STUDIES, TAXONOMY, _case

FINDER = "../find/"


def _view(studies: Sequence[CaseStudy] | None = None) -> views.MatrixView:
    return views.matrix_view(
        STUDIES if studies is None else studies,
        TAXONOMY,
        finder=FINDER,
        theme_href=lambda theme_id: f"../themes/{theme_id}/",
        contribute="../contributing/",
    )


def _row(view: views.MatrixView, label: str) -> views.MatrixRow:
    return next(row for row in view.rows if row.theme.label == label)


def test_columns_are_the_phases_then_phase_not_reported() -> None:
    assert _view().columns == ("Primary", "Secondary", "Phase not reported")


def test_counts_per_cell_and_a_total_counting_each_case_once() -> None:
    view = _view()
    # alpha is SEND in primary and secondary, bravo SEND in primary: 2 + 1 in the cells, 2 in the total.
    send = _row(view, "SEND")
    assert [cell.count for cell in send.cells] == [2, 1, 0]
    assert send.total.count == 2
    assert [cell.count for cell in _row(view, "Attendance").cells] == [1, 2, 0]
    # delta names no phase: it counts under "Phase not reported" and in the total, nowhere else.
    leadership = _row(view, "Departmental leadership")
    assert [cell.count for cell in leadership.cells] == [0, 0, 1]
    assert leadership.total.count == 1


def test_each_non_empty_cell_links_to_the_finder_with_its_theme_and_phase() -> None:
    view = _view()
    phase_ids = [*TAXONOMY.ids("phases"), "not-reported"]
    for row, theme_id in zip(view.rows, TAXONOMY.ids("themes"), strict=True):
        for cell, phase_id in zip(row.cells, phase_ids, strict=True):
            if cell.count:
                url = urlsplit(cell.href)
                assert url.path == FINDER
                assert parse_qs(url.query) == {"theme": [theme_id], "phase": [phase_id]}
            else:
                assert cell.href == ""
                assert cell.description == "no case study yet"
        assert parse_qs(urlsplit(row.total.href).query) == {"theme": [theme_id]}
        assert row.contribute == "../contributing/"


def test_shades_follow_fixed_bands() -> None:
    assert [views.matrix_band(count) for count in (0, 1, 2, 3, 4, 7, 8, 500)] == [0, 1, 2, 2, 3, 3, 4, 4]
    assert [cell.band for cell in _row(_view(), "SEND").cells] == [2, 1, 0]


def test_the_phone_list_names_found_and_missing_phases() -> None:
    leadership = _row(_view(), "Departmental leadership")
    assert [(label, cell.count) for label, cell in leadership.found] == [("Phase not reported", 1)]
    assert leadership.missing == "Primary, Secondary"
    assert _row(_view(), "SEND").missing == ""


def test_an_empty_collection_gives_dashes_and_no_links() -> None:
    view = _view([])
    assert all(cell.count == 0 and not cell.href for row in view.rows for cell in (*row.cells, row.total))


def test_the_page_has_one_contribute_link_a_row_and_relative_finder_links() -> None:
    page = pages.matrix_page(STUDIES, TAXONOMY)
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    rows = table.split("<tr>")[1:]
    assert len(rows) == len(TAXONOMY.ids("themes"))
    assert all(row.count('href="../contributing/"') == 1 for row in rows)
    assert 'href="../find/?theme=send&amp;phase=primary"' in table
    assert 'href="../find/?theme=departmental-leadership&amp;phase=not-reported"' in table
    assert 'href="../find/?theme=send"' in table
    assert (
        table.count('<span aria-hidden="true">–</span><span class="px-visually-hidden">no case study yet</span>') == 4
    )
    # Without directory URLs the finder is find.html, as MkDocs writes it.
    assert 'href="find.html?theme=send"' in pages.matrix_page(STUDIES, TAXONOMY, directory_urls=False)


def test_a_theme_label_is_text_in_the_matrix() -> None:
    hostile = TAXONOMY.vocabularies["themes"][0]
    taxonomy = type(TAXONOMY)(
        {**TAXONOMY.vocabularies, "themes": (type(hostile)("send", '<img src=x onerror="1">', "x"),)},
        TAXONOMY.sources,
    )
    page = pages.matrix_page([_case("zulu")], taxonomy)
    assert "<img" not in page
    assert "&lt;img src=x onerror=&quot;1&quot;&gt;" in page


def test_the_not_reported_column_uses_the_search_records_value() -> None:
    # views sits below search_records (which builds on pages), so the value is written twice: keep them one.
    from practice_exchange import search_records

    assert views.FINDER_NOT_REPORTED == search_records.NOT_REPORTED_ID
