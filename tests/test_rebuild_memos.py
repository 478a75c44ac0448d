"""What a rebuild in the same process reuses (the preview's edit loop): files read, bodies, case pages.

Each memo must give exactly what a fresh build gives: these tests pin that a memo is used
when nothing changed, and is not used when anything it depends on did. test_preview.py
compares a preview's served site after edits with a fresh build, byte for byte.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from pathlib import Path

import pytest

from practice_exchange import catalogue, loader, pages, render_cache
from practice_exchange.loader import ReadMemo, load_case_studies, read_collection
from practice_exchange.taxonomy import load_taxonomy
from tests.site_helpers import new_collection, write_case


def _collection(folder: Path) -> Path:
    new_collection(folder)
    write_case(folder, "alpha-case", "Alpha", ["send"], ["primary"], body="Links to [beta](beta-case.md).")
    write_case(folder, "beta-case", "Beta", ["send"], ["primary"], body="Beta text.")
    write_case(folder, "gamma-case", "Gamma", ["attendance"], ["secondary"], body="Gamma text.")
    return folder


# ---------------------------------------------------------------- loader.ReadMemo


def _by_id(folder: Path, memo: ReadMemo) -> dict[str, object]:
    studies, _ = read_collection(folder, memo)
    return {study.id: study for study in studies}


def test_a_file_unchanged_since_the_last_read_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _collection(tmp_path / "practice")
    monkeypatch.setattr(loader, "RACY_NS", 0)  # the files were written just now: trust them once read
    time.sleep(0.05)
    memo = ReadMemo()
    first = _by_id(folder, memo)
    second = _by_id(folder, memo)
    assert second.keys() == first.keys() == {"alpha-case", "beta-case", "gamma-case"}
    assert all(second[case_id] is first[case_id] for case_id in first)


def test_a_rewritten_file_is_read_again_even_at_the_same_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _collection(tmp_path / "practice")
    monkeypatch.setattr(loader, "RACY_NS", 0)
    time.sleep(0.05)
    memo = ReadMemo()
    first = _by_id(folder, memo)
    path = folder / "beta-case.md"
    text = path.read_text(encoding="utf-8")
    time.sleep(0.05)
    path.write_text(text.replace("Beta text.", "Beta TEXT."), encoding="utf-8")  # same size
    second = _by_id(folder, memo)
    assert second["beta-case"] is not first["beta-case"]
    assert "Beta TEXT." in second["beta-case"].body  # type: ignore[attr-defined]
    assert second["alpha-case"] is first["alpha-case"]


def test_a_file_saved_moments_before_the_read_is_never_trusted(tmp_path: Path) -> None:
    # File times tick coarsely: a second save within the same tick would leave the same stamp.
    folder = _collection(tmp_path / "practice")
    memo = ReadMemo()
    first = _by_id(folder, memo)
    second = _by_id(folder, memo)
    assert all(second[case_id] is not first[case_id] for case_id in first)
    assert second == first


def test_a_deleted_file_is_forgotten_and_a_new_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _collection(tmp_path / "practice")
    monkeypatch.setattr(loader, "RACY_NS", 0)
    time.sleep(0.05)
    memo = ReadMemo()
    _by_id(folder, memo)
    (folder / "gamma-case.md").unlink()
    write_case(folder, "delta-case", "Delta", ["send"], ["primary"])
    assert _by_id(folder, memo).keys() == {"alpha-case", "beta-case", "delta-case"}


def test_a_file_that_does_not_parse_stays_unreadable_until_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _collection(tmp_path / "practice")
    monkeypatch.setattr(loader, "RACY_NS", 0)
    broken = folder / "broken.md"
    broken.write_bytes(b"\x00 not a case study")
    time.sleep(0.05)
    memo = ReadMemo()
    assert read_collection(folder, memo)[1] == read_collection(folder, memo)[1] == [str(broken)]
    time.sleep(0.05)
    write_case(folder, "broken", "Fixed now", ["send"], ["primary"])
    studies, unreadable = read_collection(folder, memo)
    assert unreadable == [] and "broken" in {study.id for study in studies}


# ---------------------------------------------------------------- render_cache.BodyCache's memory


def test_a_kept_body_cache_serves_its_bodies_without_the_folder(tmp_path: Path) -> None:
    studies = load_case_studies(_collection(tmp_path / "practice"))
    folder = tmp_path / "cache"
    kept = render_cache.BodyCache(folder)
    fresh = render_cache.render_bodies(studies, True, None, workers=1)
    assert render_cache.render_bodies(studies, True, kept, workers=1) == fresh
    shutil.rmtree(folder)  # what the memory holds was checked when read or written
    assert render_cache.render_bodies(studies, True, kept, workers=1) == fresh
    assert kept.stats.hits == len(studies) and kept.stats.rendered == len(studies)
    anew = render_cache.BodyCache(folder)
    assert render_cache.render_bodies(studies, True, anew, workers=1) == fresh
    assert anew.stats.hits == 0 and anew.stats.rendered == len(studies)


def test_a_remembered_body_is_not_used_once_its_links_answer_otherwise(tmp_path: Path) -> None:
    folder = _collection(tmp_path / "practice")
    studies = load_case_studies(folder)
    kept = render_cache.BodyCache(tmp_path / "cache")
    render_cache.render_bodies(studies, True, kept, workers=1)
    without_beta = [study for study in studies if study.id != "beta-case"]
    bodies = render_cache.render_bodies(without_beta, True, kept, workers=1)
    # alpha links to beta: unpublished, the link is text now, so the remembered body is not it.
    assert bodies == render_cache.render_bodies(without_beta, True, None, workers=1)
    assert 'href="../beta-case/"' not in bodies["cases/alpha-case.md"].html
    assert kept.stats.rendered == len(studies) + 1


# ---------------------------------------------------------------- pages.PageMemo


def test_the_page_memo_reuses_unchanged_case_pages_and_remakes_what_a_change_touches(tmp_path: Path) -> None:
    folder = _collection(tmp_path / "practice")
    taxonomy = load_taxonomy(folder)
    studies = load_case_studies(folder)
    memo = pages.PageMemo()
    first = pages.site_files(studies, taxonomy, memo=memo)
    again = pages.site_files(studies, taxonomy, memo=memo)
    assert again == first
    assert all(again[uri] is first[uri] for uri in first if uri.startswith("cases/") and uri != pages.ALL_CASES)
    # Beta renamed: its page, and the pages listing it under related practice, are remade; no other.
    write_case(
        folder, "delta-case", "Delta", ["departmental-leadership"], ["special"], ["placement"], region="north-east"
    )
    studies = load_case_studies(folder)
    first = pages.site_files(studies, taxonomy, memo=memo)
    renamed = [dataclasses.replace(s, title="Beta renamed") if s.id == "beta-case" else s for s in studies]
    changed = pages.site_files(renamed, taxonomy, memo=memo)
    assert changed == pages.site_files(renamed, taxonomy)
    related = catalogue.related_practice(renamed)
    for study in renamed:
        uri = pages.case_uri(study.id)
        if study.id == "beta-case" or "beta-case" in related[study.id]:
            assert "Beta renamed" in changed[uri] and changed[uri] is not first[uri]
        else:
            assert changed[uri] is first[uri], study.id
    assert any(changed[pages.case_uri(s.id)] is first[pages.case_uri(s.id)] for s in renamed)
    # Another taxonomy (even an equal one, read again) starts afresh.
    reread = pages.site_files(renamed, load_taxonomy(folder), memo=memo)
    assert reread == changed and all(reread[uri] is not changed[uri] for uri in changed if uri.startswith("cases/"))
