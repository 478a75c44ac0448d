"""`practice preview` (site/preview.py): a saved case shows on the served site, and only what changed is rebuilt.

Each test builds a small collection once, serves it on a free port, then
changes files and calls Preview.poll(), the watcher's own step, so no test
waits on a timer. No timing is asserted (scripts/bench_edit_loop.py measures).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange import loader
from practice_exchange.cli import cli
from practice_exchange.site.preview import BuildReport, Preview
from tests.site_helpers import ROOT, new_collection, write_case

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _get(preview: Preview, path: str) -> tuple[int, str]:
    assert preview.server is not None
    url = f"http://127.0.0.1:{preview.server.port}/{path}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _poll(preview: Preview) -> BuildReport:
    report = preview.poll()
    assert report is not None, "the watcher saw no change"
    return report


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    folder = new_collection(tmp_path / "practice")
    write_case(folder, "alpha-pairs", "Alpha departments pair up", ["send"], ["secondary"], body="Alpha text.")
    write_case(folder, "beta-visits", "Beta visits by officers", ["send"], ["secondary"], body="Beta text.")
    return folder


@pytest.fixture
def preview(collection: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    monkeypatch.setenv("PRACTICE_COLLECTION", str(collection))
    site = Preview(ROOT / "mkdocs.yml", search_index="off")
    site.bind(0)
    first = site.build_full()
    assert first.ok, first.messages
    site.serve()
    yield site
    site.close()


def test_the_first_build_is_served_with_the_sites_404_page(preview: Preview) -> None:
    status, page = _get(preview, "cases/alpha-pairs/")
    assert status == 200 and "Alpha text." in page
    status, page = _get(preview, "cases/no-such-case/")
    assert status == 404 and "Page not found" in page
    assert preview.site_dir is not None and not preview.site_dir.is_relative_to(ROOT)


def test_a_new_body_and_title_reach_the_page_and_every_listing(preview: Preview, collection: Path) -> None:
    write_case(
        collection, "alpha-pairs", "Alpha renamed in preview", ["send"], ["secondary"], body="Fresh zebraword text."
    )
    report = _poll(preview)
    assert report.kind == "incremental" and report.ok, report.messages
    # Only the pages that show the case: far fewer than the whole site.
    assert 1 <= report.written < 20
    assert "zebraword" in _get(preview, "cases/alpha-pairs/")[1]
    for listing in ("cases/", "themes/send/", "phases/secondary/", "cases/beta-visits/"):
        page = _get(preview, listing)[1]
        assert "Alpha renamed in preview" in page, listing
        assert "Alpha departments pair up" not in page, listing


def test_an_unchanged_collection_rebuilds_nothing_more(preview: Preview, collection: Path) -> None:
    path = collection / "beta-visits.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Beta text.", "Beta text, edited."), encoding="utf-8")
    report = _poll(preview)
    assert report.kind == "incremental"
    assert "Beta text, edited." in _get(preview, "cases/beta-visits/")[1]
    assert preview.poll() is None  # nothing saved since: no build


def test_a_deleted_case_is_gone_from_its_address_and_the_listings(preview: Preview, collection: Path) -> None:
    (collection / "beta-visits.md").unlink()
    report = _poll(preview)
    assert report.ok and report.removed >= 1
    assert _get(preview, "cases/beta-visits/")[0] == 404
    for listing in ("cases/", "themes/send/", "cases/alpha-pairs/"):
        assert "Beta visits by officers" not in _get(preview, listing)[1], listing


def test_a_broken_case_file_is_reported_and_the_last_good_site_stays(preview: Preview, collection: Path) -> None:
    (collection / "alpha-pairs.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    report = _poll(preview)
    assert report.kind == "kept" and not report.ok
    assert any("alpha-pairs.md" in line for line in report.messages), report.messages
    status, page = _get(preview, "cases/alpha-pairs/")
    assert status == 200 and "Alpha text." in page
    # Fixed again, it builds.
    write_case(collection, "alpha-pairs", "Alpha is back", ["send"], ["secondary"])
    assert _poll(preview).ok
    assert "Alpha is back" in _get(preview, "cases/")[1]


def test_a_taxonomy_change_rebuilds_the_whole_site(preview: Preview, collection: Path) -> None:
    taxonomy = collection / "taxonomy.yml"
    taxonomy.write_text(
        taxonomy.read_text(encoding="utf-8").replace("    label: SEND\n", "    label: SEND and inclusion\n", 1),
        encoding="utf-8",
    )
    report = _poll(preview)
    assert report.kind == "full" and report.ok, report.messages
    assert "SEND and inclusion" in _get(preview, "themes/send/")[1]
    assert "SEND and inclusion" in _get(preview, "cases/alpha-pairs/")[1]


def test_a_broken_taxonomy_keeps_the_last_good_site(preview: Preview, collection: Path) -> None:
    (collection / "taxonomy.yml").write_text("themes: [\n", encoding="utf-8")
    report = _poll(preview)
    assert report.kind == "kept" and not report.ok
    assert any("taxonomy.yml" in line for line in report.messages), report.messages
    assert "Alpha text." in _get(preview, "cases/alpha-pairs/")[1]


def _site_files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_after_a_run_of_saves_the_served_site_is_a_fresh_builds_byte_for_byte(
    preview: Preview, collection: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the plugin keeps between builds (files read, bodies, case pages, the taxonomy) must
    # never show: after edits, a new case and a deletion, the served site is what a new process builds.
    monkeypatch.setattr(loader, "RACY_NS", 0)  # trust file times, so the memos are used, not bypassed
    edits: list[Callable[[], object]] = [
        lambda: write_case(collection, "alpha-pairs", "Alpha renamed", ["send"], ["secondary"], body="New."),
        lambda: write_case(collection, "gamma-new", "Gamma", ["send"], ["primary"], body="[Beta](beta-visits.md)"),
        lambda: write_case(collection, "beta-visits", "Beta", ["attendance"], ["secondary"], body="Edited beta."),
        lambda: (collection / "alpha-pairs.md").unlink(),
    ]
    for edit in edits:
        time.sleep(0.05)  # a save one file-time tick after the last read, as an author's would be
        edit()
        report = _poll(preview)
        assert report.kind == "incremental" and report.ok, report.messages
    fresh = Preview(ROOT / "mkdocs.yml", search_index="off")
    try:
        assert fresh.build_full().ok
        assert preview.site_dir is not None and fresh.site_dir is not None
        served, built = _site_files(preview.site_dir), _site_files(fresh.site_dir)
        assert served.keys() == built.keys()
        assert [name for name in served if served[name] != built[name]] == []
    finally:
        fresh.close()


def test_a_port_in_use_is_said_in_one_line(collection: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_COLLECTION", str(collection))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["preview", "--port", str(port), "--config", str(ROOT / "mkdocs.yml")], catch_exceptions=False
        )
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert "--port" in result.output
    assert "Traceback" not in result.output


def test_a_missing_config_is_said_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["preview", "--port", "0", "--config", str(tmp_path / "mkdocs.yml")], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "mkdocs.yml: no such file" in result.output


def test_the_edit_loop_benchmark_runs_at_a_small_size(tmp_path: Path) -> None:
    # The benchmark's own machinery (the real command, the watcher, the served page), at 20 cases; no timing asserted.
    out = tmp_path / "edit-loop.json"
    command = [sys.executable, str(ROOT / "scripts" / "bench_edit_loop.py"), "--cases", "20", "--edits", "2"]
    subprocess.run([*command, "--search", "off", "--json", str(out)], check=True, capture_output=True, timeout=900)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["cases"] == 20 and result["edits"] == 2
    assert len(result["save_to_served_s"]) == 2
    assert result["min_s"] <= result["median_s"] <= result["max_s"]
