"""Shared plumbing of the reliability tests: one cycle without Prefect, a scriptable local web site,
an alert receiver that can be told to fail, and RSS written on the fly.

`plain_cycle` runs the steps of flows/cycle.py in the order flows/pipeline.py runs them (poll and
download each feed, retry failed articles, ingest, save the feeds, deliver), without Prefect, so a
child process can run a cycle in about a second and be killed anywhere in it.

Run as a script (`python -m tests.reliability.support CONFIG [NOW_OFFSET_SECONDS]`) it runs one
cycle on CONFIG and prints the summary as JSON; the exit code is the CLI's (3 for a database error).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from mediawatch.flows.stream_server import BackgroundHTTPServer, QuietRequestHandler

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


# One cycle without Prefect -----------------------------------------------------------------------


def plain_cycle(settings, now: datetime | None = None) -> dict[str, Any]:
    """flows/pipeline.py run_cycle, step for step, with plain calls instead of Prefect tasks."""
    from mediawatch.extractors.urls import canonical_url
    from mediawatch.extractors.watch import load_watch
    from mediawatch.flows import cycle
    from mediawatch.flows.storage import Store, utcnow

    store = Store(settings.database_url)
    store.create_schema()
    watch = load_watch(settings.watch)
    now = now or utcnow()
    feeds = store.sync_feeds((f.name, f.url) for f in settings.feeds)
    polls, downloads = [], []
    with cycle.open_fetcher(settings) as fetcher:
        for feed in feeds:
            poll = cycle.poll_feed(feed, fetcher, store, settings, now)
            polls.append(poll)
            downloads += cycle.download_articles([(feed.id, e) for e in poll.entries], fetcher, watch,
                                                 settings.fetch.concurrency)
        seen = {d.canonical_url for d in downloads}
        retry = [(fid, e) for fid, e in cycle.retry_entries(store) if canonical_url(e.url) not in seen]
        downloads += cycle.download_articles(retry, fetcher, watch, settings.fetch.concurrency)
    alerting = getattr(settings.alerts, "alerting_types", lambda: list(settings.alerts.types))()
    report = cycle.ingest(store, downloads, alerting)
    for poll in polls:
        if not poll.skipped:
            store.save_feed(poll.feed)
    names = {code: actor.name for code, actor in watch.actors.items()}
    delivery = _deliver(store, settings, names, now)
    store.engine.dispose()
    return {
        "feeds_ok": sum(1 for p in polls if not p.error and not p.skipped),
        "feeds_failed": sum(1 for p in polls if p.error),
        "feeds_skipped": sum(1 for p in polls if p.skipped),
        "new_articles": report.new_articles,
        "duplicates": report.duplicates,
        "failed_articles": report.failed_articles,
        "alerts_sent": len(delivery.sent),
        "alerts_pending": len(delivery.pending),
        "errors": delivery.errors,
    }


def _deliver(store, settings, names, now):
    """deliver_pending as flows/pipeline.py calls it (its signature is growing: routes, digests)."""
    from mediawatch.flows import alerts

    if hasattr(alerts, "destinations"):
        return alerts.deliver_pending(store, alerts.destinations(settings.alerts), names, settings.alerts.max_attempts,
                                      now=now, digest=settings.alerts.digest_period())
    return alerts.deliver_pending(store, settings.alerts.resolved_urls(), names, settings.alerts.max_attempts, now=now)


def reset_database(url: str) -> None:
    """Drop every table mediawatch made, the migrations' version table included."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    from mediawatch.flows.storage import Store

    store = Store(url)
    SQLModel.metadata.drop_all(store.engine)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    store.engine.dispose()


def child_command(config, now_offset_seconds: float = 0.0) -> list[str]:
    return [sys.executable, "-m", "tests.reliability.support", str(config), str(now_offset_seconds)]


def _main(argv: list[str]) -> int:
    from mediawatch.flows.settings import ConfigError, load_settings
    from mediawatch.flows.storage import DatabaseError, utcnow

    try:
        settings = load_settings(argv[0])
        offset = float(argv[1]) if len(argv) > 1 else 0.0
        summary = plain_cycle(settings, now=utcnow() + timedelta(seconds=offset))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        print(f"database error: {exc}", file=sys.stderr)
        return 3
    print(json.dumps(summary), flush=True)
    return 0


# RSS -------------------------------------------------------------------------------------------------


def rss(title: str, items: list[tuple[str, str, datetime | None]]) -> bytes:
    """RSS 2.0 with items (title, link, published)."""
    parts = [f"<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel><title>{escape(title)}</title>"
             "<link>http://example.org/</link><description>test</description>"]
    for item_title, link, published in items:
        date = f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate>" if published else ""
        parts.append(f"<item><title>{escape(item_title)}</title><link>{escape(link)}</link>{date}"
                     f"<guid>{escape(link)}</guid></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def article_page(title: str, paragraphs: list[str], published: str = "2025-05-13") -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<meta property='article:published_time' content='{published}'></head>"
            f"<body><article><h1>{escape(title)}</h1>{body}</article></body></html>").encode("utf-8")


# A scriptable web site ---------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Reply | Callable[[], Reply]


class Site(BackgroundHTTPServer):
    """Serves `routes` (path -> Reply, or a callable returning one) on a free loopback port.

    Records every request (path and headers) and the most requests it was serving at once.
    """

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.hits: Counter[str] = Counter()
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _SiteHandler, name="reliability-site")

    @property
    def base_url(self) -> str:
        host, port = self.host_and_port
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def reply_for(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append((path, headers))
            self.hits[path] += 1
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            route = self.routes.get(path)
            reply = Reply(404) if route is None else route() if callable(route) else route
            if reply.delay:
                time.sleep(reply.delay)
            return reply
        finally:
            with self._lock:
                self.active -= 1


class _SiteHandler(QuietRequestHandler):

    def do_GET(self) -> None:  # noqa: N802
        site: Site = self.server.owner
        reply = site.reply_for(urlsplit(self.path).path, dict(self.headers.items()))
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)


# An alert receiver that can be down -------------------------------------------------------------------------


class SwitchableReceiver(BackgroundHTTPServer):
    """An apprise json:// endpoint. While `down`, it answers 500 and keeps nothing. `before_record`,
    if set, is called with each payload before it is kept; returning False drops it unanswered."""

    def __init__(self) -> None:
        self.alerts: list[dict[str, Any]] = []
        self.refused = 0
        self.down = False
        self.before_record: Callable[[dict[str, Any]], bool] | None = None
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _ReceiverHandler, name="switchable-receiver")

    def url_with(self, userinfo: str = "") -> str:
        host, port = self.host_and_port
        return f"json://{userinfo + '@' if userinfo else ''}{host}:{port}/"

    @property
    def url(self) -> str:
        return self.url_with()

    def titles(self) -> list[str]:
        with self._lock:
            return [a.get("title", "") for a in self.alerts]


class _ReceiverHandler(QuietRequestHandler):

    def do_POST(self) -> None:  # noqa: N802
        receiver: SwitchableReceiver = self.server.owner
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if receiver.down:
            with receiver._lock:
                receiver.refused += 1
            self._reply(HTTPStatus.INTERNAL_SERVER_ERROR)
            return
        payload = json.loads(body)
        hook = receiver.before_record
        if hook is not None and not hook(payload):
            self.close_connection = True
            return
        with receiver._lock:
            receiver.alerts.append(payload)
        self._reply(HTTPStatus.OK)

    def _reply(self, status: HTTPStatus) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
