"""The stream server against the shared stream-2022 (when present) and the project's mini stream."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import httpx
import pytest

from mediawatch.flows.demo import DEMO_STREAM
from mediawatch.flows.stream_server import StreamServer, parse_utc
from tests.helpers import SHARED

STREAM_2022 = SHARED / "eval" / "stream-2022"


def feed_items(xml: bytes) -> list[dict[str, str]]:
    channel = ElementTree.fromstring(xml).find("channel")
    assert channel is not None
    return [{child.tag: child.text or "" for child in item} for item in channel.findall("item")]


def expected_paths(manifest: dict, feed: str, tick: str) -> list[str]:
    """Paths of the feed's articles out at `tick`, newest first, computed from the manifest."""
    moment = parse_utc(tick)
    published = [a for a in manifest["articles"] if a["feed"] == feed and parse_utc(a["published"]) <= moment]
    published.sort(key=lambda a: parse_utc(a["published"]), reverse=True)
    return [a["path"] for a in published]


@pytest.fixture
def stream_2022() -> StreamServer:
    if not (STREAM_2022 / "manifest.json").is_file():
        pytest.skip("shared stream-2022 is not available")
    with StreamServer(STREAM_2022) as server:
        yield server


@pytest.fixture
def stream_mini() -> StreamServer:
    with StreamServer(DEMO_STREAM) as server:
        yield server


def test_every_feed_at_every_tick_lists_exactly_the_published_articles_newest_first(
    stream_2022: StreamServer,
) -> None:
    manifest = stream_2022.manifest
    by_path = {a["path"]: a for a in manifest["articles"]}
    with httpx.Client() as client:
        for index, tick in enumerate(manifest["ticks"]):
            stream_2022.set_tick(index)
            for feed, url in stream_2022.feed_urls().items():
                response = client.get(url)
                assert response.status_code == 200
                assert response.headers["content-type"].startswith("application/rss+xml")
                items = feed_items(response.content)
                paths = [item["link"].removeprefix(stream_2022.base_url) for item in items]
                assert paths == expected_paths(manifest, feed, tick)
                for item, path in zip(items, paths, strict=True):
                    article = by_path[path]
                    assert item["title"] == article["title"]
                    assert item["description"] == article["summary"]
                    assert parsedate_to_datetime(item["pubDate"]) == parse_utc(article["published"])
                    assert item["guid"] == f"stream-2022:{article['id']}"


def test_last_tick_serves_all_31_articles(stream_2022: StreamServer) -> None:
    stream_2022.set_tick(len(stream_2022.ticks) - 1)
    with httpx.Client() as client:
        feeds = [feed_items(client.get(url).content) for url in stream_2022.feed_urls().values()]
    links = [item["link"] for items in feeds for item in items]
    assert len(links) == len(set(links)) == 31


def test_conditional_poll_of_an_unchanged_feed_gets_304_and_a_changed_one_gets_200(
    stream_2022: StreamServer,
) -> None:
    url = stream_2022.feed_urls()["wire"]
    stream_2022.set_tick(0)
    with httpx.Client() as client:
        first = client.get(url)
        last_modified = first.headers["last-modified"]
        validators = {"If-None-Match": first.headers["etag"], "If-Modified-Since": last_modified}
        assert last_modified == "Mon, 28 Feb 2022 17:10:00 GMT"

        again = client.get(url, headers=validators)
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == first.headers["etag"]
        assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304

        stream_2022.set_tick(1)  # tick 2 adds only a03, an `ee` article: the wire feed is unchanged
        assert client.get(url, headers=validators).status_code == 304

        stream_2022.set_tick(2)  # tick 3 adds a05 to the wire feed
        changed = client.get(url, headers=validators)
        assert changed.status_code == 200
        assert changed.headers["etag"] != first.headers["etag"]
        assert len(feed_items(changed.content)) == 2
    assert stream_2022.hits[url.removeprefix(stream_2022.base_url)] == 5
    assert stream_2022.downloads[url.removeprefix(stream_2022.base_url)] == 2


def test_pages_are_404_until_published_then_served_as_the_file_bytes(stream_2022: StreamServer) -> None:
    a03 = next(a for a in stream_2022.manifest["articles"] if a["id"] == "a03")
    url = stream_2022.base_url + a03["path"]
    with httpx.Client() as client:
        assert client.get(url).status_code == 404  # no tick set yet: the stream has not started
        stream_2022.set_tick(0)
        assert client.get(url).status_code == 404
        stream_2022.set_tick("2022-03-03T20:45:00Z")  # the moment a03 is published
        page = client.get(url)
        assert client.get(stream_2022.base_url + "/no/such/page").status_code == 404
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.content == (STREAM_2022 / a03["file"]).read_bytes()
    assert stream_2022.hits[a03["path"]] == 3
    assert stream_2022.downloads[a03["path"]] == 1


def test_mini_stream_manifest_is_consistent() -> None:
    manifest = json.loads((DEMO_STREAM / "manifest.json").read_text("utf-8"))
    ids = {a["id"] for a in manifest["articles"]}
    last_tick = parse_utc(manifest["ticks"][-1])
    for article in manifest["articles"]:
        assert article["feed"] in manifest["feeds"]
        assert (DEMO_STREAM / article["file"]).is_file()
        assert parse_utc(article["published"]) <= last_tick
        assert article["duplicate_of"] is None or article["duplicate_of"] in ids
        assert article["relevant"] == bool(article["current_events"] or article["denied_events"])
        page = (DEMO_STREAM / article["file"]).read_text("utf-8")
        assert f'content="{article["published"]}"' in page
        assert f'content="{article["path"]}"' in page
    for alert in manifest["expected_alerts"]:
        assert alert["first_article"] in ids


def test_mini_stream_ticks_grow_each_feed(stream_mini: StreamServer) -> None:
    with httpx.Client() as client:
        stream_mini.set_tick(0)
        first = {feed: feed_items(client.get(url).content) for feed, url in stream_mini.feed_urls().items()}
        stream_mini.set_tick(1)
        second = {feed: feed_items(client.get(url).content) for feed, url in stream_mini.feed_urls().items()}
    assert [item["title"] for item in first["wire"]] == [
        "Russia and Ukraine to send delegations to Istanbul for talks on Friday"
    ]
    assert [item["guid"] for item in second["wire"]] == ["stream-mini:m2", "stream-mini:m1"]
    assert [item["guid"] for item in first["daily"]] == ["stream-mini:m4"]
    assert [item["guid"] for item in second["daily"]] == ["stream-mini:m3", "stream-mini:m4"]


def test_unknown_feed_is_404_and_head_sends_no_body(stream_mini: StreamServer) -> None:
    stream_mini.set_tick(1)
    with httpx.Client() as client:
        assert client.get(stream_mini.base_url + "/feeds/nope.xml").status_code == 404
        head = client.head(stream_mini.feed_urls()["wire"])
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) > 0
    assert stream_mini.downloads["/feeds/wire.xml"] == 0
