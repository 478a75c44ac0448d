"""The Zensical trial's own logic: what it passes to Zensical, and that our failures are fatal.

The trial itself runs in `make test` (scripts/zensical_trial.py); these tests
keep its decisions honest without building anything with Zensical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import zensical_trial as trial


def test_config_is_the_projects_without_the_mkdocs_code() -> None:
    config = trial.zensical_config(directory_urls=False)
    assert "hooks" not in config
    assert config["plugins"] == [{"search": {"enabled": False}}]  # Pagefind searches, as in mkdocs.yml
    assert config["docs_dir"] == "pages" and config["site_dir"] == "site"
    assert config["use_directory_urls"] is False
    assert config["theme"]["custom_dir"] == str(trial.OVERRIDES)
    assert config["theme"]["font"] is False  # no request for web fonts
    assert config["theme"]["variant"] == "classic"  # Material's look, which site.css is written for
    assert config["nav"][0] == {"Home": "index.md"}


def test_mkdocs_only_tags_read_as_their_plain_values() -> None:
    import yaml

    text = "site_url: !ENV [SITE_URL, 'https://example.org/']\nname: !relative docs\n"
    assert yaml.load(text, Loader=trial._TolerantLoader) == {"site_url": "https://example.org/", "name": "docs"}


def test_a_failing_build_pages_is_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trial, "PRACTICE", Path("/bin/false"))
    with pytest.raises(trial.TrialError, match="practice build-pages failed"):
        trial.build_pages(tmp_path, directory_urls=False)


def test_links_are_resolved_like_a_browser(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "cases").mkdir(parents=True)
    (site / "about.html").write_text("", encoding="utf-8")
    page = site / "cases" / "a.html"
    page.write_text(
        '<a href="../about.html#x">ok</a> <a href="../../about.html">out</a> <a href="b.html">gone</a>'
        ' <a href="https://example.org/">web</a> <a href="#top">here</a>',
        encoding="utf-8",
    )
    checked, broken = trial.broken_links(site)
    assert checked == 3
    assert broken == ["cases/a.html -> ../../about.html", "cases/a.html -> b.html"]


def test_only_fetched_resources_count_as_outside_requests(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<a href="https://example.org/">a source</a><script src="https://cdn.example/x.js"></script>', encoding="utf-8"
    )
    assert trial.outside_requests(site) == ["index.html: <script> https://cdn.example/x.js"]


def test_checks_fail_on_a_site_that_lacks_the_pages(tmp_path: Path) -> None:
    pages, _ = trial.build_pages(tmp_path, directory_urls=False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h2>Context</h2>", encoding="utf-8")
    failed = {check.name for check in trial.check_site(pages, site) if not check.ok}
    assert {"every page built", "case pages carry the card and the body", "catalogue.json and .csv are published"} <= (
        failed
    )
