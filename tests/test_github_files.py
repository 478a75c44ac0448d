"""The GitHub files, tested by parsing: Actions cannot run here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from practice_exchange.issue_form import CURATOR_FIELDS, issue_form_text
from practice_exchange.model import CASE_STUDY_FIELDS, NOT_REPORTED, REQUIRED_SECTIONS
from practice_exchange.taxonomy import Taxonomy

from .conftest import ROOT

GITHUB = ROOT / ".github"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return result


def runs(workflow: dict[str, Any], job: str) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow, job))


def uses(workflow: dict[str, Any], job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow, job) if "uses" in step]


def triggers(workflow: dict[Any, Any]) -> Any:
    # YAML 1.1 reads a bare `on:` key as True.
    return workflow.get("on", workflow.get(True))


def test_pull_request_workflow_checks_and_tests() -> None:
    workflow = load(GITHUB / "workflows" / "check.yml")
    assert "pull_request" in triggers(workflow)
    assert uses(workflow, "check")[:2] == ["actions/checkout", "actions/setup-python"]
    commands = runs(workflow, "check")
    assert 'pip install -e ".[site,test,engine-trial]"' in commands
    assert "practice check --strict --format github" in commands
    assert "python -m pytest" in commands
    assert "mypy --strict" in commands
    assert "python scripts/zensical_trial.py" in commands
    assert "practice check --format summary" in commands
    assert "actions/upload-artifact" in uses(workflow, "check")
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}


def test_pages_workflow_builds_strictly_and_deploys_from_main() -> None:
    workflow = load(GITHUB / "workflows" / "pages.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert 'pip install -e ".[site]"' in runs(workflow, "build")
    assert "mkdocs build --strict" in runs(workflow, "build")
    assert "actions/upload-pages-artifact" in uses(workflow, "build")
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert uses(workflow, "deploy") == ["actions/deploy-pages"]
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    build = next(step for step in steps(workflow, "build") if step.get("name") == "Build")
    assert build["env"]["PRACTICE_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def test_every_action_is_pinned_to_a_commit_with_its_version_noted() -> None:
    for path in (GITHUB / "workflows").glob("*.yml"):
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.search(r"@[0-9a-f]{40}$", step["uses"]), (path.name, step["uses"])
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (path.name, line)


def test_no_event_text_is_interpolated_into_a_shell() -> None:
    """Script injection: issue and pull-request text reaches `run:` only through env and files."""
    for path in (GITHUB / "workflows").glob("*.yml"):
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


def test_proposal_workflow_has_least_privilege_per_job() -> None:
    workflow = load(GITHUB / "workflows" / "proposal.yml")
    assert triggers(workflow) == {"issues": {"types": ["opened", "edited"]}}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["draft"]["permissions"] == {"contents": "read"}
    assert jobs["comment"]["permissions"] == {"issues": "write"}
    assert jobs["pull-request"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    body_step = next(step for step in steps(workflow, "draft") if "ISSUE_BODY" in step.get("env", {}))
    assert body_step["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert "practice from-issue" in runs(workflow, "draft")
    assert "gh pr create --repo" in runs(workflow, "pull-request") and "--draft" in runs(workflow, "pull-request")
    for job in jobs.values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False


@pytest.fixture(scope="module")
def form() -> dict[str, Any]:
    data: dict[str, Any] = load(GITHUB / "ISSUE_TEMPLATE" / "case-study.yml")
    return data


def test_issue_form_is_fresh(taxonomy: Taxonomy) -> None:
    path = GITHUB / "ISSUE_TEMPLATE" / "case-study.yml"
    assert path.read_text(encoding="utf-8") == issue_form_text(taxonomy), (
        "the issue form is stale: run python scripts/gen_docs.py"
    )


def test_issue_form_dropdowns_offer_exactly_the_taxonomy_labels(form: dict[str, Any], taxonomy: Taxonomy) -> None:
    dropdowns = {element["id"]: element for element in form["body"] if element["type"] == "dropdown"}
    source_kind = dropdowns.pop("source-kind")  # a question about a new source, not a case-study field
    assert source_kind["attributes"]["options"] == [term.label for term in taxonomy.terms("source_kinds")]
    vocabulary_fields = [spec for spec in CASE_STUDY_FIELDS if spec.vocabulary and spec.name not in CURATOR_FIELDS]
    assert sorted(dropdowns) == sorted(spec.name for spec in vocabulary_fields)
    for spec in vocabulary_fields:
        expected = [term.label for term in taxonomy.terms(spec.vocabulary or "")]
        if spec.not_reported:
            expected.append(NOT_REPORTED)
        assert dropdowns[spec.name]["attributes"]["options"] == expected, spec.name
    for name in ("themes", "phases", "support"):
        assert dropdowns[name]["attributes"]["multiple"] is True
    assert "multiple" not in dropdowns["region"]["attributes"]


def test_issue_form_mirrors_the_model(form: dict[str, Any]) -> None:
    ids = [element.get("id") for element in form["body"] if element["type"] != "markdown"]
    for spec in CASE_STUDY_FIELDS:
        assert (spec.name in ids) == (spec.name not in CURATOR_FIELDS), spec.name
    for section in REQUIRED_SECTIONS:
        labels = [element["attributes"].get("label") for element in form["body"]]
        assert section in labels or section == "Sources"


def test_issue_form_follows_githubs_form_syntax(form: dict[str, Any]) -> None:
    assert {"name", "description", "body"} <= form.keys()
    ids = [element["id"] for element in form["body"] if "id" in element]
    assert len(ids) == len(set(ids)), "element ids must be unique"
    labels = [element["attributes"]["label"] for element in form["body"] if element["type"] != "markdown"]
    assert len(labels) == len(set(labels)), "labels must be unique"
    for element in form["body"]:
        assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if "id" in element:
            assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"])
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert options and len(options) == len(set(options))
            assert "None" not in options  # a reserved word in dropdowns
            # GitHub joins multiple choices with ', ': a label holding one could not be read back.
            assert not any(", " in option for option in options)


def test_pull_request_template_has_the_curators_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## Curator checklist" in text
    boxes = re.findall(r"^- \[ \] ", text, flags=re.MULTILINE)
    assert len(boxes) >= 10
    assert "practice check --strict" in text
    assert "CC BY 4.0" in text


def test_pre_commit_files_parse_and_name_the_checker() -> None:
    (hook,) = load(ROOT / ".pre-commit-hooks.yaml")
    assert hook["id"] == "practice-check"
    assert hook["entry"] == "practice check --strict --changed"
    assert hook["pass_filenames"] is True
    assert hook["language"] == "python"
    assert re.match(hook["files"], "practice/a-case.md")
    assert re.match(hook["files"], "practice/taxonomy.yml")
    assert not re.match(hook["files"], "docs/index.md")
    config = load(ROOT / ".pre-commit-config.yaml")
    local = next(repo for repo in config["repos"] if repo["repo"] == "local")
    checker = next(h for h in local["hooks"] if h["id"] == "practice-check")
    assert checker["entry"] == "practice check --strict --changed"
    assert checker["pass_filenames"] is True
