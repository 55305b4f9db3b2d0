"""The Prefect flow: one monitoring cycle composed from the steps in flows/cycle.py.

A task per feed polls it and downloads its new articles (so the UI shows which feed did what);
the flow stores each feed's articles as its task finishes (writes are serialised anyway); one task
matches the stored articles' reports to events, in publication order; one task delivers the
outbox; the run publishes three artifacts: the new events with their sources, the
health of every feed and the alerts.
"""

from __future__ import annotations

import gc
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


@task(task_run_name="feed {feed.name}", cache_policy=NO_CACHE)
def update_feed(feed: Feed, settings: Settings, store: Store, fetcher: Fetcher, reader: cycle.PageReader,
                claims: cycle.UrlClaims, now: datetime, handoff: dict) -> None:
    """Poll one feed and download, read and tag its new articles; nothing is stored here.

    The poll and the downloads are left in `handoff` under the feed's id rather than returned:
    Prefect keeps every task's result until the flow run ends, which in a 10,000-page cycle
    would hold every article's text in memory. (No task retries: a retry would find its entries
    claimed by the first attempt.)"""
    logger = _logger()
    result = cycle.poll_feed(feed, fetcher, store, settings, now)
    if result.error:
        logger.warning("feed %s failed: %s", feed.name, result.error)
        handoff[feed.id] = (result, [])
        return
    entries = claims.claim([(feed.id, entry) for entry in result.entries])
    # The poll is kept until the run ends (for the feed-health report); its entries, summaries
    # included, are not needed once claimed.
    result.entries = []
    logger.info("feed %s: %d entries, %d new", feed.name, result.entries_total, len(entries))
    handoff[feed.id] = (result, _download(entries, fetcher, reader, settings))


@task(task_run_name="download failed articles again", cache_policy=NO_CACHE)
def download_again(entries: list[tuple[int | None, FeedEntry]], fetcher: Fetcher, reader: cycle.PageReader,
                   settings: Settings, handoff: dict) -> None:
    """The failed articles due again, left in `handoff` under None (see update_feed)."""
    handoff[None] = (None, _download(entries, fetcher, reader, settings))


def _store_outcome(done, feed: Feed | None, handoff: dict, store: Store, ingested: cycle.IngestReport,
                   polls: list[cycle.FeedPoll]) -> None:
    """Store the articles of a finished feed task (or of the failed articles' download), then the
    feed's state (the articles are matched to events once all feeds are done); a task that
    crashed is logged and its feed left as it was, to be tried again."""
    try:
        done.result()
        result, downloads = handoff.pop(feed.id if feed else None)
    except Exception as exc:  # a bug on one feed must not stop the others
        _logger().exception("feed %s failed unexpectedly", feed.name if feed else "(failed articles again)")
        if feed is not None:  # counted and shown as failed, its state not saved
            polls.append(cycle.FeedPoll(feed=feed, error=f"could not update the feed ({type(exc).__name__})"))
        return
    report = cycle.store_downloads(store, downloads)
    ingested.add(report)
    if downloads:
        _logger().info("%s: %d articles stored, %d duplicates, %d failed",
                       feed.name if feed else "failed articles again", report.new_articles, report.duplicates,
                       report.failed_articles)
    if result is not None:
        polls.append(result)
        if not result.skipped:
            store.save_feeds([result.feed])


def _download(entries: list[tuple[int | None, FeedEntry]], fetcher: Fetcher, reader: cycle.PageReader,
              settings: Settings) -> list[cycle.Download]:
    reader.expect(len(entries))
    downloads = cycle.download_articles(entries, fetcher, reader, settings.fetch.concurrency)
    for failed in (d for d in downloads if d.error):
        _logger().warning("article %s failed: %s", failed.entry.url, failed.error)
    return downloads


@task(task_run_name="match reports to events", cache_policy=NO_CACHE)
def match_reports(store: Store, alert_types: list[str]) -> cycle.IngestReport:
    """Match the reports of every article stored and not matched yet (this run's, and any a
    killed run left) to events, in publication order, queueing their alerts."""
    report = cycle.match_pending(store, alert_types)
    _logger().info("events: %d new, %d updated; %d alerts queued", len(report.new_events),
                   len(report.updated_events), report.alerts_queued)
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
    # Everything alive now (Prefect, the libraries) outlives the cycle: frozen, it is not scanned
    # again by every full collection, which took ~130 ms each, 7 times in a 1,000-page cycle.
    gc.freeze()
    try:
        return asdict(run_cycle(settings, shard=shard, shards=shards))
    finally:
        gc.unfreeze()


def run_cycle(settings: Settings, shard: int = 0, shards: int = 1, now: datetime | None = None,
              in_flow: bool = True) -> CycleSummary:
    """One cycle. In a flow run each step is a Prefect task; with `in_flow=False` the same steps
    run as plain calls (no Prefect server needed: tests use it to kill and restart cycles).

    One task per feed polls it and downloads, reads and tags its new pages; each feed's articles
    are stored as soon as its task is done, so polling, downloading, reading and storing overlap.
    Their reports are matched to events once all are stored, in publication order.
    (Fewer, larger tasks: each task run costs the Prefect server about 60 ms of CPU.)"""
    steps = _Steps(in_flow)
    store = Store(settings.database_url)
    store.create_schema()
    now = now or utcnow()
    feeds = store.sync_feeds((f.name, f.url) for f in settings.feeds)
    mine = [f for i, f in enumerate(feeds) if i % shards == shard]
    polls: list[cycle.FeedPoll] = []
    ingested = cycle.IngestReport()
    alert_types = settings.alerts.alerting_types()
    processes = settings.fetch.processes or os.cpu_count() or 1
    with (cycle.open_fetcher(settings) as fetcher,
          cycle.PageReader(settings.watch_path(), processes, PROCESS_POOL_MIN) as reader):
        claims = cycle.UrlClaims()
        handoff: dict = {}  # what each finished task leaves for storing (see update_feed)
        futures = {}
        retries = claims.claim(cycle.retry_entries(store))
        if retries:
            futures[steps.submit(download_again, retries, fetcher, reader, settings, handoff)] = None
        for feed in mine:
            futures[steps.submit(update_feed, feed, settings, store, fetcher, reader, claims, now, handoff)] = feed
        for done in steps.as_completed(list(futures)):
            _store_outcome(done, futures[done], handoff, store, ingested, polls)
    ingested.add(steps.call(match_reports, store, alert_types))
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


class _Steps:
    """Run a step as a Prefect task inside a flow run, or as a plain call (then `submit` runs it
    at once and futures complete in submission order).

    Task arguments other than strings are passed `quote`d: Prefect would otherwise walk every
    element of them (pages, articles, settings) looking for futures, which cost a fifth of the
    flow process's CPU in a 1,000-page cycle. Strings stay plain for the task run names."""

    def __init__(self, in_flow: bool) -> None:
        self.in_flow = in_flow

    def submit(self, step, *args):
        return step.submit(*_quoted(args)) if self.in_flow else _Done(step.fn, *args)

    def call(self, step, *args):
        return step(*_quoted(args)) if self.in_flow else step.fn(*args)

    def as_completed(self, futures: list) -> Iterator:
        return as_completed(futures) if self.in_flow else iter(futures)


def _quoted(args: tuple) -> list:
    return [arg if isinstance(arg, str) else quote(arg) for arg in args]


class _Done:
    """A step run at once, with the .result() of a Prefect future (which raises what the step
    raised), for plain runs."""

    def __init__(self, step, *args) -> None:
        self.value: object = None
        self.error: Exception | None = None
        try:
            self.value = step(*args)
        except Exception as exc:
            self.error = exc

    def result(self) -> object:
        if self.error is not None:
            raise self.error
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
