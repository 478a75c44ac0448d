"""The `practice` MkDocs plugin: found through its entry point, and one instance builds again and again.

`mkdocs serve` reloads the config for each rebuild, and keeps a plugin
instance across rebuilds when the plugin has on_startup (MkDocs' plugin
cache). So everything a build collects (pages written, bodies, the nav cache)
starts afresh in on_config: a second build with the same instance must give
the same pages and hold no more state than the first.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from practice_exchange import pages
from practice_exchange.site.case_page import CasePage
from practice_exchange.site.plugin import PracticePlugin

from .conftest import ROOT

COLLECTION = ROOT / "practice"


def test_the_plugin_is_registered_as_practice() -> None:
    (entry,) = [entry for entry in entry_points(group="mkdocs.plugins") if entry.name == "practice"]
    assert entry.load() is PracticePlugin


def test_one_plugin_instance_builds_twice_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_COLLECTION", str(COLLECTION))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "first"))
    plugin = config.plugins["practice"]
    assert isinstance(plugin, PracticePlugin)
    sites = []
    for run in ("first", "second"):
        if run == "second":
            # What a cached plugin sees on a rebuild: on_config again, then the build.
            config.site_dir = str(tmp_path / run)
            config.plugins.on_config(config)
            assert plugin.generated == set() and plugin.bodies == {} and plugin.taxonomy is None
        build(config)
        sites.append((tmp_path / run, len(plugin.generated), len(plugin.bodies)))
    (first, generated, bodies), (second, generated_again, bodies_again) = sites
    assert generated == generated_again > 100
    assert bodies == bodies_again == 0  # every case page's body was used and let go
    pages = sorted(path.relative_to(first) for path in first.rglob("*.html"))
    assert pages == sorted(path.relative_to(second) for path in second.rglob("*.html"))
    assert all((first / page).read_bytes() == (second / page).read_bytes() for page in pages)


def _case_file(config: Any, uri: str) -> File:
    return File(uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)


def test_a_case_page_takes_its_block_as_it_is_and_any_other_markdown_is_converted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    config = load_config(str(ROOT / "mkdocs.yml"))
    sources = {"level": 2, "id": "sources", "name": "Sources", "children": []}
    toc = [{"level": 1, "id": "px-title", "name": "A &amp; B", "children": [sources]}]
    block = '<h1 id="px-title">A &amp; B</h1>\n<p>*not emphasis*, as pages.py wrote it</p>'
    one = CasePage(_case_file(config, "cases/one.md"), config, toc)
    one.markdown = pages.html_block(block) + "\n"
    one.render(config, Files([]))
    assert one.converted and one.content == block
    assert [(item.id, item.level) for item in one.toc] == [("px-title", 1)]
    assert one.present_anchor_ids == {"px-title", "sources"}
    # Anything but exactly one block (another plugin added Markdown) is rendered as any page is.
    other = CasePage(_case_file(config, "cases/other.md"), config, toc)
    other.markdown = "Some *Markdown* first.\n\n" + pages.html_block(block) + "\n"
    other.render(config, Files([]))
    assert not other.converted and other.content is not None and "<em>Markdown</em>" in other.content
