"""`practice build-pages`: the site's own pages as files, written only where asked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange import pages
from practice_exchange.build_pages import LOCAL_SITE_URL, MANIFEST
from practice_exchange.cli import cli
from practice_exchange.loader import load_case_studies
from practice_exchange.search_records import finder_vocabulary
from practice_exchange.taxonomy import load_taxonomy

from .conftest import COLLECTION, ROOT

DOCS = ROOT / "docs"


def build_pages(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build-pages", *args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def files_under(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(autouse=True)
def _run_from_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_writes_every_generated_page_exactly_as_the_site_builds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # the catalogue's date, pinned
    monkeypatch.delenv("PRACTICE_SITE_URL", raising=False)
    out = tmp_path / "pages"
    code, output = build_pages("--out", str(out))
    assert code == 0, output
    generated = pages.site_files(
        load_case_studies(COLLECTION),
        load_taxonomy(COLLECTION),
        archived=load_case_studies(COLLECTION, ("archived",)),
        site_url=LOCAL_SITE_URL,
        generated="2025-12-01",
        vocabulary=finder_vocabulary(load_taxonomy(COLLECTION), load_case_studies(COLLECTION)),
    )
    written = files_under(out)
    for uri, content in generated.items():
        assert written[uri] == content.encode("utf-8"), uri
    hand_written = files_under(DOCS)
    assert set(written) == set(generated) | set(hand_written) | {MANIFEST}
    assert f"Wrote {len(generated) + len(hand_written)} files to {out}: {len(generated)} generated" in output


def test_hand_written_pages_are_copied_with_the_evidence_labels_filled_in(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert build_pages("--out", str(out))[0] == 0
    about = (out / "about.md").read_text(encoding="utf-8")
    assert pages.EVIDENCE_MARKER not in about
    assert pages.evidence_labels(load_taxonomy(COLLECTION)) in about
    assert (out / "assets/js/finder.js").read_bytes() == (DOCS / "assets/js/finder.js").read_bytes()


def test_no_directory_urls_links_html_files(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert build_pages("--out", str(out), "--no-directory-urls")[0] == 0
    assert 'href="../about.html#evidence-labels"' in next((out / "cases").glob("[!i]*.md")).read_text("utf-8")


def test_refuses_a_folder_it_did_not_write_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.md").write_text("keep me", encoding="utf-8")
    code, output = build_pages("--out", str(out))
    assert code == 2
    assert f"Error: {out} is not empty and was not written by build-pages" in output
    assert files_under(out) == {"notes.md": b"keep me"}
    code, _ = build_pages("--out", str(out), "--force")
    assert code == 0
    assert (out / "notes.md").read_text(encoding="utf-8") == "keep me"
    assert (out / pages.MATRIX).is_file()


def test_a_rebuild_removes_pages_it_wrote_before_and_keeps_other_files(tmp_path: Path) -> None:
    collection = tmp_path / "practice"
    shutil.copytree(COLLECTION, collection)
    out = tmp_path / "pages"
    assert build_pages("--collection", str(collection), "--out", str(out))[0] == 0
    (out / "extra.txt").write_text("someone else's", encoding="utf-8")
    gone = sorted(collection.glob("*.md"))[0]
    case_page = out / pages.case_uri(gone.stem)
    assert case_page.is_file()
    gone.unlink()
    assert build_pages("--collection", str(collection), "--out", str(out))[0] == 0
    assert not case_page.exists()
    assert (out / "extra.txt").is_file()


@pytest.mark.parametrize("inside", ["docs", "docs/sub", "practice", "."])
def test_refuses_to_write_over_the_collection_or_the_docs(inside: str) -> None:
    before = files_under(DOCS)
    code, output = build_pages("--out", inside, "--force")
    assert code == 2
    assert "Error: refusing to write into" in output
    assert "it overlaps" in output
    assert files_under(DOCS) == before


def test_never_follows_a_link_out_of_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert build_pages("--out", str(out))[0] == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(out / "cases")
    (out / "cases").symlink_to(outside, target_is_directory=True)
    code, output = build_pages("--out", str(out))
    assert code == 2
    assert "outside" in output and "refusing to write 'cases/" in output
    assert list(outside.iterdir()) == []


def test_a_file_in_the_way_or_a_broken_manifest_is_a_clear_error(tmp_path: Path) -> None:
    a_file = tmp_path / "pages.md"
    a_file.write_text("x", encoding="utf-8")
    assert build_pages("--out", str(a_file)) == (2, f"Error: {a_file} exists and is not a folder\n")
    out = tmp_path / "pages"
    out.mkdir()
    (out / MANIFEST).write_text("not json", encoding="utf-8")
    code, output = build_pages("--out", str(out))
    assert code == 2
    assert "is not a build-pages manifest" in output


def test_manifest_lists_what_was_written(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert build_pages("--out", str(out))[0] == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"] == sorted(set(files_under(out)) - {MANIFEST})


def test_a_docs_page_that_would_hide_a_generated_page_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "cases").mkdir(parents=True)
    (docs / pages.ALL_CASES).write_text("# mine", encoding="utf-8")
    code, output = build_pages("--docs", str(docs), "--out", str(tmp_path / "pages"))
    assert code == 2
    assert "would hide a generated page of the same name" in output
    assert not (tmp_path / "pages").exists()


def test_an_unreadable_docs_file_is_a_clear_error(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bad.md").write_bytes(b"caf\xe9")
    code, output = build_pages("--docs", str(docs), "--out", str(tmp_path / "pages"))
    assert code == 2
    assert f"Error: {docs / 'bad.md'} is not UTF-8 text" in output


def test_the_default_address_is_mkdocs_ymls() -> None:
    assert f'site_url: !ENV [PRACTICE_SITE_URL, "{LOCAL_SITE_URL}"]' in (ROOT / "mkdocs.yml").read_text("utf-8")
    assert f"default:{LOCAL_SITE_URL}" in "".join(build_pages("--help")[1].split())
