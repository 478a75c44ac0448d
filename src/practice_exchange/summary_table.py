"""`practice check --format summary`: every finding as a Markdown table for a pull request's job summary.

GitHub shows at most 10 error and 10 warning annotations per step, so on a
pull request with more findings most are invisible. The job summary has no
such limit: this table lists every finding, with a link to its line and the
rule's fix in plain words.

Everything in a cell comes from a contributor's file (paths, values quoted
in messages), so it is escaped for GitHub Markdown: HTML, pipes, back-ticks,
emphasis and @-mentions all become literal text.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable

from .findings import Finding, Severity, Summary
from .rules.registry import RULES

# Inside a table cell or after "- ", only these change how a line renders: block markers such
# as '#', '-' or '1.' never start the escaped text, and '(' only matters after an (escaped) ']'.
_MARKDOWN_SPECIALS = "\\`*_[]|~"
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "@": "&#64;"}


def escape_markdown(text: str) -> str:
    """Text that GitHub Markdown shows exactly as written, on one line, inside a table cell or a list item."""
    out = []
    for char in " ".join(text.split()):
        if char in _HTML:
            out.append(_HTML[char])
        elif char in _MARKDOWN_SPECIALS:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def line_link(link_base: str, finding: Finding) -> str:
    """A link to the finding's line in the repository, or the plain location where no base is known."""
    label = escape_markdown(f"{finding.path}:{finding.line}")
    if not link_base:
        return label
    target = f"{link_base.rstrip('/')}/{urllib.parse.quote(finding.path.lstrip('./'))}#L{finding.line}"
    return f"[{label}]({target.replace(')', '%29').replace(' ', '%20')})"


def format_summary(findings: Iterable[Finding], summary: Summary, link_base: str = "") -> list[str]:
    """The job summary: a heading, the counts in words, then one table row per finding."""
    findings = list(findings)
    lines = ["## Case-study check", "", f"**{escape_markdown(summary.as_text())}**", ""]
    if not findings:
        return [*lines, "Every case study passed the checks."]
    lines += ["| | Where | Problem | How to fix | Rule |", "|---|---|---|---|---|"]
    for finding in findings:
        rule = RULES.get(finding.code)
        mark = "❌ error" if finding.severity is Severity.ERROR else "⚠️ warning"
        fix = escape_markdown(rule.fix) if rule else ""
        lines.append(
            f"| {mark} | {line_link(link_base, finding)} | {escape_markdown(finding.message)} | {fix}"
            f" | {finding.code} {escape_markdown(finding.name)} |"
        )
    lines += [
        "",
        "`practice explain PX123` says more about any rule; run `practice check --fix` for the mechanical ones.",
    ]
    return lines
