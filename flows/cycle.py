"""The steps of one monitoring cycle, as plain functions over the extractors, the fetcher and the store.

flows/pipeline.py runs them as Prefect tasks; tests and the replay can run them without Prefect.
Order of a cycle, and why (steps 1-3 overlap: each feed goes on as soon as its poll is done):
1. poll each feed (conditional GET) and keep the entries not seen before;
2. download, extract and tag those articles (network and CPU, concurrently, nothing written);
3. store a feed's articles (several per transaction), each left pending for matching, then save
   the feed's new ETag/Last-Modified. A run killed before 3 leaves the feed state untouched, so
   the next run sees the same entries again: nothing is lost;
4. match every pending article's reports to events, in publication order whatever the order the
   feeds finished in, and queue the alerts (in the same transactions); a run killed before 4
   leaves them pending for the next;
5. deliver the outbox.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from mediawatch.extractors.event_matching import KnownEvent, advances, match_event
from mediawatch.extractors.feeds import FeedError, parse_feed
from mediawatch.extractors.models import Event as TaggedEvent
from mediawatch.extractors.models import FeedEntry
from mediawatch.extractors.urls import canonical_url
from mediawatch.flows.http import Fetcher
from mediawatch.flows.reading import READ_BATCH, Download, Page, PageReader, PendingRead
from mediawatch.flows.settings import Settings
from mediawatch.flows.storage import Article, Event, Feed, Store, as_utc, utcnow

log = logging.getLogger("mediawatch")

ARTICLE_RETRY_LIMIT = 3
INGEST_TRANSACTION_ARTICLES = 50
MAX_FEED_BACKOFF = timedelta(hours=6)


@dataclass
class FeedPoll:
    """What polling one feed found; the feed row is saved only after its articles are stored."""

    feed: Feed
    entries: list[FeedEntry] = field(default_factory=list)
    entries_total: int = 0
    error: str | None = None
    warning: str | None = None
    not_modified: bool = False
    skipped: bool = False


@dataclass
class IngestReport:
    new_articles: int = 0
    duplicates: int = 0
    failed_articles: int = 0
    new_events: list[int] = field(default_factory=list)
    updated_events: list[int] = field(default_factory=list)
    alerts_queued: int = 0

    def add(self, other: IngestReport) -> None:
        self.new_articles += other.new_articles
        self.duplicates += other.duplicates
        self.failed_articles += other.failed_articles
        self.new_events += other.new_events
        self.updated_events += other.updated_events
        self.alerts_queued += other.alerts_queued


# 1. Poll ------------------------------------------------------------------------------------


def poll_feed(feed: Feed, fetcher: Fetcher, store: Store, settings: Settings, now: datetime) -> FeedPoll:
    """Fetch one feed with conditional GET and keep the entries mediawatch has not handled yet."""
    poll = FeedPoll(feed=feed)
    if feed.next_check_at and as_utc(feed.next_check_at) > now:
        poll.skipped = True
        return poll
    feed.last_checked_at = now
    result = fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    feed.last_status = result.status
    if result.error:
        return _feed_failed(poll, result.error, now, retry_after=result.retry_after)
    if result.status == 304:
        poll.not_modified = True
        _feed_ok(feed, now, entries=feed.entries_last, new=0)
        return poll
    try:
        parsed = parse_feed(result.content or b"", result.final_url or feed.url)
    except FeedError as exc:
        return _feed_failed(poll, str(exc), now)
    except Exception as exc:  # a parser bug on one feed must not stop the others
        log.exception("parsing feed %s failed", feed.name)
        return _feed_failed(poll, f"could not parse the feed ({type(exc).__name__})", now)
    feed.title = parsed.title or feed.title
    feed.etag, feed.last_modified = result.etag, result.last_modified
    poll.warning = parsed.warning
    poll.entries_total = len(parsed.entries)
    poll.entries = new_entries(parsed.entries, store, settings.max_entry_age_days, now)
    _feed_ok(feed, now, entries=len(parsed.entries), new=len(poll.entries))
    return poll


def new_entries(entries: Sequence[FeedEntry], store: Store, max_age_days: int, now: datetime) -> list[FeedEntry]:
    """Entries not stored yet (by canonical URL), not too old, each URL once."""
    oldest = now - timedelta(days=max_age_days) if max_age_days else None
    by_url: dict[str, FeedEntry] = {}
    for entry in entries:
        if oldest and entry.published and entry.published < oldest:
            continue
        by_url.setdefault(canonical_url(entry.url), entry)
    known = store.known_urls(list(by_url), ARTICLE_RETRY_LIMIT)
    return [entry for url, entry in by_url.items() if url not in known]


def _feed_ok(feed: Feed, now: datetime, entries: int, new: int) -> None:
    feed.last_error, feed.consecutive_failures, feed.next_check_at = None, 0, None
    feed.last_success_at, feed.entries_last, feed.new_last = now, entries, new


def _feed_failed(poll: FeedPoll, error: str, now: datetime, retry_after: float | None = None) -> FeedPoll:
    """Record the failure; a feed that keeps failing is tried less and less often."""
    feed = poll.feed
    poll.error = feed.last_error = error
    feed.consecutive_failures += 1
    feed.new_last = 0
    wait = min(timedelta(minutes=2 ** min(feed.consecutive_failures - 1, 12)), MAX_FEED_BACKOFF)
    if feed.consecutive_failures == 1:
        wait = timedelta(0)
    if retry_after:
        wait = max(wait, timedelta(seconds=retry_after))
    feed.next_check_at = now + wait if wait else None
    return poll


# 2. Download, extract, tag -------------------------------------------------------------------


class UrlClaims:
    """The canonical URLs some feed has taken this cycle, so that an article that several feeds
    list is downloaded once. Safe to share between threads."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._lock = threading.Lock()

    def claim(self, entries: Sequence[tuple[int | None, FeedEntry]]) -> list[tuple[int | None, FeedEntry]]:
        """The entries no one has claimed yet, which are now claimed."""
        mine = []
        with self._lock:
            for feed_id, entry in entries:
                url = canonical_url(entry.url)
                if url not in self._taken:
                    self._taken.add(url)
                    mine.append((feed_id, entry))
        return mine


def download_articles(
    entries: Sequence[tuple[int | None, FeedEntry]],
    fetcher: Fetcher,
    reader: PageReader,
    concurrency: int,
) -> list[Download]:
    """Fetch each entry's page and read the pages (`PageReader.submit`) in batches, each batch
    as soon as it is fetched, while the others download; failures are kept as Downloads with an
    error, and the other pages go on."""
    if not entries:
        return []
    fetched: list[Download | None] = [None] * len(entries)
    waiting: list[tuple[int, Page]] = []
    reads: list[tuple[list[int], PendingRead]] = []
    lock = threading.Lock()

    def submit(batch: list[tuple[int, Page]]) -> None:
        read = reader.submit([page for _, page in batch])
        with lock:
            reads.append(([index for index, _ in batch], read))

    def fetch(index: int) -> None:
        page = _fetch_isolated(*entries[index], fetcher)
        if isinstance(page, Download):
            fetched[index] = page
            return
        with lock:
            waiting.append((index, page))
            if len(waiting) < READ_BATCH:
                return
            batch = waiting[:]
            waiting.clear()
        submit(batch)

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(entries)))) as pool:
        list(pool.map(fetch, range(len(entries))))
    if waiting:
        submit(waiting)
    for indices, read in reads:
        for index, done in zip(indices, read.downloads(), strict=True):
            fetched[index] = done
    downloads = [download for download in fetched if download is not None]
    assert len(downloads) == len(entries), "every page is either read or failed"
    return downloads


def _fetch_isolated(feed_id: int | None, entry: FeedEntry, fetcher: Fetcher) -> Page | Download:
    """The entry's page, or a Download with the error (an unexpected one kept to this page)."""
    try:
        result = fetcher.fetch(entry.url)
    except Exception as exc:
        log.exception("downloading %s failed", entry.url)
        return Download.of(feed_id, entry, None, f"could not download the page ({type(exc).__name__}: {exc})")
    if result.error or not result.content:
        return Download.of(feed_id, entry, result.final_url, result.error or f"empty response (HTTP {result.status})")
    return Page(feed_id, entry, result.content, result.final_url, content_charset(result.content_type))


def content_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header ("text/html; charset=iso-8859-1")."""
    from email.message import Message

    if not content_type:
        return None
    header = Message()
    header["content-type"] = content_type
    return header.get_param("charset")  # type: ignore[return-value]


# 3. Ingest ---------------------------------------------------------------------------------


def ingest(store: Store, downloads: Sequence[Download], alert_types: Sequence[str]) -> IngestReport:
    """Store the downloads (`store_downloads`), then match them, and any article left pending
    before, to events (`match_pending`)."""
    report = store_downloads(store, downloads)
    report.add(match_pending(store, alert_types))
    return report


def store_downloads(store: Store, downloads: Sequence[Download]) -> IngestReport:
    """Store each download (a copy marked as the duplicate of its original) and leave it pending
    for `match_pending`. INGEST_TRANSACTION_ARTICLES articles per transaction: beginning and
    committing cost more than storing one article, and a transaction is kept short so that
    another run is not held up long."""
    report = IngestReport()
    downloads = sorted(downloads, key=_publication_order)
    for first in range(0, len(downloads), INGEST_TRANSACTION_ARTICLES):
        batch = downloads[first : first + INGEST_TRANSACTION_ARTICLES]
        with store.ingest_lock() as session:
            known = KnownArticles.fetch(store, session, batch)
            for download in batch:
                _store_one(store, session, known, download, report)
            store.add_bands(session, known.new_bands)
    return report


def match_pending(store: Store, alert_types: Sequence[str]) -> IngestReport:
    """Match every pending article to events, oldest publication first (see `PendingMatch`).
    Of a group of copies of one text, the first matched speaks for it: its reports make new
    events or more sources of known events, which move forward when a report is of a later
    stage; the others become sources of the same events. Alerts are queued for the types in
    `alert_types`. INGEST_TRANSACTION_ARTICLES articles per transaction, as in `store_downloads`."""
    report = IngestReport()
    alerting = set(alert_types)
    while True:
        with store.ingest_lock() as session:
            batch = [_pending(row) for row in store.pending_matches(session, INGEST_TRANSACTION_ARTICLES)]
            if not batch:
                return report
            matching = _Matching(store, session, KnownEvents.fetch(store, session, batch),
                                 store.matched_copies(session, (pending.copies for pending in batch)),
                                 alerting, report)
            for pending in batch:
                _match_one(matching, pending)
            store.drop_pending(session, [pending.article_id for pending in batch])


def _publication_order(download: Download) -> tuple[bool, datetime]:
    """Oldest first, undated last (feeds list their newest entries first), so that of two copies
    in one batch the older is stored as the original. Matching takes the stored articles in the
    same order (`Store.pending_matches`), whichever batch stored them."""
    published = as_utc(download.published or download.entry.published)
    return (published is None, published or datetime.min.replace(tzinfo=timezone.utc))


class KnownArticles:
    """What one transaction's downloads need to know about the stored corpus: the articles at
    their URLs, the originals with their fingerprints, and the near-duplicate index around their
    band keys. Fetched in a few queries for the whole batch (inside the ingest lock, so nothing
    changes meanwhile) and kept up to date as the batch's own articles are stored, so that a copy
    of an article stored earlier in the same batch is found too."""

    def __init__(self, by_url: dict[str, Article], by_fingerprint: dict[str, int],
                 band_members: dict[int, list[int]], signatures: dict[int, bytes]) -> None:
        self.by_url = by_url
        self.by_fingerprint = by_fingerprint
        self.band_members = band_members
        self.signatures = signatures
        self.stored_urls: set[str] = set()
        self.new_bands: list[tuple[int, int]] = []

    @classmethod
    def fetch(cls, store: Store, session, downloads: Sequence[Download]) -> KnownArticles:
        readable = [d for d in downloads if d.error is None]
        members = store.band_members(session, {key for d in readable for key in d.band_keys})
        candidates = {article_id for d in readable for article_id in _most_shared(d.band_keys, members)}
        return cls(store.articles_by_url(session, (d.canonical_url for d in downloads)),
                   store.originals_by_fingerprint(session, (d.fingerprint for d in readable if d.fingerprint)),
                   members, store.signatures(session, candidates))

    def original_of(self, download: Download) -> int | None:
        """The id of the article this one copies: same text, or a near-verbatim syndicated copy."""
        if download.fingerprint and download.fingerprint in self.by_fingerprint:
            return self.by_fingerprint[download.fingerprint]
        if download.signature is None:
            return None
        from mediawatch.extractors import similarity  # numpy: not imported by a cycle with nothing new

        candidates = [(article_id, signature) for article_id in _most_shared(download.band_keys, self.band_members)
                      if (signature := self.signatures.get(article_id)) is not None]
        if not candidates:
            return None
        scores = similarity.stored_similarities(download.signature, [signature for _, signature in candidates])
        best = int(scores.argmax())  # the first of equals: the one sharing most bands
        return candidates[best][0] if scores[best] >= similarity.NEAR_DUPLICATE_THRESHOLD else None

    def add(self, download: Download, state: str, article_id: int) -> None:
        """An article this batch stored; an original joins the index (its band rows are written
        with the batch, `new_bands`)."""
        self.stored_urls.add(download.canonical_url)
        if state != "ok":
            return
        if download.fingerprint:
            self.by_fingerprint.setdefault(download.fingerprint, article_id)
        if download.signature is not None:
            self.signatures[article_id] = download.signature
        for key in set(download.band_keys):
            self.band_members.setdefault(key, []).append(article_id)
            self.new_bands.append((key, article_id))


def _most_shared(band_keys: Sequence[int], members: dict[int, list[int]], limit: int = 50) -> list[int]:
    """The `limit` articles sharing most bands with these keys: the candidates worth verifying."""
    shared = Counter(article_id for key in set(band_keys) for article_id in members.get(key, ()))
    return [article_id for article_id, _ in shared.most_common(limit)]


class KnownEvents:
    """The current events one transaction's reports may be of (`Store.candidate_events` around
    their days), fetched once inside the ingest lock and kept up to date as the transaction adds
    and advances events, so that a report finds an event stored earlier in the same batch."""

    def __init__(self, events: Iterable[KnownEvent]) -> None:
        self._by_type: dict[str, dict[int, KnownEvent]] = {}
        for event in events:
            self.put(event)

    @classmethod
    def fetch(cls, store: Store, session, batch: Sequence[PendingArticle]) -> KnownEvents:
        days: dict[str, set[date]] = {}
        for pending in batch:
            for tagged in pending.reports:
                if _is_current(tagged):
                    days.setdefault(tagged.type, set()).add(tagged.date or pending.reported_on)
        return cls(_known(row) for row in store.candidate_events(session, days))

    def match(self, tagged: TaggedEvent, reported_on: date) -> KnownEvent | None:
        """The known event this report is of (`match_event`), or None."""
        candidates = list(self._by_type.get(tagged.type, {}).values())
        return match_event(tagged.type, tagged.status, set(tagged.parties), tagged.date, reported_on, candidates)

    def put(self, event: KnownEvent) -> None:
        """A new event, or a known event's new state."""
        self._by_type.setdefault(event.type, {})[event.id] = event


def _store_one(store: Store, session, known: KnownArticles, download: Download, report: IngestReport) -> None:
    existing = known.by_url.get(download.canonical_url)
    if download.canonical_url in known.stored_urls or (existing is not None and existing.state != "failed"):
        return  # stored by another run meanwhile, or listed twice
    original = None if download.error else known.original_of(download)
    state = "failed" if download.error else "duplicate" if original is not None else "ok"
    values = {
        "url": download.entry.url, "canonical_url": download.canonical_url, "feed_id": download.feed_id,
        "title": download.title or download.entry.title, "published": download.published or download.entry.published,
        "state": state, "error": download.error, "fetched_at": utcnow(), "duplicate_of": original,
        "text": download.text, "fingerprint": download.fingerprint, "signature": download.signature,
    }
    article_id = store.save_article(session, values, existing)
    known.add(download, state, article_id)
    if state == "failed":
        report.failed_articles += 1
    elif original is not None:
        report.duplicates += 1
    else:
        report.new_articles += 1
    if state != "failed":
        store.add_pending(session, article_id, [tagged.to_json() for tagged in download.events])


@dataclass(frozen=True)
class PendingArticle:
    """A stored article waiting to be matched, with its reports; `copies` is the id of the
    original of its group of copies (its own id when it is the original)."""

    article_id: int
    reports: list[TaggedEvent]
    reported_on: date
    copies: int


def _pending(row: Any) -> PendingArticle:
    """A `Store.pending_matches` row; an article is reported on the day it was published, or
    fetched when its page and feed give no date."""
    reported_on = (as_utc(row.published) or as_utc(row.fetched_at)).date()
    return PendingArticle(article_id=row.article_id, reports=[TaggedEvent.from_json(r) for r in row.reports or []],
                          reported_on=reported_on, copies=row.copies)


@dataclass
class _Matching:
    """One matching transaction: its session, the events its reports may be of, the events of
    the groups of copies matched already (`Store.matched_copies`), and the report."""

    store: Store
    session: Any
    events: KnownEvents
    matched_copies: dict[int, set[int]]
    alert_types: set[str]
    report: IngestReport


def _match_one(matching: _Matching, pending: PendingArticle) -> None:
    """A copy of a text matched already is a source of the same events; else the article's
    reports are matched."""
    store, session = matching.store, matching.session
    if pending.copies in matching.matched_copies:
        for event_id in sorted(matching.matched_copies[pending.copies]):
            store.add_source(session, event_id, pending.article_id, "duplicate")
        return
    linked: set[int] = set()
    current: set[int] = set()
    for tagged in pending.reports:
        event_id = _match_report(matching, pending.article_id, tagged, pending.reported_on, linked)
        if event_id is not None:
            current.add(event_id)
    matching.matched_copies[pending.copies] = current


def _match_report(matching: _Matching, article_id: int, tagged: TaggedEvent, reported_on: date,
                  linked: set[int]) -> int | None:
    """Store what one report says of an event: a new event, or one more source of a known event,
    which moves forward when the report is of a later stage; return the event's id if it is
    current. `linked` holds the events this article is already a source of (two of its reports
    may be of one event)."""
    store, session, report = matching.store, matching.session, matching.report
    alerting = tagged.type in matching.alert_types
    if not _is_current(tagged):
        event_id = store.insert_event(session, _event_values(tagged, article_id, reported_on))
        _link(matching, event_id, article_id, tagged.status, linked)
        return None
    known = matching.events.match(tagged, reported_on)
    if known is None:
        values = _event_values(tagged, article_id, reported_on)
        event_id = store.insert_event(session, values)
        matching.events.put(KnownEvent(id=event_id, type=tagged.type, status=tagged.status,
                                       parties=tuple(values["parties"]), date=tagged.date,
                                       reference_date=values["reference_date"]))
        _link(matching, event_id, article_id, tagged.status, linked)
        report.new_events.append(event_id)
        if alerting:
            store.queue_alert(session, event_id, tagged.type, tagged.status, "new")
            report.alerts_queued += 1
        return event_id
    _link(matching, known.id, article_id, tagged.status, linked)
    if advances(known.status, tagged.status):
        row = session.get(Event, known.id)
        _advance(row, tagged)
        session.add(row)
        session.flush()
        matching.events.put(_known(row))
        report.updated_events.append(row.id)
        if alerting:
            store.queue_alert(session, row.id, row.type, row.status, "update")
            report.alerts_queued += 1
    return known.id


def _link(matching: _Matching, event_id: int, article_id: int, status: str, linked: set[int]) -> None:
    if event_id not in linked:
        linked.add(event_id)
        matching.store.add_source(matching.session, event_id, article_id, status)


def _is_current(tagged: TaggedEvent) -> bool:
    """Whether a report is of an event that matching and alerts consider (EVENTS.md)."""
    return tagged.current and tagged.status != "denied"


def _event_values(tagged: TaggedEvent, article_id: int, reported_on: date) -> dict[str, Any]:
    """A new event's columns (`Store.insert_event`)."""
    return {
        "type": tagged.type, "status": tagged.status, "current": _is_current(tagged),
        "parties": sorted(tagged.parties), "mediators": sorted(tagged.mediators), "location": tagged.location,
        "date": tagged.date, "count": tagged.count, "evidence": list(tagged.evidence),
        "reference_date": tagged.date or reported_on, "first_article_id": article_id,
    }


def _advance(row: Event, tagged: TaggedEvent) -> None:
    """Move a stored event to the newer status, taking the newer report's facts where it has them."""
    row.status = tagged.status
    row.date = tagged.date or row.date
    row.reference_date = row.date or row.reference_date
    row.location = tagged.location or row.location
    row.count = tagged.count or row.count
    row.parties = sorted(set(row.parties) | set(tagged.parties))
    row.mediators = sorted(set(row.mediators) | set(tagged.mediators))
    row.evidence = list(tagged.evidence) + [e for e in row.evidence if e not in tagged.evidence]
    row.updated_at = utcnow()


def _known(row) -> KnownEvent:
    """A stored event (a `Store.candidate_events` row or an `Event`), as event matching takes it."""
    return KnownEvent(id=row.id, type=row.type, status=row.status, parties=tuple(row.parties),
                      date=row.date, reference_date=row.reference_date)


def retry_entries(store: Store) -> list[tuple[int | None, FeedEntry]]:
    """Articles whose download failed before and may be tried again this cycle."""
    return [(r.feed_id, FeedEntry(url=r.url, title=r.title or "", published=r.published))
            for r in store.failed_articles(ARTICLE_RETRY_LIMIT)]


def open_fetcher(settings: Settings) -> Fetcher:
    """One fetcher per cycle, shared by every feed task, so the per-host limit holds across feeds."""
    return Fetcher(
        read_timeout=settings.fetch.timeout_seconds,
        max_bytes=settings.fetch.max_bytes,
        per_host_limit=settings.fetch.per_host,
        concurrency=settings.fetch.concurrency,
        allow_private_networks=settings.allow_private_networks,
    )
