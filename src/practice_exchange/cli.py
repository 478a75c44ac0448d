"""The `practice` command: a thin click layer over the library, which never prints."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TextIO

import click

from . import __version__
from .checker import check_paths, collection_ids
from .extras import missing_extra
from .findings import FORMATTERS, summarise
from .fixer import fix_file
from .from_issue import MAX_BODY_CHARS, Draft, ProposalError, comment_markdown, draft_from_issue, write_draft
from .loader import iter_case_files, read_collection
from .model import NOT_REPORTED, PLACEHOLDER_MARK
from .reference import explain_lines
from .report import FORMATS as REPORT_FORMATS
from .report import RENDERERS as REPORT_RENDERERS
from .report import build_report
from .rules.registry import BANDS, RULES, find_rule
from .scaffold import NewCase, ScaffoldError, case_path, render_case_study, write_new
from .schema import schema_text
from .source_registry import NewSource, Registration, SourceError, append_source, prepare_source, with_source
from .suggestions import normalise
from .summary_table import format_summary
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
    type=click.Choice(sorted([*FORMATTERS, "summary"])),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for pull-request annotations,"
    " summary for a Markdown table of every finding (a job summary).",
)
@click.option(
    "--link-base",
    envvar="PRACTICE_LINK_BASE",
    default="",
    metavar="URL",
    help="With --format summary: link each finding to its line under this address"
    " (e.g. https://github.com/OWNER/REPO/blob/SHA).",
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
@click.option(
    "--fix",
    is_flag=True,
    help="First repair what is mechanical (CRLF, byte order mark, trailing spaces, a missing review_due,"
    " a label instead of its id), then check.",
)
def check(
    paths: tuple[Path, ...],
    collection: Path,
    output_format: str,
    strict: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    today: dt.datetime | None,
    fix: bool,
    link_base: str,
) -> None:
    """Validate case studies (default: the collection folder).

    Prints one line per finding, `path:line:col: PX123 message (rule-name)`,
    then a summary. Exit status: 0 clean, 1 findings (errors, or warnings
    with --strict), 2 usage error.
    """
    selected, ignored = _codes(select, "--select"), _codes(ignore, "--ignore")
    taxonomy = load_or_exit(collection)
    if fix:
        for path, display in iter_case_files(list(paths) or [collection]):
            for change in fix_file(path, taxonomy):
                # Only the text format shares stdout: json and github output must stay parseable.
                click.echo(f"{display}: fixed: {change}", err=output_format != "text")

    def wanted(code: str) -> bool:
        if selected and not code.startswith(selected):
            return False
        return not (ignored and code.startswith(ignored))

    result = check_paths(
        list(paths) or [collection],
        taxonomy,
        today=today.date() if today else dt.date.today(),
        # Checking the whole collection already sees every id; only a partial
        # run needs the folder listed to know what links may point to.
        case_ids=collection_ids(collection) if paths else frozenset(),
        wanted=wanted,
    )
    summary = summarise(result.findings, result.files)
    if output_format == "summary":
        lines = format_summary(result.findings, summary, link_base)
    else:
        lines = FORMATTERS[output_format](result.findings, summary)
    for line in lines:
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
    for line in explain_lines(rule):
        click.echo(line)


# --- Contributor and curator workflow: new, report, schema --------------------------------


class Refused(click.ClickException):
    """A request the command will not carry out (a file exists, a value is unusable): exit 2, no usage text."""

    exit_code = EXIT_USAGE


def _choose(question: str, options: list[tuple[str, str]], multiple: bool) -> tuple[str, ...]:
    """Prompt with a numbered list of (id, description); accept numbers or ids, comma-separated."""
    click.echo(f"{question}:")
    for number, (option_id, description) in enumerate(options, 1):
        click.echo(f"  {number:>2}. {option_id}" + (f" ({description})" if description != option_id else ""))
    ids = [option_id for option_id, _ in options]
    # What is on the screen is accepted as typed: an id or a label, in any capitalisation.
    by_name = {normalise(name): option_id for option_id, label in options for name in (label, option_id)}

    def parse(answer: str) -> tuple[str, ...]:
        picked = []
        for part in (p.strip() for p in answer.split(",") if p.strip()):
            if part.isdigit() and 1 <= int(part) <= len(ids):
                picked.append(ids[int(part) - 1])
            elif normalise(part) in by_name:
                picked.append(by_name[normalise(part)])
            else:
                raise click.BadParameter(f"'{part}' is not in the list; type numbers, ids or labels")
        if not picked or (not multiple and len(picked) > 1):
            raise click.BadParameter("choose at least one" if multiple else "choose one")
        return tuple(dict.fromkeys(picked))

    hint = "numbers or ids, separated by commas" if multiple else "a number or an id"
    chosen: tuple[str, ...] = click.prompt(f"{question} ({hint})", value_proc=parse)
    return chosen


def _pick(taxonomy: Taxonomy, vocabulary: str, question: str, multiple: bool, not_reported: bool) -> tuple[str, ...]:
    options = [(term.id, term.label) for term in taxonomy.terms(vocabulary)]
    return _choose(question, options + ([(NOT_REPORTED, NOT_REPORTED)] if not_reported else []), multiple)


@cli.command()
@collection_option
@click.option("--title", help="A plain-words title; the id is made from it.")
@click.option("--theme", "themes", multiple=True, metavar="ID", help="A theme id (repeat for several).")
@click.option("--phase", "phases", multiple=True, metavar="ID", help="A phase id, or 'not reported' (repeatable).")
@click.option("--support", "support", multiple=True, metavar="ID", help="A kind-of-support id (repeatable).")
@click.option("--region", metavar="ID", help="A region id, or 'not reported'.")
@click.option("--source", "sources", multiple=True, metavar="ID", help="A source id from sources.yml (repeatable).")
@click.option("--role", "roles", multiple=True, metavar="ID", help="Optional: a provider role id (repeatable).")
@click.option("--new-source-title", default=None, help="Register a new source: its title (with the options below).")
@click.option("--new-source-url", default=None, help="The new source's web address, or 'not online'.")
@click.option("--new-source-publisher", default=None, help="Who published the new source.")
@click.option("--new-source-published", default=None, help="When: YYYY-MM-DD, YYYY-MM, YYYY or 'undated'.")
@click.option("--new-source-kind", default=None, help="A source kind id (news, government, organisation, ...).")
@click.option("--new-source-note", "new_source_notes", multiple=True, help="A fact the source states (repeatable).")
@click.option("--new-source-byline", default="", help="Optional: the author's or journalist's byline.")
@click.option("--summary", default=None, help="Optional: one or two sentences; left as TODO if not given.")
@click.option("--id", "case_id", default=None, help="Optional: the id (file name) instead of one made from the title.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The 'reviewed' date (YYYY-MM-DD) instead of today; review_due is a year later.",
)
@click.option("--yes", "-y", "no_input", is_flag=True, help="Never prompt: fail if a required value is missing.")
def new(
    collection: Path,
    title: str | None,
    themes: tuple[str, ...],
    phases: tuple[str, ...],
    support: tuple[str, ...],
    region: str | None,
    sources: tuple[str, ...],
    roles: tuple[str, ...],
    new_source_title: str | None,
    new_source_url: str | None,
    new_source_publisher: str | None,
    new_source_published: str | None,
    new_source_kind: str | None,
    new_source_notes: tuple[str, ...],
    new_source_byline: str,
    summary: str | None,
    case_id: str | None,
    today: dt.datetime | None,
    no_input: bool,
) -> None:
    """Start a new case study as a draft, from the template.

    Asks for anything not given as an option (unless --yes), offering the
    allowed values from taxonomy.yml, then writes <collection>/<id>.md with
    every required section and TODO placeholders. It never overwrites a file.
    """
    taxonomy = load_or_exit(collection)
    reviewed = today.date() if today else dt.date.today()
    registration: Registration | None = None
    if new_source_title is not None:
        given = NewSource(
            title=new_source_title,
            url=new_source_url or "",
            publisher=new_source_publisher or "",
            published=new_source_published or "",
            kind=new_source_kind or "",
            notes=new_source_notes,
            byline=new_source_byline,
        )
        registration = _register(given, taxonomy, reviewed)
        taxonomy = with_source(taxonomy, registration)
        sources = (*sources, registration.source.id)
    if no_input:
        missing = [
            option
            for option, value in (
                ("--title", title),
                ("--theme", themes),
                ("--phase", phases),
                ("--support", support),
                ("--region", region),
                ("--source", sources),
            )
            if not value
        ]
        if missing:
            raise click.UsageError(f"with --yes, give {', '.join(missing)}")
    else:
        title = title or click.prompt("Title (plain words a teacher would search for)")
        themes = themes or _pick(taxonomy, "themes", "Themes", multiple=True, not_reported=False)
        phases = phases or _pick(taxonomy, "phases", "Phases", multiple=True, not_reported=True)
        support = support or _pick(taxonomy, "support", "Kinds of support", multiple=True, not_reported=False)
        region = region or _pick(taxonomy, "regions", "Region", multiple=False, not_reported=True)[0]
        if not sources:
            sources, registration = _pick_sources(taxonomy, reviewed)
            if registration is not None:
                taxonomy = with_source(taxonomy, registration)
        if summary is None:
            summary = click.prompt(
                "Summary (one or two sentences; Enter to fill in later)", default="", show_default=False
            )
    assert title is not None and region is not None
    new_case = NewCase(
        title=title,
        themes=themes,
        phases=phases,
        support=support,
        region=region,
        sources=sources,
        reviewed=reviewed,
        summary=summary or "",
        case_id=case_id or "",
        provider_roles=roles,
    )
    try:
        text = render_case_study(new_case, taxonomy)
        path = write_new(case_path(collection, new_case.id), text)
    except ScaffoldError as error:
        raise Refused(str(error)) from error
    if registration is not None and registration.is_new:
        append_source(Path(taxonomy.sources_path), registration)
        click.echo(f"Registered the source '{registration.source.id}' at the end of {taxonomy.sources_path}.")
    click.echo(f"Created {path} (status: draft).")
    click.echo(f"Next: replace every {PLACEHOLDER_MARK} with what the source says, then run `practice check {path}`.")
    click.echo("When it is ready, set status: published and open a pull request.")


def _register(given: NewSource, taxonomy: Taxonomy, reviewed: dt.date) -> Registration:
    try:
        return prepare_source(given, taxonomy, reviewed)
    except SourceError as error:
        raise Refused(f"cannot register the new source: {error}") from error


NEW_SOURCE = "new"


def _pick_sources(taxonomy: Taxonomy, reviewed: dt.date) -> tuple[tuple[str, ...], Registration | None]:
    """Sources chosen from the registry, and perhaps one new source registered by answering a few questions."""
    options = [(source.id, source.citation()) for source in taxonomy.sources.values()]
    options.append((NEW_SOURCE, "a source that is not listed: register it now"))
    chosen = _choose("Sources", options, multiple=True)
    if NEW_SOURCE not in chosen:
        return chosen, None
    kinds = ", ".join(taxonomy.ids("source_kinds"))
    given = NewSource(
        title=click.prompt("Source title"),
        url=click.prompt("Web address (or 'not online')"),
        publisher=click.prompt("Publisher"),
        published=click.prompt("Date published (YYYY-MM-DD, YYYY-MM, YYYY or 'undated')"),
        kind=click.prompt(f"Kind of source ({kinds})"),
        notes=tuple(
            note.strip()
            for note in click.prompt("What the source states (facts, separated by ' | ')").split("|")
            if note.strip()
        ),
    )
    registration = _register(given, taxonomy, reviewed)
    return (*(c for c in chosen if c != NEW_SOURCE), registration.source.id), registration


@cli.command("from-issue")
@click.argument("body", type=click.File("r", encoding="utf-8"))
@collection_option
@click.option("--id", "case_id", default="", help="The id (file name) instead of one made from the title.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The 'reviewed' date (YYYY-MM-DD) instead of today.",
)
@click.option("--dry-run", is_flag=True, help="Print the draft and the comment; write nothing.")
@click.option(
    "--comment",
    "comment_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the comment for the issue (Markdown) to this file.",
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write the draft into this folder instead of the collection (the collection is still checked for it).",
)
@click.option("--issue", "issue_number", type=click.IntRange(min=1), default=None, help="The issue's number.")
def from_issue(
    body: TextIO,
    collection: Path,
    case_id: str,
    today: dt.datetime | None,
    dry_run: bool,
    comment_file: Path | None,
    output_dir: Path | None,
    issue_number: int | None,
) -> None:
    """Make a draft case study from a "Propose a case study" issue.

    BODY is the issue's text as GitHub renders it (a file, or - for standard
    input). The draft is checked before it is written; it is written only if
    the checker finds no error, and never over an existing file. Exit
    status: 0 draft made, 1 the proposal needs changes (the comment says
    which), 2 usage error.
    """
    taxonomy = load_or_exit(collection)
    text = body.read(MAX_BODY_CHARS + 1)
    day = today.date() if today else dt.date.today()
    draft: Draft | None = None
    problem = ""
    try:
        draft = draft_from_issue(text, collection, taxonomy, day, case_id)
    except ProposalError as error:
        problem = str(error)
    comment = comment_markdown(draft, problem, issue_number)
    made = draft is not None and not draft.errors
    if dry_run:
        if draft is not None:
            click.echo(f"Would {'create' if made else 'not create'} {draft.path} (status: draft).")
            click.echo(draft.text, nl=False)
        click.echo("Would comment on the issue:")
        click.echo(comment, nl=False)
        sys.exit(EXIT_CLEAN if made else EXIT_FINDINGS)
    if made:
        assert draft is not None
        try:
            path = write_draft(draft, output_dir)
        except ProposalError as error:
            problem, made = str(error), False
            comment = comment_markdown(None, problem, issue_number)
        else:
            if draft.registration is not None and draft.registration.is_new:
                click.echo(f"Registered the source '{draft.registration.source.id}' (added to the end of sources.yml).")
            click.echo(f"Created {path} (status: draft).")
    if comment_file is not None:
        comment_file.write_text(comment, encoding="utf-8")
    if draft is not None:
        for finding in draft.findings:
            click.echo(finding.as_text())
    if problem:
        click.echo(f"No draft: {problem}")
    sys.exit(EXIT_CLEAN if made else EXIT_FINDINGS)


@cli.command()
@collection_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="text for the terminal, markdown to paste into an issue, csv for the matrix, json for tools.",
)
@click.option(
    "--due-within",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    metavar="DAYS",
    help="List published case studies whose review is due within this many days (and any overdue).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Report as of this day (YYYY-MM-DD) instead of today.",
)
def report(collection: Path, output_format: str, due_within: int, today: dt.datetime | None) -> None:
    """Show the state of the collection for curators.

    Published case studies counted by theme and phase (empty cells are where
    a case study is wanted), reviews due or overdue, drafts, and which case
    studies cite each source. csv holds the theme x phase matrix only.
    """
    taxonomy = load_or_exit(collection)
    studies, unreadable = read_collection(collection)
    built = build_report(
        studies,
        taxonomy,
        today=today.date() if today else dt.date.today(),
        due_within=due_within,
        collection=str(collection),
        unreadable=unreadable,
    )
    for line in REPORT_RENDERERS[output_format](built):
        click.echo(line)


@cli.command()
@collection_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the schema to this file instead of printing it.",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def schema(collection: Path, output: Path | None, force: bool) -> None:
    """Print the JSON Schema of case-study frontmatter, generated from the model.

    Editors and other tools can use it to complete and check fields; the
    vocabularies come from the collection's taxonomy.yml and sources.yml.
    """
    text = schema_text(load_or_exit(collection))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        with output.open("w" if force else "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError as error:
        raise Refused(f"{output} already exists; pass --force to overwrite it") from error
    except OSError as error:
        raise Refused(f"cannot write {output}: {error.strerror or error}") from error
    click.echo(f"Wrote {output}")


@cli.command("build-pages")
@collection_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to write the pages into; created if missing.",
)
@click.option(
    "--docs",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("docs"),
    show_default=True,
    help="Folder of hand-written pages and assets, copied beside the generated pages.",
)
@click.option(
    "--directory-urls/--no-directory-urls",
    default=True,
    show_default=True,
    help="Write links for pages served as page/ (as MkDocs' use_directory_urls) or as page.html.",
)
@click.option(
    "--site-url",
    envvar="PRACTICE_SITE_URL",
    default="http://127.0.0.1:8000/",
    show_default=True,
    help="The address the site is published at, for the feeds' absolute links (env: PRACTICE_SITE_URL, as mkdocs.yml).",
)
@click.option(
    "--force", is_flag=True, help="Write into a folder that holds other files (files of the same name are overwritten)."
)
def build_pages(collection: Path, out: Path, docs: Path, directory_urls: bool, site_url: str, force: bool) -> None:
    """Write every page of the site as plain Markdown files, for any site engine.

    The published case studies, the theme, phase, support and region pages,
    the listings, the theme x phase matrix, the browse and search pages and
    catalogue.json/.csv, exactly as the MkDocs site builds them, plus a copy of
    the hand-written pages in --docs. Point any engine that reads a folder of
    Markdown at --out. It never writes outside --out, and refuses a folder
    that holds files it did not write unless --force.
    """
    # Imported here: page rendering may need the site extra, and the other commands must not.
    from .build_pages import BuildPagesError, collect, write

    taxonomy = load_or_exit(collection)
    try:
        page_set = collect(collection, taxonomy, docs, directory_urls, site_url)
        folder = write(page_set, out, protected=(collection, docs), force=force)
    except BuildPagesError as error:
        raise Refused(str(error)) from error
    copied = len(page_set.files) - page_set.generated
    click.echo(f"Wrote {len(page_set.files)} files to {folder}: {page_set.generated} generated, {copied} from {docs}.")


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
    except ModuleNotFoundError as error:
        # The checker installs without the site stack; say which extra a command needs.
        advice = missing_extra(error)
        if advice is None:
            _exit_internal_error(error)
        click.echo(f"practice: {advice}", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as error:  # the last line of defence: report, don't dump a traceback
        _exit_internal_error(error)


def _exit_internal_error(error: Exception) -> NoReturn:
    click.echo(f"practice: internal error: {type(error).__name__}: {error}", err=True)
    click.echo("Please report this, with the file that caused it.", err=True)
    sys.exit(EXIT_USAGE)
