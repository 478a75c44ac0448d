"""`practice report`: the matrix, empty cells, due reviews, drafts and sources, in four formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from practice_exchange.cli import cli
from practice_exchange.model import case_study_from
from practice_exchange.report import build_report, render_markdown
from practice_exchange.taxonomy import Taxonomy

from .conftest import COLLECTION, TODAY
from .site_helpers import new_collection

NCTL = "nctl-teaching-schools-and-las-2015"
TES = "tes-take-your-partners-2003"
FIRST_FIVE = (
    "london-partnership-comment",
    TES,
    "headteacher-update-london-leading-the-way",
    "where-do-we-stand-2014",
    NCTL,
)


def frontmatter(case_id: str, **changes: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "id": case_id,
        "title": case_id.replace("-", " ").capitalize(),
        "summary": "A summary.",
        "status": "published",
        "themes": ["send"],
        "phases": ["primary"],
        "support": ["practice-network"],
        "region": "london",
        "sources": [NCTL],
        "reviewed": "2026-01-10",
        "review_due": "2027-11-24",
    }
    meta.update(changes)
    return meta


CASES = [
    frontmatter("send-primary", themes=["send", "attendance"], phases=["primary", "secondary"]),
    frontmatter("send-overdue", review_due="2026-10-01", sources=[NCTL, TES]),
    frontmatter("attendance-due-soon", themes=["attendance"], phases=["secondary"], review_due="2026-12-24"),
    frontmatter("far-off", themes=["attendance"], phases="not reported", review_due="2027-06-01"),
    frontmatter("a-draft", status="draft", title="A draft <with> @someone", sources=["not-registered"]),
    frontmatter("old-one", status="archived", sources=[TES]),
]


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    folder = new_collection(tmp_path / "practice")
    # The report lists every registered source: pin the registry to the first edition's five, so the
    # expected output does not change each time the real collection gains a source.
    registry = yaml.safe_load((COLLECTION / "sources.yml").read_text(encoding="utf-8"))
    pinned = [entry for entry in registry if entry["id"] in FIRST_FIVE]
    (folder / "sources.yml").write_text(yaml.safe_dump(pinned, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for meta in CASES:
        text = "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n## Context\n\nText.\n"
        (folder / f"{meta['id']}.md").write_text(text, encoding="utf-8")
    (folder / "broken.md").write_text("no frontmatter here\n", encoding="utf-8")
    return folder


def run(collection: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        cli,
        ["report", "--collection", str(collection), "--today", "2026-11-24", *args],
        prog_name="practice",
        catch_exceptions=False,
    )
    return result.exit_code, result.output.splitlines()


def test_text_report(collection: Path) -> None:
    code, lines = run(collection)
    c = collection
    assert code == 0
    assert lines[:17] == [
        f"Practice Exchange report for {c} on 2026-11-24",
        "6 case studies: 4 published, 1 draft, 1 archived; 1 file could not be read (run `practice check`)",
        "",
        "Published case studies by theme and phase (- = none yet)",
        "                               1   2   3   4   5   6   7   8   9  cases",
        "  send                         -   2   -   -   1   -   -   -   -      2",
        "  attendance                   -   1   -   -   2   -   -   -   -      3",
        "  departmental-leadership      -   -   -   -   -   -   -   -   -      0",
        "  school-leadership            -   -   -   -   -   -   -   -   -      0",
        "  behaviour-and-inclusion      -   -   -   -   -   -   -   -   -      0",
        "  alternative-provision        -   -   -   -   -   -   -   -   -      0",
        "  curriculum-and-teaching      -   -   -   -   -   -   -   -   -      0",
        "  data-and-self-evaluation     -   -   -   -   -   -   -   -   -      0",
        "  governance-and-partnership   -   -   -   -   -   -   -   -   -      0",
        "  professional-development     -   -   -   -   -   -   -   -   -      0",
        "  Phases: 1 early-years, 2 primary, 3 key-stage-1, 4 key-stage-2, 5 secondary,",
        "    6 special, 7 alternative-provision, 8 post-16, 9 all-through",
    ]
    assert lines[18:21] == [
        "Empty cells: 86 of 90",
        "  send: early-years, key-stage-1, key-stage-2, special, alternative-provision, post-16, all-through",
        "  attendance: early-years, key-stage-1, key-stage-2, special, alternative-provision, post-16, all-through",
    ]
    due = lines.index("Reviews overdue or due by 2027-01-23 (within 60 days): 2")
    assert lines[due + 1 : due + 3] == [
        f"  2026-10-01  overdue by 54 days    {c / 'send-overdue.md'}",
        f"  2026-12-24  due in 30 days        {c / 'attendance-due-soon.md'}",
    ]
    drafts = lines.index("Drafts: 1")
    assert lines[drafts + 1] == f"  {c / 'a-draft.md'}  A draft <with> @someone"
    sources = lines.index("Sources and the case studies that cite them")
    assert lines[sources + 1 :] == [
        "  london-partnership-comment: 0 case studies",
        "  tes-take-your-partners-2003: 1 case study",
        "    send-overdue",
        "  headteacher-update-london-leading-the-way: 0 case studies",
        "  where-do-we-stand-2014: 0 case studies",
        "  nctl-teaching-schools-and-las-2015: 4 case studies",
        "    attendance-due-soon",
        "    far-off",
        "    send-overdue",
        "    send-primary",
        "  not-registered (NOT IN sources.yml): 1 case study",
        "    a-draft (draft)",
        "",
        "Files that could not be read (run `practice check` for details)",
        f"  {c / 'broken.md'}",
    ]


def test_due_within_widens_the_window(collection: Path) -> None:
    _, lines = run(collection, "--due-within", "365")
    assert "Reviews overdue or due by 2027-11-24 (within 365 days): 4" in lines
    _, lines = run(collection, "--due-within", "0")
    assert "Reviews overdue or due by 2026-11-24 (within 0 days): 1" in lines


def test_negative_due_within_is_a_usage_error(collection: Path) -> None:
    code, lines = run(collection, "--due-within", "-1")
    assert code == 2
    assert lines[-1] == "Error: Invalid value for '--due-within': -1 is not in the range x>=0."


def test_csv_is_the_matrix(collection: Path) -> None:
    code, lines = run(collection, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(lines))
    assert rows[0] == [
        "theme",
        "early-years",
        "primary",
        "key-stage-1",
        "key-stage-2",
        "secondary",
        "special",
        "alternative-provision",
        "post-16",
        "all-through",
        "cases",
    ]
    assert rows[1] == ["send", "0", "2", "0", "0", "1", "0", "0", "0", "0", "2"]
    assert rows[2] == ["attendance", "0", "1", "0", "0", "2", "0", "0", "0", "0", "3"]
    assert len(rows) == 11


def test_json_holds_everything(collection: Path) -> None:
    code, lines = run(collection, "--format", "json")
    assert code == 0
    data = json.loads("\n".join(lines))
    assert data["totals"] == {"case_studies": 6, "published": 4, "drafts": 1, "archived": 1, "unreadable": 1}
    assert data["matrix"]["counts"]["send"]["primary"] == 2
    assert {"theme": "send", "phase": "early-years"} in data["matrix"]["empty_cells"]
    assert [(r["id"], r["days"], r["overdue"]) for r in data["reviews"]] == [
        ("send-overdue", -54, True),
        ("attendance-due-soon", 30, False),
    ]
    assert [d["id"] for d in data["drafts"]] == ["a-draft"]
    by_id = {s["id"]: s for s in data["sources"]}
    assert by_id["not-registered"]["registered"] is False
    assert by_id[TES]["cases"] == ["send-overdue"]


def test_markdown_is_ready_to_paste_into_an_issue(collection: Path) -> None:
    code, lines = run(collection, "--format", "markdown")
    assert code == 0
    assert lines[0] == "## Practice Exchange report, 2026-11-24"
    header = lines.index("### Published case studies by theme and phase")
    assert lines[header + 2].startswith("| Theme | Early years | Primary |")
    assert lines[header + 3] == "|---|" + "---:|" * 10
    assert lines[header + 4] == "| SEND | - | 2 | - | - | 1 | - | - | - | - | 2 |"
    assert (
        f"- [ ] `{collection / 'send-overdue.md'}`: Send overdue, review due 2026-10-01 (overdue by 54 days)" in lines
    )
    # Markdown and mentions in titles are escaped, so a pasted report pings no one.
    assert f"- `{collection / 'a-draft.md'}`: A draft \\<with\\> \\@someone" in lines
    assert "| `not-registered` **not in sources.yml** | `a-draft` (draft) |" in lines


def test_real_collection_report_runs(taxonomy: Taxonomy) -> None:
    result = CliRunner().invoke(
        cli, ["report", "--collection", str(COLLECTION), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["totals"]["unreadable"] == 0
    assert data["totals"]["published"] >= 1


def test_build_report_is_pure(taxonomy: Taxonomy) -> None:
    studies = [case_study_from(frontmatter("x"), "", "x.md")]
    report = build_report(studies, taxonomy, today=TODAY, due_within=60)
    assert report.count("send", "primary") == 1
    assert len(report.empty_cells) == 89
    assert render_markdown(report)[2] == "1 case study: 1 published, 0 drafts, 0 archived"
