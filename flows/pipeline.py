"""The Prefect flow: one monitoring cycle composed from the steps in flows/cycle.py.

A task per feed polls and downloads (so the UI shows which feed did what), one task ingests the
batch (writes are serialised anyway), one delivers the outbox, and the run publishes two
artifacts: the new events with their sources, and the health of every feed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from mediawatch.extractors.models import FeedEntry
from mediawatch.extractors.watch import load_actors
from mediawatch.flows import cycle
from mediawatch.flows.alerts import DeliveryReport, deliver_pending, destinations, display_names
from mediawatch.flows.http import Fetcher
from mediawatch.flows.settings import Settings, load_settings
from mediawatch.flows.storage import Feed, Store, utcnow

# Threads for the feed tasks. Requests at once are bounded by the fetcher (fetch.concurrency,
# fetch.per_host), so this only needs to be enough to keep those slots busy.
TASK_THREADS = 16
# Below this many new pages a cycle reads them in its own process: starting the workers costs
# 2-3 s of CPU, and on 2 cores they read pages only about 1.3 times faster (measured on
# stream-2022 pages).
PROCESS_POOL_MIN = 200


@dataclass
class CycleSummary:
    feeds_ok: int
    feeds_failed: int
    feeds_skipped: int
    new_articles: int
    duplicates: int
    failed_articles: int
    new_events: int
    updated_events: int
    alerts_sent: int
    alerts_pending: int
    alerts_failed: int

    def render(self) -> str:
        return (
            f"feeds: {self.feeds_ok} ok, {self.feeds_failed} failed, {self.feeds_skipped} backing off | "
            f"articles: {self.new_articles} new, {self.duplicates} duplicates, {self.failed_articles} failed | "
            f"events: {self.new_events} new, {self.updated_events} updated | "
            f"alerts: {self.alerts_sent} sent, {self.alerts_pending} pending, {self.alerts_failed} failed"
        )


def _logger() -> logging.Logger | logging.LoggerAdapter:
    """The Prefect run logger inside a flow run (so the UI shows it), else the mediawatch logger."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("mediawatch")


@task(task_run_name="poll {feed.name}", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def poll(feed: Feed, settings: Settings, store: Store, fetcher: Fetcher, now: datetime) -> cycle.FeedPoll:
    logger = _logger()
    result = cycle.poll_feed(feed, fetcher, store, settings, now)
    if result.error:
        logger.warning("feed %s failed: %s", feed.name, result.error)
    else:
        logger.info("feed %s: %d entries, %d new", feed.name, result.entries_total, len(result.entries))
    return result


@task(task_run_name="download {label}", cache_policy=NO_CACHE)
def download(label: str, entries: list[tuple[int | None, FeedEntry]], fetcher: Fetcher, reader: cycle.PageReader,
             concurrency: int) -> list[cycle.Download]:
    logger = _logger()
    downloads = cycle.download_articles(entries, fetcher, reader, concurrency)
    for failed in (d for d in downloads if d.error):
        logger.warning("article %s failed: %s", failed.entry.url, failed.error)
    return downloads


@task(task_run_name="ingest {label}", cache_policy=NO_CACHE)
def ingest_batch(label: str, store: Store, downloads: list[cycle.Download], poll: cycle.FeedPoll | None,
                 alert_types: list[str]) -> cycle.IngestReport:
    """Store one feed's new articles, then the feed's state (a crash before leaves it unseen)."""
    report = cycle.ingest(store, downloads, alert_types)
    if poll is not None:
        store.save_feeds([poll.feed])
    return report


@task(task_run_name="deliver alerts", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def deliver_alerts(store: Store, settings: Settings, names: dict[str, str], now: datetime) -> DeliveryReport:
    logger = _logger()
    report = deliver_pending(store, destinations(settings.alerts), names, settings.alerts.max_attempts,
                             now=now, digest=settings.alerts.digest_period())
    for error in report.errors:
        logger.warning("alert not delivered: %s", error)
    return report


def _run_name() -> str:
    from prefect.runtime import flow_run

    settings_name = flow_run.parameters.get("name") or "mediawatch"
    return f"{settings_name} {utcnow():%Y-%m-%d %H:%M}"


@flow(name="mediawatch-cycle", flow_run_name=_run_name, task_runner=ThreadPoolTaskRunner(max_workers=TASK_THREADS))
def monitor(config: str, name: str = "mediawatch", shard: int = 0, shards: int = 1) -> dict:
    """Poll the feeds of CONFIG, store new articles and events, and send due alerts.

    `shard`/`shards` split the feeds between deployments: this run takes the feeds whose position
    in name order, modulo `shards`, equals `shard`.
    """
    if shards < 1 or not 0 <= shard < shards:
        raise ValueError(f"shard must be in 0..shards-1 and shards >= 1 (got shard={shard}, shards={shards})")
    settings = load_settings(config)
    return asdict(run_cycle(settings, shard=shard, shards=shards))


def run_cycle(settings: Settings, shard: int = 0, shards: int = 1, now: datetime | None = None,
              in_flow: bool = True) -> CycleSummary:
    """One cycle. In a flow run each step is a Prefect task; with `in_flow=False` the same steps
    run as plain calls (no Prefect server needed: tests use it to kill and restart cycles).

    A feed's new pages are submitted for download as soon as its poll returns, and each feed's
    downloads are ingested as soon as they are all read, so polling, downloading, reading and
    storing overlap."""
    steps = _Steps(in_flow)
    store = Store(settings.database_url)
    store.create_schema()
    now = now or utcnow()
    feeds = store.sync_feeds((f.name, f.url) for f in settings.feeds)
    mine = [f for i, f in enumerate(feeds) if i % shards == shard]
    polls: list[cycle.FeedPoll] = []
    ingested = cycle.IngestReport()
    processes = settings.fetch.processes or os.cpu_count() or 1
    with (cycle.open_fetcher(settings) as fetcher,
          cycle.PageReader(settings.watch_path(), processes, PROCESS_POOL_MIN) as reader):
        downloads = _poll_and_download(steps, mine, settings, store, fetcher, reader, now, polls)
        for done in steps.as_completed(list(downloads)):
            poll_result, label = downloads[done]
            ingested.add(steps.call(ingest_batch, label, store, done.result(), poll_result,
                                    settings.alerts.alerting_types()))
    waiting = {p.feed.id for p, _ in downloads.values() if p is not None}
    store.save_feeds(p.feed for p in polls if not p.skipped and p.feed.id not in waiting)
    names = display_names(load_actors(settings.watch_path()))
    delivery = steps.call(deliver_alerts, store, settings, names, now)
    if in_flow:
        publish_artifacts(store, ingested, polls, delivery)
    store.engine.dispose()
    return CycleSummary(
        feeds_ok=sum(1 for p in polls if not p.error and not p.skipped),
        feeds_failed=sum(1 for p in polls if p.error),
        feeds_skipped=sum(1 for p in polls if p.skipped),
        new_articles=ingested.new_articles,
        duplicates=ingested.duplicates,
        failed_articles=ingested.failed_articles,
        new_events=len(ingested.new_events),
        updated_events=len(ingested.updated_events),
        alerts_sent=len(delivery.sent),
        alerts_pending=len(delivery.pending),
        alerts_failed=len(delivery.failed),
    )


def _poll_and_download(steps: _Steps, feeds: list[Feed], settings: Settings, store: Store, fetcher: Fetcher,
                       reader: cycle.PageReader, now: datetime, polls: list[cycle.FeedPoll]) -> dict:
    """Poll every feed and submit each one's new pages for download as soon as its poll returns
    (then the failed articles due again). Appends the polls to `polls`; returns each download
    future with its (poll, label)."""
    seen: set[str] = set()
    downloads = {}

    def download_later(label: str, entries: list[tuple[int | None, FeedEntry]], poll_result: cycle.FeedPoll | None):
        reader.expect(len(entries))
        future = steps.submit(download, label, entries, fetcher, reader, settings.fetch.concurrency)
        downloads[future] = (poll_result, label)

    for done in steps.as_completed([steps.submit(poll, feed, settings, store, fetcher, now) for feed in feeds]):
        result = done.result()
        polls.append(result)
        entries = cycle.unseen_entries([(result.feed.id, entry) for entry in result.entries], seen)
        if entries:
            download_later(result.feed.name, entries, result)
    retries = cycle.unseen_entries(cycle.retry_entries(store), seen)
    if retries:
        download_later("failed articles again", retries, None)
    return downloads


class _Steps:
    """Run a step as a Prefect task inside a flow run, or as a plain call (then `submit` runs it
    at once and futures complete in submission order).

    Task arguments other than strings are passed `quote`d: Prefect would otherwise walk every
    element of them (pages, articles, settings) looking for futures, which cost a fifth of the
    flow process's CPU in a 1,000-page cycle. Strings stay plain for the task run names."""

    def __init__(self, in_flow: bool) -> None:
        self.in_flow = in_flow

    def submit(self, step, *args):
        return step.submit(*_quoted(args)) if self.in_flow else _Done(step.fn(*args))

    def call(self, step, *args):
        return step(*_quoted(args)) if self.in_flow else step.fn(*args)

    def as_completed(self, futures: list) -> Iterator:
        return as_completed(futures) if self.in_flow else iter(futures)


def _quoted(args: tuple) -> list:
    return [arg if isinstance(arg, str) else quote(arg) for arg in args]


@dataclass(eq=False)
class _Done:
    """A finished result with the .result() of a Prefect future, for plain runs."""

    value: object

    def result(self) -> object:
        return self.value


def publish_artifacts(store: Store, ingested: cycle.IngestReport, polls: list[cycle.FeedPoll],
                      delivery: DeliveryReport) -> None:
    from mediawatch.flows.reports import event_rows, feed_health_rows

    event_ids = ingested.new_events + ingested.updated_events
    counts = f"{len(ingested.new_events)} new and {len(ingested.updated_events)} updated events"
    create_table_artifact(key="new-events", table=event_rows(store, event_ids), description=counts)
    create_table_artifact(key="feed-health", table=feed_health_rows(store.feeds(), polls),
                          description="Every feed's last poll")
    alerts = [{"alert": t, "state": "sent"} for t in delivery.sent] + \
             [{"alert": t, "state": "pending (retried next cycle)"} for t in delivery.pending] + \
             [{"alert": t, "state": "failed (gave up)"} for t in delivery.failed]
    create_table_artifact(key="alerts", table=alerts or [{"alert": "none due", "state": ""}],
                          description="; ".join(delivery.errors) or "Alerts delivered this run")
