"""A local HTTP server that plays an evaluation stream (../shared/eval/FORMAT.md) tick by tick.

Each feed of the stream is served as RSS 2.0 with every article of that feed published at or
before the current tick, and each article's page is served at its `path` once it is published.
Feeds and pages carry ETag and Last-Modified and answer conditional requests with 304, so a
poller that repeats a request with nothing new gets no body. `hits` counts every request per path
and `downloads` every request answered with a body, so tests can check what was fetched again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit
from xml.etree import ElementTree

FEED_PATH_PREFIX = "/feeds/"
RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"
HTML_CONTENT_TYPE = "text/html; charset=utf-8"
# How often serve_forever checks for shutdown: short, so that stopping a server in a test is quick.
SHUTDOWN_POLL_SECONDS = 0.05


def parse_utc(iso: str) -> datetime:
    """Read an ISO 8601 timestamp as written in a manifest ("...Z" or with an offset) as aware UTC."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def http_date(moment: datetime) -> str:
    """RFC 822 / RFC 7231 date, as used by RSS pubDate and the Last-Modified header."""
    return format_datetime(moment.astimezone(timezone.utc), usegmt=True)


@dataclass(frozen=True)
class StreamArticle:
    id: str
    feed: str
    published: datetime
    title: str
    path: str
    summary: str
    page: bytes


@dataclass(frozen=True)
class Resource:
    """A response body with the validators a client may send back in a conditional request."""

    body: bytes
    content_type: str
    last_modified: datetime | None

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


def load_stream_articles(stream_dir: Path, manifest: dict[str, Any]) -> list[StreamArticle]:
    return [
        StreamArticle(
            id=entry["id"],
            feed=entry["feed"],
            published=parse_utc(entry["published"]),
            title=entry["title"],
            path=entry["path"],
            summary=entry.get("summary", ""),
            page=(stream_dir / entry["file"]).read_bytes(),
        )
        for entry in manifest["articles"]
    ]


def render_rss(
    feed_title: str, feed_url: str, base_url: str, articles: list[StreamArticle], stream_name: str
) -> bytes:
    """RSS 2.0 for `articles` (already in the order to serve). The guid names the stream and the
    article id so that it stays the same when the server runs on another port."""
    rss = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(rss, "channel")
    ElementTree.SubElement(channel, "title").text = feed_title
    ElementTree.SubElement(channel, "link").text = feed_url
    ElementTree.SubElement(channel, "description").text = feed_title
    if articles:
        ElementTree.SubElement(channel, "lastBuildDate").text = http_date(articles[0].published)
    for article in articles:
        item = ElementTree.SubElement(channel, "item")
        ElementTree.SubElement(item, "title").text = article.title
        ElementTree.SubElement(item, "link").text = base_url + article.path
        ElementTree.SubElement(item, "description").text = article.summary
        ElementTree.SubElement(item, "pubDate").text = http_date(article.published)
        guid = ElementTree.SubElement(item, "guid", isPermaLink="false")
        guid.text = f"{stream_name}:{article.id}"
    return ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True)


def is_not_modified(resource: Resource, if_none_match: str | None, if_modified_since: str | None) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if if_none_match is not None:
        offered = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in offered or resource.etag in offered
    if if_modified_since is None or resource.last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return resource.last_modified.replace(microsecond=0) <= since


class OwnedHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer whose request handlers reach the object serving through `owner`."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], owner: Any) -> None:
        self.owner = owner
        super().__init__(address, handler)


class QuietRequestHandler(BaseHTTPRequestHandler):
    server: OwnedHTTPServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without this, Nagle's algorithm and delayed ACKs add
    # about 40 ms to every keep-alive request.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test and demo output quiet; the servers record what they were sent."""


class BackgroundHTTPServer:
    """Runs an http.server in a daemon thread between `start` and `stop`, or as a context manager."""

    def __init__(self, address: tuple[str, int], handler: type[QuietRequestHandler], name: str) -> None:
        self._httpd = OwnedHTTPServer(address, handler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), name=name, daemon=True
        )

    @property
    def host_and_port(self) -> tuple[str, int]:
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class StreamServer(BackgroundHTTPServer):
    """Serves a stream directory on a free local port; use as a context manager.

    Before the first `set_tick` the stream has not started: feeds are empty and pages are 404.
    """

    def __init__(self, stream_dir: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.stream_dir = Path(stream_dir)
        self.manifest: dict[str, Any] = json.loads((self.stream_dir / "manifest.json").read_text("utf-8"))
        self.ticks: list[datetime] = [parse_utc(tick) for tick in self.manifest["ticks"]]
        self.articles = load_stream_articles(self.stream_dir, self.manifest)
        self._articles_by_path = {article.path: article for article in self.articles}
        self.tick: datetime | None = None
        self.hits: Counter[str] = Counter()
        self.downloads: Counter[str] = Counter()
        self._lock = threading.Lock()
        super().__init__((host, port), _StreamRequestHandler, name="stream-server")

    @property
    def base_url(self) -> str:
        host, port = self.host_and_port
        return f"http://{host}:{port}"

    def set_tick(self, tick: int | str | datetime) -> datetime:
        """Move the stream to a tick: an index into the manifest's ticks, or any ISO timestamp."""
        if isinstance(tick, int):
            moment = self.ticks[tick]
        elif isinstance(tick, str):
            moment = parse_utc(tick)
        else:
            moment = tick.astimezone(timezone.utc)
        with self._lock:
            self.tick = moment
        return moment

    def feed_urls(self) -> dict[str, str]:
        return {name: self.feed_url(name) for name in self.manifest["feeds"]}

    def feed_url(self, feed: str) -> str:
        return f"{self.base_url}{FEED_PATH_PREFIX}{feed}.xml"

    def article_url(self, article_id: str) -> str:
        article = next(article for article in self.articles if article.id == article_id)
        return self.base_url + article.path

    def published_articles(self, feed: str | None = None) -> list[StreamArticle]:
        """Articles out at the current tick (of one feed, if given), newest first."""
        published = [
            article
            for article in self.articles
            if self._is_published(article) and (feed is None or article.feed == feed)
        ]
        return sorted(published, key=lambda article: article.published, reverse=True)

    def _is_published(self, article: StreamArticle) -> bool:
        with self._lock:
            tick = self.tick
        return tick is not None and article.published <= tick

    def resource(self, path: str) -> Resource | None:
        """What `path` serves at the current tick, or None for 404."""
        if path.startswith(FEED_PATH_PREFIX) and path.endswith(".xml"):
            return self._feed_resource(path.removeprefix(FEED_PATH_PREFIX).removesuffix(".xml"))
        article = self._articles_by_path.get(path)
        if article is None or not self._is_published(article):
            return None
        return Resource(article.page, HTML_CONTENT_TYPE, article.published)

    def _feed_resource(self, feed: str) -> Resource | None:
        feeds = self.manifest["feeds"]
        if feed not in feeds:
            return None
        articles = self.published_articles(feed)
        title = feeds[feed].get("title", feed)
        body = render_rss(title, self.feed_url(feed), self.base_url, articles, self.manifest["name"])
        return Resource(body, RSS_CONTENT_TYPE, articles[0].published if articles else None)

    def count_request(self, path: str, downloaded: bool) -> None:
        with self._lock:
            self.hits[path] += 1
            if downloaded:
                self.downloads[path] += 1


class _StreamRequestHandler(QuietRequestHandler):

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        stream: StreamServer = self.server.owner
        path = urlsplit(self.path).path
        resource = stream.resource(path)
        if resource is None:
            stream.count_request(path, downloaded=False)
            self._send_status_only(HTTPStatus.NOT_FOUND)
            return
        if is_not_modified(resource, self.headers["If-None-Match"], self.headers["If-Modified-Since"]):
            stream.count_request(path, downloaded=False)
            self._send_status_only(HTTPStatus.NOT_MODIFIED, resource)
            return
        stream.count_request(path, downloaded=send_body)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self._send_validators(resource)
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def _send_status_only(self, status: HTTPStatus, resource: Resource | None = None) -> None:
        self.send_response(status)
        if resource is not None:
            self._send_validators(resource)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_validators(self, resource: Resource) -> None:
        self.send_header("ETag", resource.etag)
        if resource.last_modified is not None:
            self.send_header("Last-Modified", http_date(resource.last_modified))
