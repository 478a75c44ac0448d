"""The CLI reference page is generated from the click commands and committed fresh."""

from __future__ import annotations

import click

from practice_exchange.cli import cli
from practice_exchange.cli_reference import cli_reference_markdown

from .conftest import ROOT

PAGE = ROOT / "docs" / "reference" / "cli.md"


def test_committed_page_is_fresh() -> None:
    assert PAGE.read_text(encoding="utf-8") == cli_reference_markdown(), (
        "docs/reference/cli.md is stale: run python scripts/gen_docs.py"
    )


def test_every_command_and_option_is_documented() -> None:
    text = cli_reference_markdown()
    ctx = click.Context(cli, info_name="practice")
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        assert f"## `practice {name}`" in text
        for param in command.params:
            if isinstance(param, click.Option):
                assert f"`{param.opts[0]}" in text or any(f"{opt}" in text for opt in param.opts), (name, param.name)


def test_angle_brackets_in_help_are_escaped_outside_code() -> None:
    text = cli_reference_markdown()
    assert "&lt;collection&gt;/&lt;id&gt;.md" in text
    assert "`practice check`" in text


def test_a_small_group_renders_exactly() -> None:
    @click.group()
    def tool() -> None:
        """A tool."""

    @tool.command()
    @click.option("--flag", is_flag=True, help="Turn <it> on.")
    def go(flag: bool) -> None:
        """Go somewhere."""

    assert cli_reference_markdown(tool, "tool").splitlines()[6:] == [
        "## `tool`",
        "",
        "```text",
        "tool [OPTIONS] COMMAND [ARGS]...",
        "```",
        "",
        "A tool.",
        "",
        "Commands:",
        "",
        "- [`go`](#tool-go): Go somewhere.",
        "",
        "Options:",
        "",
        "- `--help`: Show this message and exit.",
        "",
        "## `tool go`",
        "",
        "```text",
        "tool go [OPTIONS]",
        "```",
        "",
        "Go somewhere.",
        "",
        "Options:",
        "",
        "- `--flag`: Turn &lt;it&gt; on.",
        "- `--help`: Show this message and exit.",
    ]
