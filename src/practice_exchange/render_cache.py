"""Each case body rendered once: from a build cache folder by content hash, the rest across the cores.

The site build renders every case body (pages.body_html: Markdown, link
rewriting, sanitising). That output depends on nothing but

- the text rendered (the body less its Sources section), the case's id (links
  are written relative to its page) and use_directory_urls;
- for each case id the body links to, whether that case is on the site (the
  link map asks only that: Published records which ids it asked, and an entry
  holds those answers, so publishing an unrelated case re-renders nothing);
- the code and the libraries: a hash of render.py and of the pages.py
  functions the body goes through, the Markdown and nh3 versions, and
  CACHE_VERSION for anything else.

Entries are JSON files named by the key's SHA-256, in one folder (default
`.cache/practice/` beside mkdocs.yml; git ignores it). The folder is safe to
delete at any time. An entry is used only if it parses, names its own key,
matches the digest it carries, still has the link answers it was made with, and
its HTML is what the sanitiser itself lets through unchanged (its headings'
ids and names pass the same kind of check): a truncated, corrupt or planted
file is re-rendered and overwritten, never trusted as HTML. Only this module
writes entries, only from a body it has just rendered, each through a temporary
file and os.replace(), so concurrent builds never see half an entry.

The misses are rendered in a pool of forked processes, one a core, when there
are at least POOL_MIN of them; fewer render in this process, where the pool's
start costs more than it saves (measured: see POOL_MIN).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import fork_pool, pages, plain_text, render
from .model import CaseStudy

CACHE_VERSION = 2
"""Bump when a body's output changes for the same text in a way the hashed sources below do not show."""

_HASHED_SOURCES: tuple[Callable[..., Any], ...] = (
    pages.body_html,
    pages.case_links,
    pages.case_uri,
    pages.href,
    pages.page_url,
    pages._relpath,
)
"""The pages.py code between a body's text and its HTML (render.py is hashed whole)."""

POOL_MIN = 40
"""The fewest bodies to render that are worth a process pool. Measured 2026-12-01 on the shared 2-core
machine (load 12, medians of 3, synthetic 470-word bodies): 20 bodies 105 ms here vs 235 ms in a pool,
40 bodies 388 vs 400 ms, 80 bodies 552 vs 401 ms, 160 bodies 928 vs 768 ms. Forking two workers and
collecting their results costs about as much as rendering 40 bodies."""

BodyRenderer = Callable[[str, str, Collection[str], bool], render.Rendered]
"""pages.body_html's signature: (case id, text, published ids, directory_urls) -> the sanitised body."""

_CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# The Practice Exchange build cache: safe to delete.\n"
_ENTRY_KEYS = frozenset({"format", "key", "asked", "rendered", "digest"})
_RENDERED_FIELDS = ("html", "toc_tokens", "raw_html", "raw_is_block", "markdown_html", "plain", "sanitised", "text")


class Published(Collection[str]):
    """The ids on the site, noting each id the link map asks about: a body's HTML depends on those answers alone."""

    def __init__(self, ids: Collection[str]) -> None:
        self._ids = ids
        self.asked: dict[str, bool] = {}

    def __contains__(self, item: object) -> bool:
        found = item in self._ids
        if isinstance(item, str):
            self.asked[item] = found
        return found

    # Listing or counting the ids would make a body depend on all of them, which `asked` cannot
    # record: fail loudly rather than cache an entry that a new case would make stale.
    def __iter__(self) -> Iterator[str]:
        raise TypeError("a body's rendering may only ask whether an id is published")

    def __len__(self) -> int:
        raise TypeError("a body's rendering may only ask whether an id is published")


@cache
def fingerprint() -> str:
    """Everything besides a body's own inputs that its HTML depends on, as one hash."""
    parts = [
        f"cache {CACHE_VERSION}",
        f"python {sys.version_info[0]}.{sys.version_info[1]}",
        f"markdown {metadata.version('markdown')}",
        f"nh3 {metadata.version('nh3')}",
        Path(inspect.getfile(render)).read_text(encoding="utf-8"),
        Path(inspect.getfile(plain_text)).read_text(encoding="utf-8"),
        *(inspect.getsource(function) for function in _HASHED_SOURCES),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _fingerprint_known() -> bool:
    try:
        fingerprint()
    except (OSError, TypeError):  # installed without its .py sources (inspect cannot read them)
        return False
    return True


def body_key(case_id: str, text: str, directory_urls: bool) -> str:
    material = "\0".join((fingerprint(), case_id, "dirs" if directory_urls else "files", text))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    rendered: int = 0
    rejected: int = 0
    """Entries present but not used: unreadable, corrupt, stale links or failing the checks."""
    unwritable: int = 0


class BodyCache:
    """One cache folder. Reading never raises; writing fails quietly (the build goes on uncached)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self.stats = CacheStats()
        self._memory: dict[str, tuple[render.Rendered, dict[str, bool]]] = {}
        """Entries this instance read (and checked) or wrote, by key: a plugin that keeps its
        BodyCache between builds (the preview) reads no entry from disk twice."""

    def _path(self, key: str) -> Path:
        # The name is a hex digest this module made: it cannot climb out of the folder.
        if len(key) != 64 or not all(char in "0123456789abcdef" for char in key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.folder / f"{key}.json"

    def get(self, key: str, published: Collection[str]) -> render.Rendered | None:
        remembered = self._memory.get(key)
        if remembered is not None and _answers_hold(remembered[1], published):
            self.stats.hits += 1
            return replace(remembered[0])
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None  # missing (or unreadable): rendered and written afresh
        entry = _entry_body(data, key, published)
        if entry is None:
            self.stats.rejected += 1
            return None
        self.stats.hits += 1
        self._memory[key] = entry
        return replace(entry[0])

    def forget_all_but(self, keys: Collection[str]) -> None:
        """Keep in memory only the entries of `keys` (this build's): a long preview does not grow without end."""
        self._memory = {key: entry for key, entry in self._memory.items() if key in keys}

    def put(self, key: str, rendered: render.Rendered, asked: dict[str, bool]) -> None:
        if self.write(key, rendered, asked):
            self.remember(key, rendered, asked)
        elif _well_formed(rendered):
            self.stats.unwritable += 1

    def remember(self, key: str, rendered: render.Rendered, asked: dict[str, bool]) -> None:
        """Hold a body just rendered and written (write() said so) for this instance's next get()."""
        self._memory[key] = (replace(rendered), dict(asked))

    def write(self, key: str, rendered: render.Rendered, asked: dict[str, bool]) -> bool:
        """Store an entry on disk; False if it is not one a read would accept, or could not be written.

        Safe in a pool's worker (render_bodies writes there): it touches only the folder.
        """
        if not _well_formed(rendered):
            return False  # would be rejected when read: rendered afresh every time instead
        entry = {"format": CACHE_VERSION, "key": key, "asked": asked, "rendered": asdict(rendered)}
        entry["digest"] = _digest(entry)
        data = json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        temporary = ""
        try:
            self._ensure_folder()
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
            os.replace(temporary, self._path(key))
        except OSError:
            if temporary:
                Path(temporary).unlink(missing_ok=True)
            return False
        return True

    def _ensure_folder(self) -> None:
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_CACHEDIR_TAG, encoding="ascii")


def _digest(entry: dict[str, Any]) -> str:
    content = {name: entry[name] for name in ("format", "key", "asked", "rendered")}
    return hashlib.sha256(json.dumps(content, ensure_ascii=True, sort_keys=True).encode("ascii")).hexdigest()


def _answers_hold(asked: dict[str, bool], published: Collection[str]) -> bool:
    """Whether the link answers a body was rendered with are still the answers."""
    return all((case_id in published) == was for case_id, was in asked.items())


def _entry_body(data: bytes, key: str, published: Collection[str]) -> tuple[render.Rendered, dict[str, bool]] | None:
    """The body an entry holds, with its link answers, if every check passes; None for anything else."""
    try:
        entry = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or set(entry) != _ENTRY_KEYS:
        return None
    if entry["format"] != CACHE_VERSION or entry["key"] != key or entry["digest"] != _digest(entry):
        return None
    asked, fields = entry["asked"], entry["rendered"]
    if not isinstance(asked, dict) or any(not isinstance(was, bool) for was in asked.values()):
        return None
    if not _answers_hold(asked, published):
        return None
    if not isinstance(fields, dict) or set(fields) != set(_RENDERED_FIELDS):
        return None
    rendered = render.Rendered(**fields)
    return (rendered, asked) if _well_formed(rendered) else None


def _well_formed(rendered: render.Rendered) -> bool:
    """Whether an entry's body is one the renderer could have made, as far as the page's safety goes.

    The HTML goes on the page after the page's own sanitising, so it must be a fixed
    point of the sanitiser; the headings' names go into the table of contents as they
    are, so they must hold no markup, and their ids must be heading ids.
    """
    if not (isinstance(rendered.html, str) and isinstance(rendered.markdown_html, str)):
        return False
    if not isinstance(rendered.text, str):
        return False
    if not (isinstance(rendered.plain, bool) and isinstance(rendered.sanitised, bool)):
        return False
    if not (isinstance(rendered.raw_html, list) and all(isinstance(piece, str) for piece in rendered.raw_html)):
        return False
    blocks = rendered.raw_is_block
    if not (isinstance(blocks, list) and all(isinstance(block, bool) for block in blocks)):
        return False
    if len(blocks) != len(rendered.raw_html) or not _toc_ok(rendered.toc_tokens, 0):
        return False
    return render.sanitise(rendered.html) == rendered.html


def _toc_ok(tokens: object, depth: int) -> bool:
    if not isinstance(tokens, list) or depth > 6:
        return False
    for token in tokens:
        if not isinstance(token, dict) or not {"level", "id", "name", "children"} <= set(token):
            return False
        level, ident, name = token["level"], token["id"], token["name"]
        if type(level) is not int or not 1 <= level <= 6:
            return False
        if not isinstance(ident, str) or not render.allowed_value("h2", "id", ident):
            return False
        if not isinstance(name, str) or "<" in name or ">" in name:
            return False
        if any(not isinstance(value, str) for label, value in token.items() if label not in ("level", "children")):
            return False
        if not _toc_ok(token["children"], depth + 1):
            return False
    return True


# --- rendering the misses -----------------------------------------------------------------------------------


_Job = tuple[str, str, str]
"""A body to render: the case's id, the text, and its cache key."""


def _render_one(
    state: tuple[BodyRenderer, frozenset[str], bool, BodyCache | None], job: _Job
) -> tuple[render.Rendered, dict[str, bool], bool]:
    """One body, with the link answers it needed and whether it was written to the cache: the writing,
    JSON and digest and file, is as dear as the rendering, so the pool's workers do it too."""
    renderer, published, directory_urls, body_cache = state
    case_id, text, key = job
    asking = Published(published)
    rendered = renderer(case_id, text, asking, directory_urls)
    written = body_cache.write(key, rendered, asking.asked) if body_cache is not None else False
    return rendered, asking.asked, written


def render_jobs(
    jobs: Sequence[tuple[str, str]],
    published: frozenset[str],
    directory_urls: bool,
    renderer: BodyRenderer = pages.body_html,
    workers: int | None = None,
    pool_min: int = POOL_MIN,
) -> list[tuple[render.Rendered, dict[str, bool]]]:
    """Each (case id, text) rendered, with the link answers it needed, in order; in a pool when worth it."""
    state = (renderer, published, directory_urls, None)
    keyed = [(case_id, text, "") for case_id, text in jobs]
    return [(body, asked) for body, asked, _ in fork_pool.fork_map(_render_one, state, keyed, pool_min, workers)]


def render_bodies(
    studies: Sequence[CaseStudy],
    directory_urls: bool,
    body_cache: BodyCache | None,
    renderer: BodyRenderer = pages.body_html,
    workers: int | None = None,
    pool_min: int = POOL_MIN,
) -> dict[str, render.Rendered]:
    """Every published case's body (what pages.site_files(bodies=...) takes), by page src_uri.

    `studies` are the cases on the site (their ids are the published ones); each body
    comes from `body_cache` when it holds a sound entry, else is rendered and stored.
    """
    published = frozenset(study.id for study in studies)
    if body_cache is not None and not _fingerprint_known():
        body_cache = None  # without the code's own text there is no sound key: render everything
    found: list[render.Rendered | None] = []
    misses: list[tuple[int, str, str]] = []
    used: set[str] = set()
    for study in studies:
        text = pages.without_sources_section(study.body)
        key = body_key(study.id, text, directory_urls)
        used.add(key)
        found.append(body_cache.get(key, published) if body_cache is not None else None)
        if found[-1] is None:
            misses.append((len(found) - 1, text, key))
    jobs = [(studies[index].id, text, key) for index, text, key in misses]
    state = (renderer, published, directory_urls, body_cache)
    done = fork_pool.fork_map(_render_one, state, jobs, pool_min, workers)
    for (index, _, key), (rendered, asked, written) in zip(misses, done, strict=True):
        found[index] = rendered
        if body_cache is not None:
            body_cache.stats.rendered += 1
            if written:
                body_cache.remember(key, rendered, asked)
            elif _well_formed(rendered):
                body_cache.stats.unwritable += 1
    if body_cache is not None:
        body_cache.forget_all_but(used)
    return {pages.case_uri(study.id): body for study, body in zip(studies, found, strict=True) if body is not None}
