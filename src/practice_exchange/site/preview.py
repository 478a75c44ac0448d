"""The preview server behind `practice preview`: build once, serve, rebuild what a save changed (issue 14).

`mkdocs serve` rebuilds the whole site on every save (10 s at 1,000 cases),
and `mkdocs build --dirty` does not help: it skips a page only when its source
file is older than its output, and every generated page is an in-memory file,
which MkDocs always counts as modified (File.is_modified). So this keeps the
loaded config and plugins in one process and, after a save in the collection:

- runs MkDocs' own dirty build, with `_Tracker` marking each generated file
  whose content is byte-for-byte the previous build's as unmodified; only the
  pages whose generated Markdown changed (the case page, and the listings,
  term pages and related-practice lists that show its title) are rendered and
  written, and a case that is gone has its output removed;
- asks for the search index in the background (`search_index: background`),
  so a save never waits for Pagefind.

Generating the pages is cheap after the first build: the practice plugin keeps,
between builds of one process, the case files it read (loader.ReadMemo), the
bodies it rendered (render_cache.BodyCache's memory), each case page and
listing entry (pages.PageMemo) and the taxonomy, each remade when what it is
made from changed. tests/test_preview.py holds the served site after a run of
saves equal to a fresh build's, byte for byte.

A change to anything else (taxonomy.yml, sources.yml, docs/, mkdocs.yml) gets
a full build, into a fresh folder that replaces the served one only once it
succeeded: a failed build leaves the last good site served. A saved case file
that does not parse is reported with the checker's findings and not built.

The site is built into a temporary folder (as `mkdocs serve` does), never into
the project: the preview writes nothing of the user's.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from practice_exchange.checker import check_paths, collection_ids
from practice_exchange.findings import Finding, Severity
from practice_exchange.loader import read_document
from practice_exchange.static_server import SiteServer, make_server
from practice_exchange.taxonomy import SOURCES_FILE, TAXONOMY_FILE, ConfigError, load_taxonomy

from . import pagefind
from .plugin import PracticePlugin

POLL_SECONDS = 0.1
"""How often the watcher looks at file times: a stat of each of 1,000 files takes a few milliseconds."""
SETTLE_SECONDS = 0.05
"""An editor may write a file in more than one step; a change is built once the files stop moving."""

_TRACKER = "practice-preview"
_DIRTY_NOTICE = "A 'dirty' build is being performed"


class PreviewError(Exception):
    """A preview that cannot start (no mkdocs.yml, a config MkDocs refuses): one line for the user."""


@dataclass
class BuildReport:
    """What one build did, for the command to say."""

    kind: str
    """"full", "incremental", or "kept" (nothing built: the last good site is still served)."""
    seconds: float
    ok: bool
    written: int = 0
    """Pages rendered and written."""
    removed: int = 0
    messages: list[str] = field(default_factory=list)
    """MkDocs' warnings and errors, and the checker's findings on the saved files, one line each."""
    changed: list[str] = field(default_factory=list)


def _unchanged() -> bool:
    return False


class _Tracker(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Remembers each generated file's content, and in an incremental build marks the unchanged ones unmodified."""

    def __init__(self) -> None:
        self.previous: dict[str, bytes] = {}
        self.destinations: dict[str, str] = {}
        self.incremental = False
        self.written = 0
        self.removed = 0

    @event_priority(-100)  # after the practice plugin has added its pages
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        current: dict[str, bytes] = {}
        destinations: dict[str, str] = {}
        for file in files:
            if file.generated_by is None:
                continue  # a file in docs/ or the theme: MkDocs compares its times itself
            content = file.content_bytes
            current[file.src_uri] = content
            destinations[file.src_uri] = file.abs_dest_path
            if self.incremental and self.previous.get(file.src_uri) == content:
                # A method replaced on this one instance: MkDocs' dirty build then skips the page.
                file.is_modified = _unchanged  # type: ignore[method-assign]
        self.removed = 0
        if self.incremental:
            for uri in self.previous.keys() - current.keys():
                self.removed += _remove_output(Path(self.destinations[uri]), Path(config.site_dir))
        self.previous, self.destinations = current, destinations
        self.written = 0
        return files

    @event_priority(-100)  # after every other plugin has had the page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.written += 1
        if not self.incremental or not output.strip():
            return output
        # The served folder is rebuilt in place: MkDocs would rewrite the file where it stands, and a
        # request meanwhile could read half a page. Written whole beside it and renamed over it instead;
        # MkDocs then skips an empty output (said at info level only).
        _write_atomically(Path(page.file.abs_dest_path), output.encode("utf-8", errors="xmlcharrefreplace"))
        return ""


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.preview-partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _remove_output(path: Path, site_dir: Path) -> int:
    """Delete a page that is no longer built, and the folder use_directory_urls made for it if now empty."""
    if not path.resolve().is_relative_to(site_dir.resolve()) or not path.is_file():
        return 0
    path.unlink()
    folder = path.parent
    if folder != site_dir and not any(folder.iterdir()):
        folder.rmdir()
    return 1


class _Messages(logging.Handler):
    """MkDocs' warnings and errors during one build, as lines (the library never prints)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(_DIRTY_NOTICE):
            self.lines.append(f"{record.levelname.lower()}: {message}")


@contextmanager
def _captured() -> Iterator[_Messages]:
    logger = logging.getLogger("mkdocs")
    handler = _Messages()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


Snapshot = dict[Path, tuple[int, int]]


def _snapshot(roots: list[Path]) -> Snapshot:
    """Modification time and size of every file under the watched folders (and of each watched file)."""
    seen: Snapshot = {}
    for root in roots:
        paths = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for path in paths:
            try:
                info = path.stat()
            except OSError:
                continue  # deleted while we looked: the next look sees it gone
            seen[path] = (info.st_mtime_ns, info.st_size)
    return seen


def _changes(before: Snapshot, after: Snapshot) -> set[Path]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class Preview:
    """One site under preview: its config, its plugins' state between builds, the folder served."""

    def __init__(self, config_file: Path, search_index: str = "background") -> None:
        self.config_file = config_file.resolve()
        self.search_index = search_index
        self.site_dir: Path | None = None
        self.server: SiteServer | None = None
        self._lock = threading.Lock()
        self._theme_env: jinja2.Environment | None = None
        self.config = self._load()
        self._snapshot: Snapshot = _snapshot(self.watched())

    # -- configuration -----------------------------------------------------------------------------------

    def _load(self) -> MkDocsConfig:
        if not self.config_file.is_file():
            raise PreviewError(f"{self.config_file}: no such file (run from the project folder, or pass --config)")
        try:
            with _captured():
                config = load_config(str(self.config_file))
        except (ConfigurationError, Abort) as error:
            raise PreviewError(f"{self.config_file.name}: {error}") from error
        # The preview reports warnings and keeps serving; `make build` (mkdocs build --strict) is the gate.
        config["strict"] = False
        self.practice(config).builds_again = True  # says so now if the plugin is missing
        config.plugins[_TRACKER] = _Tracker()
        return config

    @staticmethod
    def practice(config: MkDocsConfig) -> PracticePlugin:
        plugin = config.plugins.get("practice")
        if not isinstance(plugin, PracticePlugin):
            raise PreviewError("mkdocs.yml does not use the practice plugin (plugins: [practice])")
        return plugin

    @property
    def tracker(self) -> _Tracker:
        return cast(_Tracker, self.config.plugins[_TRACKER])

    @property
    def collection(self) -> Path:
        return self.practice(self.config).collection_dir(self.config)

    @property
    def docs_dir(self) -> Path:
        return Path(self.config.docs_dir).resolve()

    def watched(self) -> list[Path]:
        """The collection, docs/, the theme overrides and mkdocs.yml."""
        roots = [self.collection, self.docs_dir, self.config_file]
        custom = self.config.theme.custom_dir
        if custom:
            roots.append(Path(custom).resolve())
        return [root for root in roots if root.exists()]

    # -- building ----------------------------------------------------------------------------------------

    def build_full(self, changed: list[str] | None = None) -> BuildReport:
        """Build everything into a fresh folder; serve it only if the build succeeded."""
        start = time.perf_counter()
        folder = Path(tempfile.mkdtemp(prefix="practice-preview-"))
        self.config["site_dir"] = str(folder)
        self.tracker.incremental = False
        ok, messages = self._run(dirty=False)
        report = BuildReport("full", time.perf_counter() - start, ok, self.tracker.written, 0, messages, changed or [])
        if not ok:
            shutil.rmtree(folder, ignore_errors=True)
            if self.site_dir is not None:
                self.config["site_dir"] = str(self.site_dir)
                self.tracker.previous.clear()  # the failed build's contents are not what is served
                report.kind = "kept"
            return report
        old, self.site_dir = self.site_dir, folder
        if self.server is not None:
            self.server.root = folder
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return report

    def build_changed(self, paths: list[Path]) -> BuildReport:
        """Rebuild after case files changed: only the pages whose generated content differs."""
        start = time.perf_counter()
        names = [self._display(path) for path in paths]
        # A file the loader could only salvage (a YAML error, PX0xx) would build as a half of itself:
        # keep the last good site, and say why, until the file parses again. Reading the file is all
        # this takes; the full check of the saved files runs once their pages are served.
        refusals: list[str] = []
        for path in paths:
            if not path.is_file():
                continue
            doc = read_document(path, self._display(path))
            errors = [f for f in doc.findings if f.severity is Severity.ERROR]
            if doc.meta is None or errors:
                refusals += [f.as_text() for f in errors] or [f"{self._display(path)}: does not parse"]
        if refusals:
            return BuildReport("kept", time.perf_counter() - start, False, messages=refusals, changed=names)
        if self.site_dir is None or not self.tracker.previous:
            return self.build_full(names)
        self.tracker.incremental = True
        ok, messages = self._run(dirty=True, env=self._theme_env)
        self.tracker.incremental = False
        seconds = time.perf_counter() - start
        messages += [finding.as_text() for finding in self._findings([path for path in paths if path.is_file()])]
        return BuildReport(
            "incremental",
            seconds,
            ok,
            self.tracker.written,
            self.tracker.removed,
            messages,
            names,
        )

    def _run(self, dirty: bool, env: jinja2.Environment | None = None) -> tuple[bool, list[str]]:
        practice = self.practice(self.config)
        theme = self.config.theme
        # MkDocs makes a new theme environment for every build, and compiling the theme's templates
        # again is a good part of a one-page rebuild. An incremental build reuses the last full build's
        # (its templates cannot have changed: a change under the theme overrides is a full build).
        made = theme.get_env() if env is None else env
        theme.get_env = lambda: made  # type: ignore[method-assign]
        self._theme_env = made
        # The previous build's background index is left to finish on its own thread: closing it (what
        # on_config does) would make this save wait for Pagefind. A dirty build renders only the changed
        # pages, so it would feed the index no help page: it writes none, and the index stays the last
        # full build's (said in the report) until the next full build.
        practice.search = pagefind.NoIndex()
        practice.config["search_index"] = "off" if dirty else self.search_index
        with self._lock, _captured() as captured:
            try:
                build(self.config, dirty=dirty)
            except (PluginError, Abort, ConfigurationError, ConfigError, OSError) as error:
                captured.lines.append(f"error: {error}")
                return False, captured.lines
            finally:
                del theme.get_env  # the class's own again
            return True, captured.lines

    def _findings(self, paths: list[Path]) -> list[Finding]:
        """The checker's errors and warnings on the saved files only (not the whole collection's)."""
        if not paths:
            return []
        try:
            taxonomy = load_taxonomy(self.collection)
        except ConfigError:
            return []  # the build says what is wrong with taxonomy.yml
        result = check_paths(paths, taxonomy, dt.date.today(), collection_ids(self.collection))
        shown = {self._display(path) for path in paths} | {str(path) for path in paths}
        return [f for f in result.findings if f.path in shown and f.severity in (Severity.ERROR, Severity.WARNING)]

    def _display(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    # -- watching ----------------------------------------------------------------------------------------

    def rebuild_for(self, changed: set[Path]) -> BuildReport:
        """The build a set of changed paths needs: incremental for case files alone, else full."""
        collection = self.collection
        settings = {collection / TAXONOMY_FILE, collection / SOURCES_FILE}
        cases = sorted(
            path
            for path in changed
            if path.suffix == ".md" and path.is_relative_to(collection) and path not in settings
        )
        names = sorted(self._display(path) for path in changed)
        if len(cases) == len(changed):
            return self.build_changed(cases)
        if self.config_file in changed:
            try:
                self.config = self._load()
            except PreviewError as error:
                return BuildReport("kept", 0.0, False, messages=[str(error)], changed=names)
        return self.build_full(names)

    def poll(self) -> BuildReport | None:
        """Look once for saved files; build what they need. None when nothing changed."""
        after = _snapshot(self.watched())
        changed = _changes(self._snapshot, after)
        if not changed:
            return None
        while True:  # wait for the files to settle (an editor's save may be several writes)
            time.sleep(SETTLE_SECONDS)
            settled = _snapshot(self.watched())
            more = _changes(after, settled)
            if not more:
                break
            changed |= more
            after = settled
        self._snapshot = after
        return self.rebuild_for(changed)

    def watch(self, report: Callable[[BuildReport], Any], stop: threading.Event) -> None:
        """Poll until `stop` is set, handing each build's report to `report`."""
        while not stop.wait(POLL_SECONDS):
            result = self.poll()
            if result is not None:
                report(result)

    # -- serving -----------------------------------------------------------------------------------------

    def bind(self, port: int) -> SiteServer:
        """Take the port before the first build, so a port in use is said at once; raises static_server.PortInUse.

        Until the first build succeeds the server's folder is an empty one (a 404 for every address).
        """
        if self.site_dir is None:
            self.site_dir = Path(tempfile.mkdtemp(prefix="practice-preview-"))
        self.server = make_server(self.site_dir, port)
        return self.server

    def serve(self) -> None:
        """Answer requests on a thread of its own, from the folder of the last good build."""
        assert self.server is not None, "bind before serving"
        threading.Thread(target=self.server.serve_forever, name="practice-preview-server", daemon=True).start()

    def close(self) -> None:
        """Stop serving, let a background index finish or stop, and remove the built folder."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        self.practice(self.config).search.close()
        if self.site_dir is not None:
            shutil.rmtree(self.site_dir, ignore_errors=True)
            self.site_dir = None
