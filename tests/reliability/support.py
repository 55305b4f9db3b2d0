"""Shared plumbing of the reliability tests: one cycle without Prefect, a scriptable local web site,
an alert receiver that can be told to fail, and RSS written on the fly.

`plain_cycle` runs the steps of flows/cycle.py in the order flows/pipeline.py runs them, without
Prefect (whose server takes 10-16 s to start), so a forked child process can run a cycle in well
under a second and be killed anywhere in it, and a test can run a cycle at a moment of its choice.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from mediawatch.flows.stream_server import BackgroundHTTPServer, QuietRequestHandler

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


# One cycle without Prefect -----------------------------------------------------------------------


def plain_cycle(settings, now: datetime | None = None) -> dict[str, Any]:
    """The pipeline's own cycle, its steps as plain calls instead of Prefect tasks (no server), at `now`."""
    from dataclasses import asdict

    from mediawatch.flows.pipeline import run_cycle

    return asdict(run_cycle(settings, now=now, in_flow=False))


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


def quiet(server: BackgroundHTTPServer) -> None:
    """No tracebacks on stderr when a client is killed mid-request (the SIGKILL trials do that)."""
    server._httpd.handle_error = lambda request, client_address: None


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
        quiet(self)

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
        quiet(self)

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

