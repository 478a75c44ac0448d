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

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

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
