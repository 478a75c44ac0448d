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

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService, get_executable
from pagefind.service.types import InternalResponsePayload, InternalServiceResponse

from practice_exchange import render
from practice_exchange.model import CaseStudy
from practice_exchange.search_records import SearchRecord, case_record, help_record, site_url
from practice_exchange.taxonomy import Taxonomy

Mode = Literal["build", "background", "off"]
MODES: tuple[Mode, ...] = ("build", "background", "off")

OUTPUT_FOLDER = "pagefind"
INDEX_CONFIG: IndexConfig = {"force_language": "en"}
"""One index for the whole site: every record is English (search_records.LANGUAGE)."""

START_TIMEOUT = 30.0
"""Seconds for the service to start and make an index: it answers in well under one."""
FINISH_TIMEOUT = 120.0
PER_RECORD_TIMEOUT = 0.02
"""The deadline for the index to be complete, from on_post_build: FINISH_TIMEOUT plus this per record
(at 10,000 cases the service needs about 15 s on this machine; the deadline is 320 s)."""
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

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        while True:
            try:
                line = await stdout.readuntil(b",")
                response = cast(InternalServiceResponse, json.loads(base64.b64decode(line[:-1])))
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, binascii.Error, ValueError) as error:
                # Give a dying service a moment to exit, so the message can say how it ended.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._backend.wait(), 1)
                self._fail_all(error)
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

    def _fail_all(self, error: BaseException) -> None:
        code = self._backend.returncode
        reason = f"it exited with code {code}" if code is not None else f"its output broke off ({error!r})"
        for future in self._responses.values():
            if not future.done():
                future.set_exception(RuntimeError(f"the Pagefind service stopped: {reason}"))
        self._responses.clear()

    async def stop(self) -> None:
        """End the service now (no waiting for replies, unlike close())."""
        self._poll_task.cancel()
        if self._backend.returncode is None:
            self._backend.kill()
        await self._backend.wait()


class SearchIndex:
    """One build's index: records go to a Pagefind service on a background thread as they are given."""

    def __init__(self, output_dir: Path, mode: Mode) -> None:
        self.output_dir = output_dir
        self.mode = mode
        self.records = 0
        self._loop = asyncio.new_event_loop()
        # Not a daemon: with `background`, a plain `mkdocs build` still exits only once the index is written.
        self._thread = threading.Thread(target=self._run, name="practice-pagefind")
        self._thread.start()
        self._service: _Service | None = None
        self._slots = asyncio.Semaphore(IN_FLIGHT)
        self._ready = self._submit(self._open())
        self._sent: list[concurrent.futures.Future[None]] = []
        self._done: concurrent.futures.Future[None] | None = None

    def _run(self) -> None:
        self._loop.run_forever()
        self._loop.close()

    def _submit(self, work: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    async def _open(self) -> PagefindIndex:
        service = self._service = _Service()
        try:
            await asyncio.wait_for(service.launch(), START_TIMEOUT)
            return await asyncio.wait_for(service.create_index(INDEX_CONFIG), START_TIMEOUT)
        except TimeoutError:
            raise RuntimeError(f"the Pagefind service did not start within {START_TIMEOUT:.0f} s") from None

    def add(self, records: Iterable[SearchRecord]) -> None:
        """Queue records for the index; the service takes them while the build goes on."""
        batch = list(records)
        self.records += len(batch)
        self._sent.append(self._submit(self._add(batch)))

    async def _add(self, batch: list[SearchRecord]) -> None:
        index = await asyncio.wrap_future(self._ready)

        async def one(record: SearchRecord) -> None:
            try:
                await index.add_custom_record(
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
        for record in batch:
            await self._slots.acquire()
            tasks.append(asyncio.ensure_future(one(record)))
        await asyncio.gather(*tasks)

    def finish(self) -> None:
        """Write the index: in `build` mode, wait for it; in `background`, return at once."""
        timeout = FINISH_TIMEOUT + PER_RECORD_TIMEOUT * self.records
        self._done = self._submit(self._write(timeout))
        if self.mode == "background":
            self._done.add_done_callback(_log_failure)
            return
        try:
            # The coroutine keeps its own deadline; the margin covers only stopping the service.
            self._done.result(timeout + START_TIMEOUT)
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
            raise PluginError(f"Pagefind did not finish the search index within {timeout:.0f} s") from None
        finally:
            await self._stop()
            self._loop.call_soon(self._loop.stop)

    async def _write_now(self) -> None:
        index = await asyncio.wrap_future(self._ready)
        await asyncio.gather(*(asyncio.wrap_future(sent) for sent in self._sent))
        await index.write_files(str(self.output_dir))

    async def _stop(self) -> None:
        service, self._service = self._service, None
        if service is not None and getattr(service, "_backend", None) is not None:
            await service.stop()

    def close(self) -> None:
        """Abandon the index without writing it (a failed build, a newer build under `mkdocs serve`)."""
        if self._thread.is_alive() and self._loop.is_running():
            stopping = self._submit(self._abandon())
            try:
                stopping.result(START_TIMEOUT)
            except Exception as error:  # it had failed or finished meanwhile: nothing is left to stop
                log.debug("stopping Pagefind: %s", error)
        self._thread.join(START_TIMEOUT)

    async def _abandon(self) -> None:
        for work in [*self._sent, *([self._done] if self._done is not None else [])]:
            work.cancel()
        try:
            await self._stop()
        finally:
            self._loop.call_soon(self._loop.stop)


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

    def finish(self) -> None:
        pass

    def close(self) -> None:
        pass


Indexer = SearchIndex | NoIndex


def start(mode: Mode, site_dir: str) -> Indexer:
    """A new build's index, its service starting on its own thread."""
    if mode == "off":
        return NoIndex()
    if get_executable() is None:
        raise PluginError("Pagefind is not installed: pip install 'pagefind[bin]' (or set search_index: off)")
    return SearchIndex(Path(site_dir).resolve() / OUTPUT_FOLDER, mode)


def add_cases(
    index: Indexer,
    studies: Iterable[CaseStudy],
    taxonomy: Taxonomy,
    bodies: Mapping[str, render.Rendered],
    case_uri: Callable[[str], str],
    directory_urls: bool,
) -> None:
    """Every published case's record, from the bodies site_files() has just rendered."""
    if isinstance(index, NoIndex):
        return
    index.add(case_record(study, taxonomy, _body_html(bodies, case_uri(study.id)), directory_urls) for study in studies)


def _body_html(bodies: Mapping[str, render.Rendered], uri: str) -> str | None:
    body = bodies.get(uri)
    return body.html if body is not None else None


def add_page(index: Indexer, page: Page, generated: Collection[str], directory_urls: bool) -> None:
    """A hand-written page's record, from its rendered content. Generated pages (cases, whose records
    are already in, and the listings, which are not indexed) and pages marked `pagefind: false` are skipped."""
    if isinstance(index, NoIndex) or not is_help_page(page, generated):
        return
    title = page.title or page.file.name
    index.add([help_record(site_url(page.file.src_uri, directory_urls), str(title), page.content or "")])


def is_help_page(page: Page, generated: Collection[str]) -> bool:
    return page.file.src_uri not in generated and page.meta.get("pagefind") is not False
