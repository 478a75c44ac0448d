"""Conventions of the test suite that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast

from .conftest import ROOT


def test_every_cli_runner_invocation_lets_crashes_through() -> None:
    """CliRunner catches exceptions by default and reports exit 1, which reads like "findings":
    a crash must fail the test instead."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "invoke":
                keywords = {k.arg: k.value for k in node.keywords}
                value = keywords.get("catch_exceptions")
                if not (isinstance(value, ast.Constant) and value.value is False):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
