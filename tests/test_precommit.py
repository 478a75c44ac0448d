"""pre-commit really runs the checker, proved offline with `pre-commit try-repo`.

try-repo clones a hook repository, creates a fresh virtual environment and
runs `pip install .` in the clone, as a user of .pre-commit-hooks.yaml would
get. Offline, pip cannot fetch the package's dependencies or its build
backend, so the test gives pip no index at all (PIP_NO_INDEX) and lets it
find both in this test environment instead: PYTHONPATH points the hook's
virtual environment at our site-packages, so click, PyYAML and the rest are
"already installed", and PIP_NO_BUILD_ISOLATION=0 (which pip reads as "do
not isolate the build") builds the clone with our setuptools. What is
exercised is real: the manifest, the clone, a new venv, a non-editable
install of this package from the clone, the `practice` console script,
file filtering and exit codes. What is not: downloading dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import COLLECTION, ROOT

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
HOOK_REPO_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=test@example.org", "-c", "user.name=test", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def snapshot_project(target: Path) -> Path:
    """A git repository holding this working tree's package, as a hook repository."""
    target.mkdir()
    for name in HOOK_REPO_FILES:
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    git(target, "init", "-q")
    git(target, "add", ".")
    git(target, "commit", "-q", "-m", "snapshot")
    return target


def collection_repo(target: Path) -> Path:
    """A repository of case studies, as a school's fork would be."""
    (target / "practice").mkdir(parents=True)
    for path in COLLECTION.iterdir():
        if path.is_file():
            shutil.copy(path, target / "practice" / path.name)
    git(target, "init", "-q")
    git(target, "add", ".")
    git(target, "commit", "-q", "-m", "collection")
    return target


def offline_env(home: Path) -> dict[str, str]:
    """No index, no pip config, and no `practice` on PATH: the hook must use the one it installed."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PRE_COMMIT", "VIRTUAL"))}
    ours = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep) if part != ours)
    assert shutil.which("practice", path=env["PATH"]) is None, "another `practice` is on PATH"
    env.update(
        PRE_COMMIT_HOME=str(home),
        PIP_NO_INDEX="1",
        PIP_NO_BUILD_ISOLATION="0",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_CONFIG_FILE=os.devnull,
        PYTHONPATH=sysconfig.get_paths()["purelib"],
    )
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_project(tmp_path_factory.mktemp("hook") / "practice-exchange")


def try_repo(hook_repo: Path, collection: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook_repo), "practice-check", "--all-files", "--color", "never"],
        cwd=collection,
        env=offline_env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_try_repo_passes_a_clean_collection_and_fails_a_broken_one(hook_repo: Path, tmp_path: Path) -> None:
    assert PRE_COMMIT.exists(), "pre-commit is a test dependency; pip install -e .[test]"
    collection = collection_repo(tmp_path / "collection")
    home = tmp_path / "pre-commit-home"

    clean = try_repo(hook_repo, collection, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "practice check (case studies)" in clean.stdout
    assert "Passed" in clean.stdout

    broken = collection / "practice" / "broken-case.md"
    broken.write_text("---\nid: broken-case\nthemes: [sen]\n---\n", encoding="utf-8")
    git(collection, "add", ".")
    failed = try_repo(hook_repo, collection, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "practice/broken-case.md:3:10: PX104 'sen' is not one of the themes" in failed.stdout


def test_hook_ignores_changes_outside_practice(hook_repo: Path, tmp_path: Path) -> None:
    collection = collection_repo(tmp_path / "collection")
    (collection / "practice" / "broken-case.md").write_text("not a case study\n", encoding="utf-8")
    (collection / "notes.txt").write_text("hello\n", encoding="utf-8")
    git(collection, "add", "notes.txt")
    result = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook_repo), "practice-check", "--files", "notes.txt", "--color", "never"],
        cwd=collection,
        env=offline_env(tmp_path / "pre-commit-home"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout


def test_project_config_runs_the_installed_checker(tmp_path: Path) -> None:
    collection = collection_repo(tmp_path / "collection")
    shutil.copy(ROOT / ".pre-commit-config.yaml", collection / ".pre-commit-config.yaml")
    env = offline_env(tmp_path / "pre-commit-home")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    result = subprocess.run(
        [str(PRE_COMMIT), "run", "practice-check", "--all-files", "--color", "never"],
        cwd=collection,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def try_repo_files(hook_repo: Path, collection: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook_repo), "practice-check", "--files", *files, "--color", "never"],
        cwd=collection,
        env=offline_env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_hook_checks_the_changed_file_against_the_collection(hook_repo: Path, tmp_path: Path) -> None:
    """pass_filenames: the hook checks what changed, and still sees the other files' ids."""
    collection = collection_repo(tmp_path / "collection")
    home = tmp_path / "pre-commit-home"
    cases = sorted((collection / "practice").glob("*.md"))
    first, second = cases[0], cases[1]
    # A broken file that is not passed is not this commit's business (CI's full check finds it).
    (collection / "practice" / "zz-broken-case.md").write_text("not a case study\n", encoding="utf-8")
    changed = f"practice/{second.name}"
    git(collection, "add", ".")
    clean = try_repo_files(hook_repo, collection, home, changed)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    # The changed file takes the id of a file that is not passed: the duplicate is found.
    text = second.read_text(encoding="utf-8")
    second.write_text(text.replace(f"id: {second.stem}\n", f"id: {first.stem}\n", 1), encoding="utf-8")
    git(collection, "add", ".")
    failed = try_repo_files(hook_repo, collection, home, changed)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert f"PX301 id '{first.stem}' is already used by practice/{first.name}" in failed.stdout
    assert "zz-broken-case" not in failed.stdout
