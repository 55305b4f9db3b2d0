"""Reading downloaded pages: extraction, fingerprint, near-duplicate signature and tags.

All of it is CPU-bound, so a cycle with many pages reads them in worker processes, forked from
a server that imports this module and READING_MODULES (and nothing of Prefect or storage), so
that it starts quickly.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mediawatch.extractors.models import Event as TaggedEvent
from mediawatch.extractors.models import FeedEntry
from mediawatch.extractors.urls import canonical_url
from mediawatch.extractors.watch import load_watch

if TYPE_CHECKING:
    from mediawatch.extractors.watch import Watch

# What reading a page needs. The flow's own process imports these only if it reads pages itself
# (a cycle with few of them): they cost a few tenths of a second at every start, before the first
# feed is fetched. The workers' fork server imports them once (PageReader.expect).
READING_MODULES = ["mediawatch.extractors.article", "mediawatch.extractors.similarity",
                   "mediawatch.extractors.tagger", "datasketch"]
log = logging.getLogger("mediawatch")
# The most pages read in one go (see `read_pages`). A full batch takes a feed 20 downloads (a
# second or more at two per host), by when a cycle that needs workers has started them
# (`PageReader.expect` is told of each feed's pages as it is polled), so that the flow process
# seldom reads a page itself, which would make it import the extractors and load the watch.
READ_BATCH = 20


@dataclass(frozen=True)
class Page:
    """A downloaded page, not yet read."""

    feed_id: int | None
    entry: FeedEntry
    content: bytes
    final_url: str | None
    charset: str | None = None


@dataclass
class Download:
    """One new article, downloaded, extracted and tagged, not yet stored."""

    feed_id: int | None
    entry: FeedEntry
    canonical_url: str
    final_url: str | None = None
    title: str | None = None
    published: datetime | None = None
    text: str | None = None
    fingerprint: str | None = None
    signature: bytes | None = None
    band_keys: list[int] = field(default_factory=list)
    events: list[TaggedEvent] = field(default_factory=list)
    error: str | None = None

    @classmethod
    def of(cls, feed_id: int | None, entry: FeedEntry, final_url: str | None, error: str | None = None) -> Download:
        """The entry's Download, not yet read (or failed with `error`)."""
        return cls(feed_id=feed_id, entry=entry, canonical_url=canonical_url(entry.url), final_url=final_url,
                   error=error)


class PageReader:
    """Extracts, fingerprints and tags downloaded pages.

    Extraction is CPU-bound and threads would share one core, so once a cycle expects at least
    `pool_min_pages` pages (see `expect`), pages are read in `processes` worker processes (forked
    from a server that has imported the extractors once) while the download threads go on
    fetching. Fewer pages are read in this process, as starting workers would cost more than it
    saves. The watch is loaded on the first page read here: a cycle with nothing new needs none.
    """

    def __init__(self, watch_path: Path | None, processes: int, pool_min_pages: int) -> None:
        self.watch_path = watch_path
        self.processes = processes
        self.pool_min_pages = pool_min_pages
        self._expected = 0
        self._watch: Watch | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def expect(self, pages: int) -> None:
        """Announce `pages` more pages to read; the workers start once enough are expected, then
        and there, while the pages download (each no-op task starts one)."""
        with self._lock:
            self._expected += pages
            if self._pool is None and self.processes > 1 and self._expected >= self.pool_min_pages:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["mediawatch.flows.reading", *READING_MODULES])
                self._pool = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_start_worker,
                                                 initargs=(self.watch_path,))
                for _ in range(self.processes):
                    self._pool.submit(_started)

    def submit(self, pages: Sequence[Page]) -> PendingRead:
        """Start reading the pages (`read_pages`): in a worker, or here and now without workers."""
        if self._pool is not None:
            return PendingRead(pages, self._pool.submit(_read_in_worker, pages))
        done: Future[list[Download]] = Future()
        done.set_result(read_pages(pages, self._loaded_watch()))
        return PendingRead(pages, done)

    def _loaded_watch(self) -> Watch:
        with self._lock:
            if self._watch is None:
                self._watch = load_watch(self.watch_path)
            return self._watch

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class PendingRead:
    """Pages being read, in a worker or already here. It keeps what a failure report needs of
    the pages, not their HTML."""

    def __init__(self, pages: Sequence[Page], reading: Future[list[Download]]) -> None:
        self._unread, self._reading = [_unread(page) for page in pages], reading

    def downloads(self) -> list[Download]:
        """Each page's Download, in order, once read; all with an error if the worker died."""
        try:
            return self._reading.result()
        except Exception as exc:  # its worker died: these pages fail, the others stand
            log.exception("reading %d pages in a worker failed", len(self._unread))
            for download in self._unread:
                download.error = _unexpected(exc)
            return self._unread


_worker_watch: Watch | None = None


def _start_worker(watch_path: Path | None) -> None:
    global _worker_watch
    _worker_watch = load_watch(watch_path)
    # What the worker has now (the extractors' modules, the watch) lives as long as it does:
    # frozen, the collector does not scan it again, nor write to the pages it shares with the
    # server it was forked from.
    gc.freeze()


def _started() -> None:
    """Nothing: submitted to start a worker."""


def _read_in_worker(pages: Sequence[Page]) -> list[Download]:
    assert _worker_watch is not None, "worker started without its watch"
    return read_pages(pages, _worker_watch)


def read_pages(pages: Sequence[Page], watch: Watch) -> list[Download]:
    """Everything CPU-bound about the pages: extraction, fingerprint, near-duplicate signature,
    tags. Each step runs over all the pages before the next: run one after the other, every
    step keeps its code and data in the CPU's caches, where after an extraction a signature
    costs twice as much, and tagging a third more. A page that fails at a step is kept with its
    error, and the others go on."""
    downloads = [_unread(page) for page in pages]
    for page, download in zip(pages, downloads, strict=True):
        _step(download, _extract, page)
    for download in downloads:
        _step(download, _sign)
    for download in downloads:
        _step(download, _tag, watch)
    return downloads


def _step(download: Download, step: Callable[..., None], *args: object) -> None:
    """`step(download, *args)` unless an earlier step failed, with a failure, expected or not,
    kept as the page's error."""
    from mediawatch.extractors.article import ExtractionError

    if download.error is not None:
        return
    try:
        step(download, *args)
    except ExtractionError as exc:
        download.error = str(exc)
    except Exception as exc:  # a bug on one page must not stop the others
        log.exception("reading %s failed", download.entry.url)
        download.error = _unexpected(exc)


def _unread(page: Page) -> Download:
    return Download.of(page.feed_id, page.entry, page.final_url)


def _unexpected(exc: Exception) -> str:
    return f"could not process the page ({type(exc).__name__}: {exc})"


def _extract(download: Download, page: Page) -> None:
    from mediawatch.extractors.article import extract_article

    article = extract_article(page.content, url=page.final_url or page.entry.url,
                              fallback_published=page.entry.published, http_charset=page.charset)
    download.title = article.title or page.entry.title
    download.published = article.published or page.entry.published
    download.text = article.text


def _sign(download: Download) -> None:
    from mediawatch.extractors import similarity
    from mediawatch.extractors.article import text_fingerprint

    assert download.text is not None
    download.fingerprint = text_fingerprint(download.text)
    signature = similarity.text_signature(download.text)
    download.signature = similarity.signature_bytes(signature)
    download.band_keys = similarity.band_keys(signature)


def _tag(download: Download, watch: Watch) -> None:
    from mediawatch.extractors.tagger import tag_events

    assert download.text is not None
    download.events = tag_events(download.text, download.published, watch)
