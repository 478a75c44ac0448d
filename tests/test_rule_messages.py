"""Every rule's message templates: declared with the rule, formatted only with exactly their values, shown in docs.

A finding's words come from its rule's declaration (`message=` or `messages=`), and
`Rule.at` fills the template in. A missing or extra value is a programming error, so it
raises rather than printing a half-filled message; these tests format every template
and check that every variant is raised somewhere and shown to readers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange.cli import cli
from practice_exchange.reference import message_lines, rules_markdown
from practice_exchange.rules.body import MISSING_SECTION
from practice_exchange.rules.privacy import NAMED_STAFF
from practice_exchange.rules.registry import DEFAULT, RULES, MessageValuesError, Rule, placeholders, rule
from practice_exchange.rules.safety import RAW_HTML
from practice_exchange.rules.values import EMPTY_VALUE

from .conftest import ROOT

SOURCE = ROOT / "src" / "practice_exchange"
TEMPLATES = [(declared, variant) for declared in RULES.values() for variant in declared.messages]


def _dummy(template: str) -> dict[str, object]:
    """A value for each placeholder: a number where the template formats one, else a marked word."""
    values: dict[str, object] = {}
    for name in placeholders(template):
        values[name] = 1234 if "{" + name + ":" in template else f"<{name}>"
    return values


def _variant(variant: str) -> str | None:
    return None if variant == DEFAULT else variant


@pytest.mark.parametrize(("declared", "variant"), TEMPLATES, ids=[f"{r.id}-{v or 'message'}" for r, v in TEMPLATES])
def test_every_template_formats_with_exactly_its_placeholders(declared: Rule, variant: str) -> None:
    template = declared.messages[variant]
    values = _dummy(template)
    finding = declared.at("practice/a.md", 3, 1, variant=_variant(variant), **values)
    assert finding.code == declared.id
    for name, value in values.items():
        assert (f"{value:,}" if isinstance(value, int) else str(value)) in finding.message, name
    if values:
        missing = dict(list(values.items())[1:])
        with pytest.raises(MessageValuesError, match="missing values"):
            declared.at("practice/a.md", 3, 1, variant=_variant(variant), **missing)
    with pytest.raises(MessageValuesError, match="unexpected values"):
        declared.at("practice/a.md", 3, 1, variant=_variant(variant), **values, not_in_the_template="x")


@pytest.mark.parametrize(("declared", "variant"), TEMPLATES, ids=[f"{r.id}-{v or 'message'}" for r, v in TEMPLATES])
def test_every_template_follows_the_style_guide(declared: Rule, variant: str) -> None:
    """docs/reference/messages.md: no trailing full stop, no exclamation mark, lower-case start (or an acronym)."""
    template = declared.messages[variant]
    assert not template.rstrip("}").endswith("."), template
    assert "!" not in template.replace("{value!r}", ""), template
    assert "\n" not in template
    first_word = template.split(" ", 1)[0]
    assert first_word[:1] == "{" or not first_word[:1].isupper() or first_word.isupper(), template  # YAML


def test_a_missing_value_is_a_clear_programming_error() -> None:
    with pytest.raises(MessageValuesError) as raised:
        MISSING_SECTION.at("practice/a.md", 4, 1)
    assert str(raised.value) == (
        "PX201 message \"missing section '## {section}'; every case study has it\": "
        "missing values ['section'], unexpected values []"
    )


def test_a_rule_with_several_messages_needs_its_variant_named() -> None:
    with pytest.raises(MessageValuesError, match="has no message variant None"):
        EMPTY_VALUE.at("practice/a.md", 4, 1, field="summary")
    with pytest.raises(MessageValuesError, match="has no message variant 'emtpy'"):
        EMPTY_VALUE.at("practice/a.md", 4, 1, variant="emtpy", field="summary")
    assert EMPTY_VALUE.at("practice/a.md", 4, 1, variant="fill_in", field="summary").message == (
        "'summary' is empty; fill it in"
    )


def test_templates_name_only_plain_placeholders() -> None:
    """Values are the contributor's; a template may not reach into their attributes or items."""
    for bad in ("{value.__class__}", "{value[0]}", "{0}", "{}", "{value:>{width}}", "{variant}"):
        with pytest.raises(ValueError, match="placeholder"):
            placeholders(bad)
    assert placeholders("{a} and {b!r} and {size:,} and {a}") == ("a", "b", "size")


def test_a_declaration_needs_exactly_one_way_of_saying_its_message() -> None:
    common = {
        "name": "a-test-rule",
        "severity": RAW_HTML.severity,
        "summary": "s",
        "explanation": "e",
        "fix": "f",
        "bad": "b",
        "good": "g",
    }
    with pytest.raises(ValueError, match="exactly one of"):
        rule(id="PX499", **common)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="exactly one of"):
        rule(id="PX499", message="m", messages={"a": "m"}, **common)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must end the message"):
        rule(id="PX499", message="{did_you_mean} first", **common)  # type: ignore[arg-type]
    assert "PX499" not in RULES


def test_values_are_inserted_as_text_never_as_templates() -> None:
    """A value holding braces or format codes is shown as written, not formatted again."""
    finding = NAMED_STAFF.at("practice/a.md", 1, 1, phrase="Mr {phrase}{0}%s\x1b[31m")
    assert finding.message.startswith("'Mr {phrase}{0}%s\x1b[31m' names a member of staff")
    assert "\x1b" not in finding.as_text()
    assert "\x1b" not in finding.as_github()


def _named_strings() -> set[str]:
    """Every string constant in the package outside the keys of dict literals (where the variants are declared)."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys if key}
        found |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in keys
        }
    return found


def test_every_message_variant_is_raised_by_name_somewhere() -> None:
    named = _named_strings()
    unused = [
        f"{declared.id} {variant}"
        for declared in RULES.values()
        for variant in declared.messages
        if variant != DEFAULT and variant not in named
    ]
    assert unused == []


def test_the_rule_reference_shows_every_template() -> None:
    page = rules_markdown()
    committed = (ROOT / "docs" / "reference" / "rules.md").read_text(encoding="utf-8")
    for declared in RULES.values():
        for line in message_lines(declared):
            assert f"\n{line}\n" in page, (declared.id, line)
            assert f"\n{line}\n" in committed, (declared.id, line)


def test_explain_shows_the_rules_messages() -> None:
    output = CliRunner().invoke(cli, ["explain", "PX113"], catch_exceptions=False).output
    assert (
        "What a finding says:\n"
        "    fill_in: '{field}' is empty; fill it in\n"
        "    not_reported: '{field}' is empty; write 'not reported' if the source is silent\n"
    ) in output
    single = CliRunner().invoke(cli, ["explain", "PX201"], catch_exceptions=False).output
    assert "What a finding says:\n    missing section '## {section}'; every case study has it\n" in single
    fixed = CliRunner().invoke(cli, ["explain", "PX005"], catch_exceptions=False).output
    assert "    file is empty; start from `practice new`\n\nHow to fix:" in fixed  # no placeholder, no note
    assert "(words in braces" not in fixed and "{name} in braces" in single


def test_no_rule_module_builds_a_message_by_hand() -> None:
    """Rule findings are made only through `.at(...)` with values: no f-string or text is passed as a message."""
    offenders = []
    for path in [*SOURCE.joinpath("rules").glob("*.py"), SOURCE / "loader.py", SOURCE / "field_kinds.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("at", "report")
            ):
                texts = [arg for arg in node.args if isinstance(arg, ast.JoinedStr | ast.BinOp)]
                if texts:
                    offenders.append(f"{Path(path).name}:{node.lineno}")
    assert offenders == []
