"""The case-body cache (render_cache.py): a cached build is the fresh build, and a bad entry is never used.

Renders are counted through an injected renderer, and whether a build rewrote an
entry through its inode (os.replace gives a new one): no test here reads a clock.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from mkdocs.structure.toc import get_toc

from practice_exchange import fork_pool, pages, render, render_cache
from practice_exchange.loader import load_case_studies
from practice_exchange.model import CaseStudy
from practice_exchange.site.nav_cache import NavCache
from tests.hostile_corpus import write_corpus
from tests.site_helpers import COLLECTION, ROOT, build_site, new_collection, write_case

# Pins the dates a build prints (sitemap lastmod, the catalogue's "generated"), so two builds
# of one collection are byte for byte the same whatever the time.
PINNED = {"SOURCE_DATE_EPOCH": "1764547200"}
PAGEFIND = ("pagefind/", "pagefind-help/")
"""The folders left out of the comparisons (site/pagefind.BUNDLES): since the index is fed through Pagefind's Python API
during the build (site/pagefind.py), two builds of the same site WITHOUT any cache name and fill its
chunk files differently (content-hashed names such as filter/en_22f1725.pf_filter vs en_475d8cc), as
records reach the indexer in a different order. Only its file count is compared."""


class Counter:
    """pages.body_html, counting the bodies it renders by case id."""

    def __init__(self) -> None:
        self.rendered: list[str] = []

    def __call__(self, case_id: str, text: str, published: Collection[str], directory_urls: bool) -> render.Rendered:
        self.rendered.append(case_id)
        return pages.body_html(case_id, text, published, directory_urls)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, each Pagefind bundle's folder as one entry: its number of files."""
    files = {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}
    out = {name: data for name, data in files.items() if not name.startswith(PAGEFIND)}
    for bundle in PAGEFIND:
        index = [name for name in files if name.startswith(bundle)]
        assert index, f"the build wrote no Pagefind bundle {bundle}"
        out[bundle] = str(len(index)).encode()
    return out


def _inodes(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_ino for path in folder.glob("*.json")}


def _studies(folder: Path) -> list[CaseStudy]:
    return load_case_studies(folder)


def _small_collection(folder: Path) -> Path:
    new_collection(folder)
    write_case(folder, "alpha-case", "Alpha", ["send"], ["primary"], body="Links to [beta](beta-case.md#context).")
    write_case(folder, "beta-case", "Beta", ["attendance"], ["secondary"], body="Links to [gamma](gamma-case.md).")
    write_case(folder, "gamma-case", "Gamma", ["send"], ["secondary"], status="draft", body="A draft.")
    write_case(folder, "delta-case", "Delta", ["attendance"], ["primary"], body="No links, *some* emphasis.")
    return folder


# --- whole builds -------------------------------------------------------------------------------------------


def test_a_cached_build_is_the_fresh_build_byte_for_byte(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    off = {**PINNED, "PRACTICE_RENDER_CACHE": "off", "PRACTICE_CACHE_DIR": str(cache)}
    fresh = _files(build_site(COLLECTION, tmp_path / "fresh", off))
    assert not cache.exists(), "with the cache off the folder is never touched"
    on = {**PINNED, "PRACTICE_CACHE_DIR": str(cache)}
    cold = _files(build_site(COLLECTION, tmp_path / "cold", on))
    entries = _inodes(cache)
    assert len(entries) == len(_studies(COLLECTION))
    warm = _files(build_site(COLLECTION, tmp_path / "warm", on))
    assert _inodes(cache) == entries, "a warm build rewrote entries: it rendered again"
    assert sorted(cold) == sorted(fresh) and sorted(warm) == sorted(fresh)
    assert [name for name in fresh if cold[name] != fresh[name]] == []
    assert [name for name in fresh if warm[name] != fresh[name]] == []


def test_a_build_re_renders_only_the_changed_case_and_deleting_the_cache_is_safe(tmp_path: Path) -> None:
    collection = _small_collection(tmp_path / "collection")
    cache = tmp_path / "cache"
    env = {**PINNED, "PRACTICE_CACHE_DIR": str(cache)}
    build_site(collection, tmp_path / "first", env)
    before = _inodes(cache)
    case = collection / "delta-case.md"
    case.write_text(case.read_text(encoding="utf-8").replace("*some* emphasis", "**more** emphasis"), "utf-8")
    edited = _files(build_site(collection, tmp_path / "second", env))
    after = _inodes(cache)
    assert {name: inode for name, inode in after.items() if name in before} == before, "an unchanged body re-rendered"
    assert len(set(after) - set(before)) == 1, "the edited body should be the one new entry"
    assert (
        b"<strong>more</strong> emphasis" in (tmp_path / "second" / "cases" / "delta-case" / "index.html").read_bytes()
    )
    # Deleted between builds (or never made): the next build renders everything and gives the same site.
    shutil.rmtree(cache)
    assert _files(build_site(collection, tmp_path / "third", env)) == edited
    third = _inodes(cache).keys()
    assert len(third) == len(before) and third <= after.keys()


def test_the_cache_writes_nothing_outside_its_folder(tmp_path: Path) -> None:
    collection = _small_collection(tmp_path / "collection")
    outside = tmp_path / "outside.json"
    outside.write_text("untouched", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    # A planted symlink where an entry will go: replaced as a name, never written through.
    study = next(s for s in _studies(collection) if s.id == "alpha-case")
    key = render_cache.body_key(study.id, pages.without_sources_section(study.body), True)
    (cache / f"{key}.json").symlink_to(outside)
    before = {path for path in tmp_path.rglob("*") if "site" not in path.parts and "cache" not in path.parts}
    build_site(collection, tmp_path / "site", {"PRACTICE_CACHE_DIR": str(cache)})
    after = {path for path in tmp_path.rglob("*") if "site" not in path.parts and "cache" not in path.parts}
    assert after == before
    assert outside.read_text(encoding="utf-8") == "untouched"
    assert not (cache / f"{key}.json").is_symlink()
    assert {path.name for path in cache.iterdir()} == {"CACHEDIR.TAG", *_inodes(cache)}
    assert not [path for path in cache.iterdir() if path.name.startswith(".tmp-")]


# --- the cache itself ---------------------------------------------------------------------------------------


def test_a_rebuild_renders_only_what_changed(tmp_path: Path) -> None:
    collection = _small_collection(tmp_path / "collection")
    cache = tmp_path / "cache"
    counter = Counter()
    first = render_cache.render_bodies(_studies(collection), True, render_cache.BodyCache(cache), counter, workers=1)
    assert sorted(counter.rendered) == ["alpha-case", "beta-case", "delta-case"]
    counter.rendered.clear()
    again = render_cache.render_bodies(_studies(collection), True, render_cache.BodyCache(cache), counter, workers=1)
    assert counter.rendered == [] and again == first
    case = collection / "beta-case.md"
    case.write_text(case.read_text(encoding="utf-8").replace("Links to", "Now links to"), encoding="utf-8")
    render_cache.render_bodies(_studies(collection), True, render_cache.BodyCache(cache), counter, workers=1)
    assert counter.rendered == ["beta-case"]


def test_publishing_a_case_re_renders_only_the_bodies_linking_to_it(tmp_path: Path) -> None:
    collection = _small_collection(tmp_path / "collection")
    cache = tmp_path / "cache"
    counter = Counter()
    render_cache.render_bodies(_studies(collection), True, render_cache.BodyCache(cache), counter, workers=1)
    gamma = collection / "gamma-case.md"
    gamma.write_text(gamma.read_text(encoding="utf-8").replace("status: draft", "status: published"), "utf-8")
    counter.rendered.clear()
    bodies = render_cache.render_bodies(_studies(collection), True, render_cache.BodyCache(cache), counter, workers=1)
    # beta links to gamma (text while gamma was a draft, a link now); alpha and delta do not.
    assert sorted(counter.rendered) == ["beta-case", "gamma-case"]
    assert 'href="../gamma-case/"' in bodies["cases/beta-case.md"].html
    assert bodies == render_cache.render_bodies(_studies(collection), True, None, workers=1)


def test_the_key_holds_the_case_the_text_and_directory_urls() -> None:
    key = render_cache.body_key("a-case", "Text.", True)
    assert (
        len({key, render_cache.body_key("b-case", "Text.", True), render_cache.body_key("a-case", "Text!", True)}) == 3
    )
    assert render_cache.body_key("a-case", "Text.", False) != key
    assert render_cache.body_key("a-case", "Text.", True) == key


def _entry(cache: Path) -> Path:
    (entry,) = cache.glob("*.json")
    return entry


def _resealed(entry: dict[str, object]) -> bytes:
    """An entry edited by someone who knows the format: the digest matches again."""
    entry["digest"] = render_cache._digest(entry)
    return json.dumps(entry).encode("ascii")


def _hostile_html(entry: dict[str, object]) -> bytes:
    rendered = entry["rendered"]
    assert isinstance(rendered, dict)
    rendered["html"] = "<p>Hello</p><script>pxPwned()</script><img src=x onerror=pxPwned()>"
    return _resealed(entry)


def _hostile_toc(entry: dict[str, object]) -> bytes:
    rendered = entry["rendered"]
    assert isinstance(rendered, dict)
    rendered["toc_tokens"] = [{"level": 2, "id": "case-x", "name": "<img src=x onerror=pxPwned()>", "children": []}]
    return _resealed(entry)


def _hostile_id(entry: dict[str, object]) -> bytes:
    rendered = entry["rendered"]
    assert isinstance(rendered, dict)
    rendered["toc_tokens"] = [{"level": 2, "id": '__config" onclick="x', "name": "Context", "children": []}]
    return _resealed(entry)


def _stale_links(entry: dict[str, object]) -> bytes:
    entry["asked"] = {"beta-case": True}
    return _resealed(entry)


def _wrong_field(entry: dict[str, object]) -> bytes:
    rendered = entry["rendered"]
    assert isinstance(rendered, dict)
    rendered["plain"] = "yes"
    return _resealed(entry)


BAD_ENTRIES: dict[str, Callable[[bytes, dict[str, object]], bytes]] = {
    "empty": lambda data, entry: b"",
    "truncated": lambda data, entry: data[: len(data) // 2],
    "garbage": lambda data, entry: bytes(range(256)) * 4,
    "not an object": lambda data, entry: b"[1, 2, 3]",
    "deep nesting": lambda data, entry: b"[" * 100_000,
    "edited, old digest": lambda data, entry: data.replace(b"Links to", b"Links from"),
    "script, digest redone": lambda data, entry: _hostile_html(entry),
    "markup in a heading name": lambda data, entry: _hostile_toc(entry),
    "not a heading id": lambda data, entry: _hostile_id(entry),
    "links answered otherwise": lambda data, entry: _stale_links(entry),
    "a field of the wrong type": lambda data, entry: _wrong_field(entry),
}


@pytest.mark.parametrize("damage", sorted(BAD_ENTRIES))
def test_a_bad_entry_is_ignored_re_rendered_and_rewritten(tmp_path: Path, damage: str) -> None:
    collection = new_collection(tmp_path / "collection")
    write_case(collection, "alpha-case", "Alpha", ["send"], ["primary"], body="Links to [beta](beta-case.md).")
    write_case(collection, "beta-case", "Beta", ["send"], ["primary"], status="draft")
    studies = _studies(collection)
    fresh = render_cache.render_bodies(studies, True, None, workers=1)
    cache = tmp_path / "cache"
    render_cache.render_bodies(studies, True, render_cache.BodyCache(cache), workers=1)
    entry = _entry(cache)
    data = entry.read_bytes()
    entry.write_bytes(BAD_ENTRIES[damage](data, json.loads(data)))
    counter = Counter()
    body_cache = render_cache.BodyCache(cache)
    assert render_cache.render_bodies(studies, True, body_cache, counter, workers=1) == fresh
    assert counter.rendered == ["alpha-case"]
    assert body_cache.stats.rejected == 1 and body_cache.stats.hits == 0
    assert entry.read_bytes() == data, "the bad entry was not rewritten"


def test_every_body_of_the_collection_and_the_hostile_corpus_round_trips(tmp_path: Path) -> None:
    # A body whose HTML were not a fixed point of the sanitiser would never be served from the cache.
    for name, folder in (("real", COLLECTION), ("hostile", write_corpus(tmp_path / "hostile"))):
        studies = _studies(folder)
        cache = render_cache.BodyCache(tmp_path / f"cache-{name}")
        fresh = render_cache.render_bodies(studies, True, cache, workers=1)
        cached = render_cache.BodyCache(tmp_path / f"cache-{name}")
        assert render_cache.render_bodies(studies, True, cached, Counter(), workers=1) == fresh
        assert cached.stats.hits == len(studies), name


def test_an_unwritable_cache_leaves_the_build_uncached(tmp_path: Path) -> None:
    collection = _small_collection(tmp_path / "collection")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    body_cache = render_cache.BodyCache(blocked)
    bodies = render_cache.render_bodies(_studies(collection), True, body_cache, workers=1)
    assert bodies == render_cache.render_bodies(_studies(collection), True, None, workers=1)
    assert body_cache.stats.unwritable == 3 and body_cache.stats.hits == 0
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_a_cache_key_must_be_a_digest(tmp_path: Path) -> None:
    body_cache = render_cache.BodyCache(tmp_path)
    for key in ("../../outside", "a" * 63, "A" * 64, "/" + "a" * 63):
        with pytest.raises(ValueError):
            body_cache.get(key, ())


def test_the_link_map_may_only_ask_about_one_id_at_a_time() -> None:
    published = render_cache.Published({"alpha-case"})
    assert "alpha-case" in published and "other-case" not in published
    assert published.asked == {"alpha-case": True, "other-case": False}
    with pytest.raises(TypeError):
        list(published)
    with pytest.raises(TypeError):
        len(published)


# --- parallel rendering -------------------------------------------------------------------------------------


def _with_pid(case_id: str, text: str, published: Collection[str], directory_urls: bool) -> render.Rendered:
    """pages.body_html, also asking about an id that names the rendering process (returned in `asked`)."""
    _ = f"pid-{os.getpid()}" in published
    return pages.body_html(case_id, text, published, directory_urls)


def compare_parallel_with_serial(hostile: Path) -> int:
    """Render the collection and the hostile corpus both ways; the number of pool processes that rendered."""
    studies = _studies(COLLECTION) + _studies(write_corpus(hostile))
    jobs = [(study.id, pages.without_sources_section(study.body)) for study in studies]
    published = frozenset(study.id for study in studies)
    assert fork_pool.usable(len(jobs), 2, 0), "this process cannot fork a pool"
    serial = render_cache.render_jobs(jobs, published, True, _with_pid, workers=1)
    parallel = render_cache.render_jobs(jobs, published, True, _with_pid, workers=2, pool_min=0)
    pids = {case for _, asked in parallel for case in asked if case.startswith("pid-")}
    assert f"pid-{os.getpid()}" not in pids
    assert [body for body, _ in parallel] == [body for body, _ in serial]
    strip = [{k: v for k, v in asked.items() if not k.startswith("pid-")} for _, asked in parallel]
    assert strip == [{k: v for k, v in asked.items() if not k.startswith("pid-")} for _, asked in serial]
    both = render_cache.render_bodies(studies, True, None, workers=2, pool_min=0)
    assert both == render_cache.render_bodies(studies, True, None, workers=1)
    # The workers write the cache entries: a new cache over the same folder reads every one back.
    written = render_cache.BodyCache(hostile.parent / "cache")
    assert render_cache.render_bodies(studies, True, written, workers=2, pool_min=0) == both
    again = render_cache.BodyCache(hostile.parent / "cache")
    assert render_cache.render_bodies(studies, True, again, workers=2, pool_min=0) == both
    assert again.stats.rendered == 0 and again.stats.hits == len({study.id for study in studies})
    return len(pids)


def test_parallel_and_serial_rendering_give_the_same_bodies(tmp_path: Path) -> None:
    # In a fresh process: the pool is only used by a process running no other threads, and the
    # test runner may run some (browser tests), which would make this compare serial with serial.
    code = f"from tests.test_render_cache import compare_parallel_with_serial as c; print(c(Path({str(tmp_path)!r})))"
    result = subprocess.run(
        [sys.executable, "-c", "from pathlib import Path; " + code], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) >= 1, "the pool did not render"


# --- the table of contents, rendered once per distinct list of headings (site/nav_cache.py) -----------------


def _page_with_toc(*names: str) -> Any:
    """A page whose toc is a case page's: the title, holding the headings."""
    headings = [{"level": 2, "id": f"case-{name.lower()}", "name": name, "children": []} for name in names]
    tokens = [{"level": 1, "id": "px-title", "name": "Title", "children": headings}]
    return SimpleNamespace(toc=get_toc(cast(Any, tokens)))


def test_one_toc_rendering_serves_every_page_with_the_same_headings() -> None:
    calls: list[str] = []

    def caller(label: str) -> Callable[[], str]:
        def render() -> str:
            calls.append(label)
            return f"<nav>{label}</nav>"

        return render

    cache = NavCache()
    assert cache.toc(_page_with_toc("Context", "Sources"), caller("a")) == "<nav>a</nav>"
    assert cache.toc(_page_with_toc("Context", "Sources"), caller("b")) == "<nav>a</nav>"
    assert cache.toc(_page_with_toc("Context", "Impact"), caller("c")) == "<nav>c</nav>"
    typeset = _page_with_toc("Context", "Sources")
    typeset.toc.items[0].children[0].typeset = {"title": "<em>Context</em>"}
    assert cache.toc(typeset, caller("d")) == "<nav>d</nav>"
    assert NavCache(enabled=False).toc(_page_with_toc("Context", "Sources"), caller("e")) == "<nav>e</nav>"
    assert calls == ["a", "c", "d", "e"]


def _fill(folder: str) -> None:
    render_cache.render_bodies(_studies(COLLECTION), True, render_cache.BodyCache(Path(folder)), workers=1)


def test_pages_whose_titles_differ_share_the_toc_of_their_headings() -> None:
    # Material's toc lists a first level-1 item's children alone: the title (every case page's own)
    # is not in the sidebar, so it must not keep two pages with the same headings apart.
    cache = NavCache()
    first, second = _page_with_toc("Context", "Sources"), _page_with_toc("Context", "Sources")
    second.toc.items[0].title = "Another title"
    assert cache.toc(first, lambda: "a") == "a"
    assert cache.toc(second, lambda: "b") == "a"
    # Without a level-1 first item every item is listed, so their titles count.
    flat_one = SimpleNamespace(toc=list(_page_with_toc("Context").toc.items[0].children))
    flat_two = SimpleNamespace(toc=list(_page_with_toc("Other").toc.items[0].children))
    assert cache.toc(cast(Any, flat_one), lambda: "c") == "c"
    assert cache.toc(cast(Any, flat_two), lambda: "d") == "d"


def test_the_blocks_shared_by_depth_are_rendered_afresh_for_a_page_among_the_assets() -> None:
    # MkDocs writes a link relative to the page's folder: a page under assets/ would link the
    # style sheets otherwise than any other page at its depth, so it must not take their copy.
    cache = NavCache()
    cache.reset(cast(Any, SimpleNamespace(pages=[])), ["js/extra.js"])
    calls: list[str] = []

    def render(name: str) -> Callable[[], str]:
        def rendering() -> str:
            calls.append(name)
            return name

        return rendering

    at = {url: cast(Any, SimpleNamespace(url=url)) for url in ("cases/a/", "cases/b/", "assets/x/", "js/y/")}
    assert cache.by_base("styles", at["cases/a/"], "../..", render("a")) == "a"
    assert cache.by_base("styles", at["cases/b/"], "../..", render("b")) == "a"
    assert cache.by_base("styles", at["assets/x/"], "../..", render("x")) == "x"
    assert cache.by_base("styles", at["js/y/"], "../..", render("y")) == "y"
    assert calls == ["a", "x", "y"]
    assert cache.stand_in(at["assets/x/"]) is None
    stand_in = cache.stand_in(at["cases/b/"])
    assert stand_in is not None and stand_in.url == "cases/b/"
    header = cache.header(at["cases/a/"], "../..", "Title &amp; more", lambda: f"<h>{stand_in.title}</h>")
    assert header == "<h>Title &amp; more</h>"


def test_before_a_build_starts_the_header_is_rendered_afresh() -> None:
    # Until reset() there is no stand-in title: an empty one would be "found" between every character.
    cache = NavCache()
    page = cast(Any, SimpleNamespace(url="cases/a/"))
    assert cache.stand_in(page) is None
    assert cache.header(page, "../..", "Title", lambda: "<header>Title</header>") == "<header>Title</header>"


def test_concurrent_builds_leave_only_whole_entries(tmp_path: Path) -> None:
    # Four processes write the same entries at once (os.replace of private temporary files): every
    # entry left is whole and sound, and no temporary file is left behind.
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_fill, args=(str(tmp_path),)) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert [writer.exitcode for writer in writers] == [0, 0, 0, 0]
    body_cache = render_cache.BodyCache(tmp_path)
    render_cache.render_bodies(_studies(COLLECTION), True, body_cache, Counter(), workers=1)
    assert body_cache.stats.hits == len(_studies(COLLECTION)) and body_cache.stats.rejected == 0
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".tmp-")]
