"""The package's import layers: each module imports only modules in its own layer or below.

Lowest first. A module not listed here fails the test, so a new module
has to be placed on purpose. Within one layer imports may go either way,
but the whole graph must have no cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import practice_exchange

PACKAGE = Path(practice_exchange.__file__).parent

LAYERS: tuple[tuple[str, ...], ...] = (
    # Plain values and helpers that know no rule: what a case is, what a finding is, a parsed file.
    (
        "conventions",
        "controls",
        "fork_pool",
        "plain_text",
        "static_server",
        "escape",
        "wording",
        "extras",
        "routes",
        "statuses",
        "findings",
        "document",
        "yaml_messages",
    ),
    ("suggestions", "field_kinds", "model"),
    ("yaml_reader",),
    ("taxonomy",),
    # Pure views of the collection: rendering bodies, what a card says, and the HTML templates.
    ("render", "card", "catalogue", "feeds", "views", "html_templates", "listing"),
    # The rules: the registry and every band, reading a Document and the taxonomy.
    ("rules.scan", "rules.registry", "rules.parsing", "rules.context", "rules.safety", "rules.body"),
    # The package imports every band, so that importing any part of it registers every rule.
    (
        "rules",
        "rules.archive",
        "rules.collection",
        "rules.figures",
        "rules.markup",
        "rules.privacy",
        "rules.publishing",
        "rules.values",
    ),
    ("loader",),
    # The cheap id/title scan of the other files, for checking only changed ones (it reads with the loader).
    ("collection_scan",),
    ("checker",),
    # What is built on checking and loading: reports, the site's pages, scaffolding, the CLI.
    (
        "report",
        "reference",
        "schema",
        "scaffold",
        "issue_form",
        "source_registry",
        "summary_table",
        "fixer",
        "pages",
        "render_cache",
        "search_records",
        "build_pages",
        "from_issue",
    ),
    # The MkDocs adapter, above the library; the preview server drives MkDocs and the plugin.
    (
        "site",
        "site.plugin",
        "site.case_page",
        "site.footer_links",
        "site.nav_cache",
        "site.pagefind",
        "site.repo_links",
        "site.set_aside",
        "site.preview",
    ),
    # The CLI, above everything: `practice preview` reaches into the site adapter (imported lazily).
    ("cli", "cli_reference", "practice_exchange"),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "practice_exchange"


def _imports(path: Path) -> set[str]:
    """Modules of the package this file imports, anywhere in it (lazy imports count; type-only ones do not)."""
    name = _module_name(path)
    package = name.split(".") if path.name == "__init__.py" and name != "practice_exchange" else name.split(".")[:-1]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            node.body = []  # imports for type hints only: no edge at run time
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.startswith("practice_exchange"):
                target = node.module.removeprefix("practice_exchange").lstrip(".")
            else:
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}" if target else alias.name
                found.add(submodule if _is_module(submodule) else target or "practice_exchange")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("practice_exchange"):
                    found.add(alias.name.removeprefix("practice_exchange").lstrip(".") or "practice_exchange")
    found.discard(name)
    return found


def _is_module(name: str) -> bool:
    stem = PACKAGE.joinpath(*name.split("."))
    return stem.with_suffix(".py").exists() or (stem / "__init__.py").exists()


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer() -> None:
    placed = {module for layer in LAYERS for module in layer}
    assert sorted(set(_graph()) - placed) == []
    assert sorted(placed - set(_graph())) == []


def test_no_module_imports_a_layer_above_its_own() -> None:
    rank = {module: level for level, layer in enumerate(LAYERS) for module in layer}
    back_edges = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        for target in sorted(targets)
        if rank[target] > rank[module]
    ]
    assert back_edges == []


def test_the_import_graph_has_no_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " -> ".join((*trail[trail.index(module) :], module))
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, (*trail, module))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_a_bare_import_of_the_registry_registers_every_rule() -> None:
    # A fresh interpreter: in this one, other tests have long since imported every band.
    script = (
        "import practice_exchange.rules.registry as registry\n"
        "assert registry.find_rule('PX104') is not None\n"
        "print(' '.join(sorted(registry.RULES)))\n"
    )
    bare = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    from practice_exchange.checker import check_paths  # noqa: F401  (imports every check the CLI runs)
    from practice_exchange.rules.registry import RULES

    assert bare.stdout.split() == sorted(RULES)
