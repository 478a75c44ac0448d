"""The one Finding value and its formatters (text, json, github)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum

from .controls import json_safe, printable
from .wording import plural


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. Sorted by path, then position, then rule."""

    path: str
    line: int
    col: int
    code: str
    name: str
    severity: Severity
    message: str

    def as_text(self) -> str:
        # Paths and messages quote the case file; nothing in them may steer the terminal.
        return printable(f"{self.path}:{self.line}:{self.col}: {self.code} {self.message} ({self.name})")

    def as_github(self) -> str:
        # Workflow commands end at a newline and treat %, \r, \n specially.
        message = _github_escape(printable(f"{self.code} {self.message} ({self.name})"))
        path = _github_escape(printable(self.path), property_value=True)
        return f"::{self.severity.value} file={path},line={self.line},col={self.col}::{message}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    files_with_findings: int
    files: int

    def as_text(self) -> str:
        if not self.errors and not self.warnings:
            return f"no problems in {plural(self.files, 'file')}"
        return (
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"
            f" in {self.files_with_findings} of {plural(self.files, 'file')}"
        )


def summarise(findings: Sequence[Finding], files: int) -> Summary:
    return Summary(
        errors=sum(1 for f in findings if f.severity is Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
        files_with_findings=len({f.path for f in findings}),
        files=files,
    )


def format_text(findings: Iterable[Finding], summary: Summary) -> list[str]:
    return [f.as_text() for f in findings] + [summary.as_text()]


GITHUB_ANNOTATION_LIMIT = 10
"""Annotations GitHub shows per type (error, warning) per step; the rest are dropped silently."""


def annotation_overflow(summary: Summary) -> str | None:
    """A plain note when GitHub will not show every annotation, or None."""
    hidden = [
        f"{count - GITHUB_ANNOTATION_LIMIT} more {kind}"
        for count, kind in ((summary.errors, "errors"), (summary.warnings, "warnings"))
        if count > GITHUB_ANNOTATION_LIMIT
    ]
    if not hidden:
        return None
    return (
        f"GitHub shows only the first {GITHUB_ANNOTATION_LIMIT} errors and {GITHUB_ANNOTATION_LIMIT} warnings"
        f" of a step on the files; {' and '.join(hidden)} are not shown there."
        " Every finding is listed in the job summary (practice check --format summary)."
    )


def format_github(findings: Iterable[Finding], summary: Summary) -> list[str]:
    lines = [f.as_github() for f in findings]
    overflow = annotation_overflow(summary)
    if overflow:
        lines.append(f"::notice title=More findings than GitHub shows::{_github_escape(overflow)}")
    return [*lines, summary.as_text()]


def format_json(findings: Iterable[Finding], summary: Summary) -> list[str]:
    document = {"findings": [f.as_dict() for f in findings], "summary": asdict(summary)}
    return [json_safe(json.dumps(document, indent=2, ensure_ascii=False))]


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
