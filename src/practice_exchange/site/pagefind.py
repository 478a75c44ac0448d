"""The search index, built by Pagefind's Python API while MkDocs renders (issue 14).

The plugin hands over each case's record (search_records.case_record) as
soon as on_files has the collection, and each help page's record when
on_post_page has its content. A Pagefind service indexes them on a thread of
its own, with its own event loop, so its work overlaps with rendering;
on_post_build only waits for it to write site_dir/pagefind/.

Modes (the plugin's `search_index` option):
- build: the build ends with a complete index (the default; `mkdocs build`, CI);
- background: on_post_build asks for the index and returns; it is written a
  moment later on the thread (the preview server serves pages meanwhile);
- off: no index.

A failure of Pagefind (missing, crashed, stuck) becomes one PluginError line;
every wait has a deadline, so the build never hangs on the service.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import binascii
import concurrent.futures
import contextlib
import json
import logging
import threading
from collections.abc import Callable, Collection, Coroutine, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, cast

from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService, get_executable
from pagefind.service.types import InternalRequestPayload, InternalResponsePayload, InternalServiceResponse

from practice_exchange import render
from practice_exchange.model import CaseStudy
from practice_exchange.search_records import CASE, HELP, SearchRecord, case_record, help_record, site_url
from practice_exchange.taxonomy import Taxonomy

Mode = Literal["build", "background", "off"]
MODES: tuple[Mode, ...] = ("build", "background", "off")


class ModeOption(c.Choice[Mode]):
    """The plugin's `search_index` option. YAML (and so `!ENV [PRACTICE_SEARCH_INDEX, ...]`) reads a
    bare off as false, which means off here too."""

    def __init__(self) -> None:
        super().__init__(MODES, default="build")

    def run_validation(self, value: object) -> Mode:
        return super().run_validation("off" if value is False else value)


OUTPUT_FOLDER = "pagefind"
HELP_FOLDER = "pagefind-help"
BUNDLES: Mapping[str, str] = {CASE: OUTPUT_FOLDER, HELP: HELP_FOLDER}
"""Each record kind's Pagefind bundle, a folder of the site. The help pages have a bundle of their own,
which finder.js merges into the cases' one (mergeIndex), each bundle's pages given their `type` by the
finder (mergeFilter): a `type` filter index in the data would cost every first query 21 KB at 10,000
cases, one entry per case (bench_index_shape.py)."""
INDEX_CONFIG: IndexConfig = {"force_language": "en"}
"""Every record is English (search_records.LANGUAGE)."""

START_TIMEOUT = 30.0
"""Seconds for the service to start and make an index: it answers in well under one."""
FINISH_TIMEOUT = 120.0
PER_RECORD_TIMEOUT = 0.02
"""The deadline for the index to be complete, from on_post_build: FINISH_TIMEOUT plus this per record
(at 10,000 cases the service needs about 15 s on this machine; the deadline is 320 s)."""
GRACE = 10.0
"""How long a service that has written its index may take to exit after its input is closed."""
IN_FLIGHT = 64
"""Records sent before waiting for replies: keeps the service busy without queueing the whole collection."""

log = logging.getLogger("mkdocs.plugins.practice_exchange")


class _Service(PagefindService):
    """Pagefind's service (pagefind/service, 1.5.2) with a reader that keeps up and fails loudly.

    The library's reader sleeps 0.1 s before reading each reply, which limits
    it to ten records a second (1,000 s for 10,000 cases), and when the
    service dies its pending requests wait forever. This reader reads replies
    as they arrive and fails every pending request when the service's output ends.
    """

    async def send(self, payload: InternalRequestPayload) -> InternalResponsePayload:
        try:
            return await super().send(payload)
        except ConnectionError as error:  # its stdin closed: it has exited
            raise RuntimeError(f"the Pagefind service stopped: {await self._exit_reason(error)}") from error

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        while True:
            try:
                line = await stdout.readuntil(b",")
                response = cast(InternalServiceResponse, json.loads(base64.b64decode(line[:-1])))
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, binascii.Error, ValueError) as error:
                reason = await self._exit_reason(error)
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(RuntimeError(f"the Pagefind service stopped: {reason}"))
                self._responses.clear()
                return
            self._settle(response)

    def _settle(self, response: InternalServiceResponse) -> None:
        payload = response["payload"]
        message_id = response.get("message_id")
        if message_id is None and (original := payload.get("original_message")) is not None:
            # The service could not parse a message: it sends the message back instead of its id.
            message_id = json.loads(str(original)).get("message_id")
        future = self._responses.pop(message_id, None) if message_id is not None else None
        if future is None or future.done():
            return
        if payload["type"] == "Error":
            future.set_exception(RuntimeError(str(payload.get("message", "unknown error"))))
        else:
            future.set_result(cast(InternalResponsePayload, payload))

    async def _exit_reason(self, error: BaseException) -> str:
        # Give a dying service a moment to exit, so the message can say how it ended.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._backend.wait(), 1)
        code = self._backend.returncode
        return f"it exited with code {code}" if code is not None else f"its output broke off ({error!r})"

    async def stop(self, graceful: bool = False) -> None:
        """End the service: after a written index, by closing its input, so that it exits by itself
        once every file is on disk (a kill then could cut one short: an empty pagefind-entry.json
        was seen once); otherwise, or if it has not exited within GRACE seconds, kill it now."""
        self._poll_task.cancel()
        if graceful and self._backend.returncode is None and self._backend.stdin is not None:
            self._backend.stdin.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._backend.wait(), GRACE)
        if self._backend.returncode is None:
            self._backend.kill()
        await self._backend.wait()


class SearchIndex:
    """One build's index: records go to a Pagefind service on a thread of its own as they are given.

    Everything that touches the service runs on that thread's event loop. The
    loop ends once, in _end(): after the index is written, or when the build
    abandons it, and only after the service has exited.
    """

    def __init__(self, site_dir: Path, mode: Mode) -> None:
        self.site_dir = site_dir
        """Where each bundle's folder (BUNDLES) is written."""
        self.mode = mode
        self.records = 0
        self._service: _Service | None = None
        self._stopping: asyncio.Future[None] | None = None
        self._stopped = False
        self._written = False
        """Whether write_files returned: the service is then let exit by itself (stop(graceful=True))."""
        """Set when the loop is told to stop: after that, only _serve's tidying runs on it."""
        self._ending: asyncio.Future[None] | None = None
        self._sent: list[concurrent.futures.Future[None]] = []
        self._outcome: concurrent.futures.Future[None] = concurrent.futures.Future()
        """Set by the loop itself, before it ends: a future of run_coroutine_threadsafe is set by a
        callback that a stopping loop may never run."""
        self._slots = asyncio.Semaphore(IN_FLIGHT)
        self._in_order = asyncio.Lock()
        self._early: dict[str, concurrent.futures.Future[None]] = {}
        """The bundles written before finish(), by kind (write_early): no record of theirs may follow."""
        self._loop = asyncio.new_event_loop()
        # A daemon, so a build stopped any other way (Ctrl-C) cannot leave the process waiting on the loop;
        # at exit, _at_exit lets a background index finish writing, within its deadline, or stops the service.
        self._thread = threading.Thread(target=self._run, name="practice-pagefind", daemon=True)
        self._thread.start()
        self._deadline: float | None = None
        atexit.register(self._at_exit)
        self._ready: concurrent.futures.Future[dict[str, PagefindIndex]] = self._submit(self._open())

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._serve()
        finally:
            atexit.unregister(self._at_exit)

    def _serve(self) -> None:
        self._loop.run_forever()
        # Whatever was cut short (records of an abandoned build) ends here, before the loop closes.
        pending = asyncio.all_tasks(self._loop)
        for task in pending:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.close()

    def _submit(self, work: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    async def _open(self) -> dict[str, PagefindIndex]:
        service = self._service = _Service()
        try:
            await asyncio.wait_for(service.launch(), START_TIMEOUT)
            return {kind: await asyncio.wait_for(service.create_index(INDEX_CONFIG), START_TIMEOUT) for kind in BUNDLES}
        except TimeoutError:
            raise RuntimeError(f"the Pagefind service did not start within {START_TIMEOUT:.0f} s") from None

    def add(self, records: Iterable[SearchRecord]) -> None:
        """Queue records for the index; the service takes them while the build goes on."""
        batch = list(records)
        late = {record.kind for record in batch} & self._early.keys()
        if late:
            raise ValueError(f"records for the {', '.join(sorted(late))} bundle after it was written")
        self.records += len(batch)
        self._sent.append(self._submit(self._add(batch)))

    async def _add(self, batch: list[SearchRecord]) -> None:
        indexes = await asyncio.wrap_future(self._ready)

        async def one(record: SearchRecord) -> None:
            try:
                await indexes[record.kind].add_custom_record(
                    url=record.url,
                    content=record.content,
                    language=record.language,
                    meta=record.meta,
                    filters=record.filters,
                    sort=record.sort,
                )
            finally:
                self._slots.release()

        tasks = []
        # One batch at a time, in the order given (the cases, then each help page as it renders): the
        # service numbers pages as they arrive, so the same site always gives the same bundle.
        async with self._in_order:
            for record in batch:
                await self._slots.acquire()
                tasks.append(asyncio.ensure_future(one(record)))
        await asyncio.gather(*tasks)

    def write_early(self, kind: str) -> None:
        """Write `kind`'s bundle as soon as every record given so far is in, while the build goes on.

        The cases' records all go in from on_files, so their bundle, nearly all of the index, is
        written while MkDocs renders the pages; finish() is left only the help pages' small one.
        """
        if kind in self._early:
            return
        pending = list(self._sent)
        self._early[kind] = self._submit(self._write_bundle(kind, pending))

    async def _write_bundle(self, kind: str, pending: list[concurrent.futures.Future[None]]) -> None:
        indexes = await asyncio.wrap_future(self._ready)
        await asyncio.gather(*(asyncio.wrap_future(sent) for sent in pending))
        await indexes[kind].write_files(str(self.site_dir / BUNDLES[kind]))

    def finish(self) -> None:
        """Write the index: in `build` mode, wait for it; in `background`, return at once."""
        timeout = self._deadline = FINISH_TIMEOUT + PER_RECORD_TIMEOUT * self.records
        self._submit(self._write(timeout))
        if self.mode == "background":
            self._outcome.add_done_callback(_log_failure)
            return
        try:
            # The coroutine keeps the deadline; the margin here covers only stopping the service.
            self._outcome.result(timeout + START_TIMEOUT)
        except concurrent.futures.TimeoutError:
            self.close()
            raise PluginError(f"Pagefind did not finish the search index within {timeout:.0f} s") from None
        except PluginError:
            raise
        except Exception as error:  # any failure of the service, reported as one line
            raise PluginError(f"Pagefind could not build the search index: {error}") from error

    async def _write(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._write_now(), timeout)
        except TimeoutError:
            self._settle(PluginError(f"Pagefind did not finish the search index within {timeout:.0f} s"))
        except Exception as error:
            self._settle(error)
        else:
            self._settle(None)
        finally:
            await self._end()

    def _settle(self, error: Exception | None) -> None:
        if self._outcome.done():
            return
        if error is None:
            self._outcome.set_result(None)
        else:
            self._outcome.set_exception(error)

    async def _write_now(self) -> None:
        for kind in BUNDLES:
            if kind not in self._early:
                await self._write_bundle(kind, self._sent)
        await asyncio.gather(*(asyncio.wrap_future(early) for early in self._early.values()))
        self._written = True

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the indexer's thread has ended (the index written, failed or abandoned); whether it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _at_exit(self) -> None:
        if self._deadline is None or not self.wait(self._deadline + START_TIMEOUT):
            self.close()

    def close(self) -> None:
        """Abandon the index without writing it (a failed build, a newer build under `mkdocs serve`)."""
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._abandon)
            self._thread.join(START_TIMEOUT)

    def _abandon(self) -> None:
        if self._stopped:
            return
        work: list[concurrent.futures.Future[Any]] = [self._ready, *self._sent, *self._early.values()]
        for future in work:
            future.cancel()
        self._outcome.cancel()
        self._ending = asyncio.ensure_future(self._end())

    async def _end(self) -> None:
        # Whoever comes first stops the service; every caller waits for the same stop (shielded:
        # a cancelled caller must not leave the service running), then the loop ends.
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop_service())
        try:
            await asyncio.shield(self._stopping)
        finally:
            # Once only: a later caller (close() after a failed write) may run while _serve tidies up.
            if not self._stopped:
                self._stopped = True
                self._loop.stop()

    async def _stop_service(self) -> None:
        service = self._service
        if service is not None and getattr(service, "_backend", None) is not None:
            await service.stop(graceful=self._written)


def _log_failure(done: concurrent.futures.Future[None]) -> None:
    if done.cancelled():
        return
    error = done.exception()
    if error is not None:
        log.warning("Pagefind could not build the search index: %s", error)


class NoIndex:
    """`search_index: off`: the build writes no index."""

    mode: Mode = "off"

    def add(self, records: Iterable[SearchRecord]) -> None:
        pass

    def write_early(self, kind: str) -> None:
        pass

    def finish(self) -> None:
        pass

    def close(self) -> None:
        pass

    def wait(self, timeout: float | None = None) -> bool:
        return True


Indexer = SearchIndex | NoIndex


def start(mode: Mode, site_dir: str) -> Indexer:
    """A new build's index, its service starting on its own thread."""
    if mode == "off":
        return NoIndex()
    if get_executable() is None:
        raise PluginError("Pagefind is not installed: pip install 'pagefind[bin]' (or set search_index: off)")
    return SearchIndex(Path(site_dir).resolve(), mode)


def add_cases(
    index: Indexer,
    studies: Iterable[CaseStudy],
    taxonomy: Taxonomy,
    bodies: Mapping[str, render.Rendered],
    case_uri: Callable[[str], str],
    directory_urls: bool,
) -> None:
    """Every published case's record, from the bodies site_files() has just rendered; then the cases'
    bundle is written, while the build goes on (no other record goes into it)."""
    if index.mode == "off":
        return  # no records are made for no index
    index.add(case_record(study, taxonomy, bodies.get(case_uri(study.id)), directory_urls) for study in studies)
    index.write_early(CASE)


def add_page(index: Indexer, page: Page, generated: Collection[str], directory_urls: bool) -> None:
    """A hand-written page's record, from its rendered content. Generated pages (cases, whose records
    are already in, and the listings, which are not indexed) and pages marked `pagefind: false` are skipped."""
    if index.mode == "off" or not is_help_page(page, generated):
        return
    title = page.title or page.file.name
    index.add([help_record(site_url(page.file.src_uri, directory_urls), str(title), page.content or "")])


def is_help_page(page: Page, generated: Collection[str]) -> bool:
    return page.file.src_uri not in generated and page.meta.get("pagefind") is not False
