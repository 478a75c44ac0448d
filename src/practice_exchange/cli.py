"""The `practice` command: a thin click layer over the library, which never prints."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .checker import RULES, check_paths, collection_ids
from .findings import FORMATTERS, summarise
from .rules.registry import BANDS, find_rule
from .taxonomy import ConfigError, Taxonomy, load_taxonomy

DEFAULT_COLLECTION = Path("practice")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def collection_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--collection",
        type=click.Path(path_type=Path, file_okay=False),
        default=DEFAULT_COLLECTION,
        show_default=True,
        help="Folder holding taxonomy.yml, sources.yml and the case studies.",
    )(function)


def load_or_exit(collection: Path) -> Taxonomy:
    try:
        return load_taxonomy(collection)
    except ConfigError as error:
        raise click.UsageError(f"{error}\n(Run from the project folder, or pass --collection.)") from error


def _codes(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    """Split comma lists and check each entry names a rule or a band prefix such as PX4."""
    codes = tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())
    for code in codes:
        if not any(rule_id.startswith(code) for rule_id in RULES):
            raise click.BadParameter(f"no rule matches {code!r}; see `practice rules`", param_hint=option)
    return codes


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="practice")
def cli() -> None:
    """Practice Exchange: check, create and report on school-to-school case studies.

    Case studies live in practice/ as Markdown files with YAML frontmatter.
    Start with `practice check` to validate them.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@collection_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for pull-request annotations.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--select", multiple=True, metavar="IDS", help="Only report these rules (e.g. PX101,PX4).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Never report these rules (e.g. PX108).")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge review dates as of this day (YYYY-MM-DD) instead of today.",
)
def check(
    paths: tuple[Path, ...],
    collection: Path,
    output_format: str,
    strict: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    today: dt.datetime | None,
) -> None:
    """Validate case studies (default: the collection folder).

    Prints one line per finding, `path:line:col: PX123 message (rule-name)`,
    then a summary. Exit status: 0 clean, 1 findings (errors, or warnings
    with --strict), 2 usage error.
    """
    selected, ignored = _codes(select, "--select"), _codes(ignore, "--ignore")
    taxonomy = load_or_exit(collection)

    def wanted(code: str) -> bool:
        if selected and not code.startswith(selected):
            return False
        return not (ignored and code.startswith(ignored))

    result = check_paths(
        list(paths) or [collection],
        taxonomy,
        today=today.date() if today else dt.date.today(),
        case_ids=collection_ids(collection),
        wanted=wanted,
    )
    summary = summarise(result.findings, result.files)
    for line in FORMATTERS[output_format](result.findings, summary):
        click.echo(line)
    failing = summary.errors or (strict and summary.warnings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


@cli.command("rules")
def list_rules() -> None:
    """List every rule with its ID, severity and name."""
    band = ""
    for rule in sorted(RULES.values(), key=lambda r: r.id):
        if BANDS[rule.id[2]] != band:
            band = BANDS[rule.id[2]]
            click.echo(f"{'' if rule.id == 'PX001' else chr(10)}{band}")
        click.echo(f"  {rule.id}  {rule.severity.value:<7}  {rule.name:<26}  {rule.summary}")


@cli.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain one rule (by ID such as PX104, or by name) with an example."""
    rule = find_rule(rule_id)
    if rule is None:
        raise click.BadParameter(f"no rule {rule_id!r}; see `practice rules`", param_hint="RULE_ID")
    click.echo(f"{rule.id} {rule.name} ({rule.severity.value}; {rule.band.lower()})")
    click.echo("")
    click.echo(rule.summary)
    click.echo("")
    click.echo(rule.explanation)
    click.echo("")
    click.echo(f"How to fix: {rule.fix}")
    click.echo("")
    click.echo("Example that breaks it:")
    for line in rule.example.splitlines():
        click.echo(f"    {line}")


def main() -> None:
    """Console entry point: usage errors exit 2, and so does anything unexpected, without a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the last line of defence: report, don't dump a traceback
        click.echo(f"practice: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("Please report this, with the file that caused it.", err=True)
        sys.exit(EXIT_USAGE)
