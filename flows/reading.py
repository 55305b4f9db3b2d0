"""Reading downloaded pages: extraction, fingerprint, near-duplicate signature and tags.

All of it is CPU-bound, so a cycle with many pages reads them in worker processes, forked from
a server that imports this module and READING_MODULES (and nothing of Prefect or storage), so
that it starts quickly.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
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
        """Announce `pages` more pages to read; the workers start once enough are expected."""
        with self._lock:
            self._expected += pages
            if self._pool is None and self.processes > 1 and self._expected >= self.pool_min_pages:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["mediawatch.flows.reading", *READING_MODULES])
                self._pool = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_start_worker,
                                                 initargs=(self.watch_path,))

    def read(self, feed_id: int | None, entry: FeedEntry, content: bytes, final_url: str | None,
             charset: str | None = None) -> Download:
        if self._pool is None:
            return read_page(feed_id, entry, content, final_url, self._loaded_watch(), charset)
        return self._pool.submit(_read_in_worker, feed_id, entry, content, final_url, charset).result()

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


_worker_watch: Watch | None = None


def _start_worker(watch_path: Path | None) -> None:
    global _worker_watch
    _worker_watch = load_watch(watch_path)
    # What the worker has now (the extractors' modules, the watch) lives as long as it does:
    # frozen, the collector does not scan it again, nor write to the pages it shares with the
    # server it was forked from.
    gc.freeze()


def _read_in_worker(feed_id: int | None, entry: FeedEntry, content: bytes, final_url: str | None,
                    charset: str | None) -> Download:
    assert _worker_watch is not None, "worker started without its watch"
    return read_page(feed_id, entry, content, final_url, _worker_watch, charset)


def read_page(feed_id: int | None, entry: FeedEntry, content: bytes, final_url: str | None,
              watch: Watch, charset: str | None = None) -> Download:
    """Everything CPU-bound about one page: extraction, fingerprint, near-duplicate signature, tags."""
    from mediawatch.extractors import similarity
    from mediawatch.extractors.article import ExtractionError, extract_article, text_fingerprint
    from mediawatch.extractors.tagger import tag_events

    download = Download(feed_id=feed_id, entry=entry, canonical_url=canonical_url(entry.url), final_url=final_url)
    try:
        article = extract_article(content, url=final_url or entry.url, fallback_published=entry.published,
                                  http_charset=charset)
    except ExtractionError as exc:
        download.error = str(exc)
        return download
    download.title = article.title or entry.title
    download.published = article.published or entry.published
    download.text = article.text
    download.fingerprint = text_fingerprint(article.text)
    signature = similarity.text_signature(article.text)
    download.signature = similarity.signature_bytes(signature)
    download.band_keys = similarity.band_keys(signature)
    download.events = tag_events(article.text, download.published, watch)
    return download
