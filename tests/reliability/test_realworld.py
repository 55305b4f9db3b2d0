"""Every real feed (news and odd) and every real news page of ../shared/realworld through one cycle.

The files are served from a local web site: each feed at its own URL, and the pages as articles
of a feed generated here. The same site is the HTTP proxy of the cycle, so the links of the real
feeds (bbc.co.uk, nytimes.com ...) are answered locally (404 for http, CONNECT refused for https)
and nothing leaves the machine. What a user sees afterwards: no crash, every feed either healthy or
failed with its reason, every article stored or failed with its reason, and no failure spilling
over onto another feed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from mediawatch.flows.demo import write_local_config
from mediawatch.flows.settings import load_settings
from mediawatch.flows.storage import Article, Store
from tests.helpers import shared_path

from .support import Reply, Site, plain_cycle, rss


@pytest.fixture
def offline_proxy(monkeypatch: pytest.MonkeyPatch):
    """A local site that is also the HTTP(S) proxy, so no request of the cycle leaves the host."""
    with Site() as site:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(name, site.base_url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield site


def test_every_real_feed_and_page_is_stored_or_failed_with_a_reason(offline_proxy: Site, tmp_path: Path) -> None:
    root = shared_path("realworld")
    site = offline_proxy
    feed_files = sorted((root / "feeds").glob("*/*"))
    pages = sorted((root / "html").glob("*.html"))
    pages = [p for p in pages if not p.name.endswith(".expected.html")]
    assert len(feed_files) >= 40 and len(pages) >= 30
    feeds: dict[str, str] = {}
    for path in feed_files:
        route = f"/feeds/{path.parent.name}/{path.name}"
        site.routes[route] = Reply(200, path.read_bytes(), {"Content-Type": "application/xml"})
        feeds[f"{path.parent.name}/{path.name}"] = site.url(route)
    page_urls = {}
    for path in pages:
        route = f"/pages/{path.name}"
        site.routes[route] = Reply(200, path.read_bytes(), {"Content-Type": "text/html"})
        page_urls[site.url(route)] = path.name
    site.routes["/feeds/generated/pages.xml"] = Reply(
        200, rss("Real pages", [(name, url, None) for url, name in page_urls.items()]),
        {"Content-Type": "application/rss+xml"})
    feeds["generated/pages"] = site.url("/feeds/generated/pages.xml")
    config = write_local_config(tmp_path, feeds, [], "realworld")

    summary = plain_cycle(load_settings(config))

    store = Store(load_settings(config).database_url)
    health = {f.name: f for f in store.feeds()}
    with store.session() as session:
        articles = list(session.exec(select(Article)).all())
    report = {name: (f.last_status, f.entries_last, f.last_error) for name, f in health.items()}
    print(json.dumps(report, indent=1))
    print(summary)
    assert set(health) == set(feeds)
    for name, feed in health.items():
        assert feed.last_checked_at is not None, name
        if feed.last_error is None:
            assert feed.last_status == 200 and feed.last_success_at is not None, name
        else:
            assert feed.consecutive_failures == 1 and feed.last_success_at is None, name
            assert len(feed.last_error) > 5, name
    # Real news feeds are all usable, whatever the odd ones did.
    for name, feed in health.items():
        if name.startswith(("news/", "generated/")):
            assert feed.last_error is None and feed.entries_last > 0, (name, feed.last_error)
    assert "no element found" in health["odd/empty_document.xml"].last_error
    assert "undefined entity" in health["odd/undefined_entity.xml"].last_error
    assert summary["feeds_ok"] + summary["feeds_failed"] == len(feeds)

    by_feed = {f.id: name for name, f in health.items()}
    for article in articles:
        assert by_feed.get(article.feed_id), article.url
        if article.state == "failed":
            assert article.error, article.url
            assert article.text is None
        else:
            assert article.state in ("ok", "duplicate") and article.error is None and article.text
    # Every real page is an article of the generated feed, stored with its text.
    mine = {a.url: a for a in articles if a.url in page_urls}
    assert mine.keys() == page_urls.keys()
    failed_pages = {page_urls[a.url]: a.error for a in mine.values() if a.state == "failed"}
    assert not failed_pages, failed_pages
    # The real feeds' links point off this machine: answered by the proxy, each recorded as failed.
    elsewhere = [a for a in articles if a.url not in page_urls]
    assert elsewhere and all(a.state == "failed" and a.error for a in elsewhere)
    assert {a.error.split(":")[0] for a in elsewhere} <= {"HTTP 404", "network error", "invalid URL",
                                                          "unsupported scheme http", "URL has no host"}


def test_a_feed_error_says_its_reason_once(tmp_path: Path) -> None:
    path = shared_path("realworld", "feeds", "odd", "undefined_entity.xml")
    with Site({"/feed.xml": Reply(200, path.read_bytes(), {"Content-Type": "application/xml"})}) as site:
        config = write_local_config(tmp_path, {"odd": site.url("/feed.xml")}, [], "odd")
        plain_cycle(load_settings(config))
    [feed] = Store(load_settings(config).database_url).feeds()
    assert feed.last_error.startswith("not a usable feed: malformed feed")
    assert feed.last_error.count("not a usable feed") == 1, feed.last_error
