"""`pip install practice-exchange` without extras: the checker must work with its core dependencies alone
(click, PyYAML, and Python-Markdown and nh3, with which it renders bodies as the site does).

A fresh venv would be slow and need the package index, so a child Python
gets an import blocker on sys.meta_path instead: every module of the site
stack (and python-frontmatter, which only the tests use) fails to import,
as it would in a light install, and the checker's commands must still run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import click
import pytest

from practice_exchange import cli as cli_module
from practice_exchange.extras import EXTRA_MODULES, missing_extra

from .conftest import ROOT
from .site_helpers import new_collection
from .test_new import FLAGS as NEW_FLAGS

BLOCKED = sorted({*EXTRA_MODULES, "frontmatter"})

SITE_SIDE = (
    "practice_exchange.site",
    "practice_exchange.pages",
    "practice_exchange.build_pages",
    "practice_exchange.html_templates",
    "practice_exchange.listing",
    "practice_exchange.search_records",
)
"""Modules that may need the site extra (pages are rendered with Jinja templates); cli.py imports them lazily."""

CHILD = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    BLOCKED = set(sys.argv[1].split(","))
    SITE_SIDE = tuple(sys.argv[2].split(","))

    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
            return None

    sys.meta_path.insert(0, Blocker())

    import practice_exchange
    for info in pkgutil.walk_packages(practice_exchange.__path__, "practice_exchange."):
        if not info.name.startswith(SITE_SIDE):
            importlib.import_module(info.name)

    from practice_exchange.cli import main
    sys.argv = ["practice", *sys.argv[3:]]
    main()
    """
)


def run_light(*args: str, blocked: Sequence[str] = BLOCKED) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, ",".join(blocked) or "-", ",".join(SITE_SIDE), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--today", "2026-11-24"],
        ["rules"],
        ["explain", "PX104"],
        ["schema"],
        ["report", "--today", "2026-11-24"],
        ["new", "--help"],
        ["from-issue", "--help"],
    ],
)
def test_checker_commands_run_without_the_site_stack(args: list[str]) -> None:
    light = run_light(*args)
    assert "Traceback" not in light.stderr, light.stderr
    assert "internal error" not in light.stderr, light.stderr
    assert light.stdout
    # Whatever the collection's state (clean or with findings), the light install behaves as the full one.
    full = run_light(*args, blocked=())
    assert (light.returncode, light.stdout, light.stderr) == (full.returncode, full.stdout, full.stderr)


def test_new_writes_a_draft_without_the_site_stack(tmp_path: Path) -> None:
    collection = new_collection(tmp_path / "practice")
    result = run_light("new", "--collection", str(collection), "--title", "A light install", *NEW_FLAGS)
    assert result.returncode == 0, result.stderr
    assert (collection / "a-light-install.md").is_file()


def test_blocker_really_blocks() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD.replace("from practice_exchange.cli import main", "import mkdocs"), "mkdocs", "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "No module named 'mkdocs' (blocked)" in result.stderr


def test_a_command_that_needs_an_extra_says_which(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    @click.command("needs-site")
    def needs_site() -> None:
        raise ModuleNotFoundError("No module named 'mkdocs.config'", name="mkdocs.config")

    monkeypatch.setitem(cli_module.cli.commands, "needs-site", needs_site)
    monkeypatch.setattr(sys, "argv", ["practice", "needs-site"])
    with pytest.raises(SystemExit) as done:
        cli_module.main()
    assert done.value.code == cli_module.EXIT_USAGE
    err = capsys.readouterr().err
    assert err == (
        "practice: this needs the 'site' extra, which is not installed (no module 'mkdocs'): "
        "pip install 'practice-exchange[site]' (in a clone: pip install -e '.[site]')\n"
    )


def test_a_missing_module_of_no_extra_is_an_internal_error() -> None:
    assert missing_extra(ModuleNotFoundError("x", name="yaml")) is None
    assert missing_extra(ModuleNotFoundError("x", name="zensical")) is not None
