"""The monitoring flow end to end: a real local feed server, a real alert receiver, real Prefect."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlmodel import select

from mediawatch.flows.demo import DEMO_STREAM, write_local_config
from mediawatch.flows.pipeline import monitor
from mediawatch.flows.replay import AlertReceiver, score_alerts
from mediawatch.flows.storage import Article, Store
from mediawatch.flows.stream_server import StreamServer
from tests.helpers import shared_path


@pytest.fixture
def mini_server() -> StreamServer:
    with StreamServer(DEMO_STREAM) as server:
        yield server


def test_cycle_alerts_on_new_talks_and_exchange_then_stays_quiet(
    prefect_harness: None, mini_server: StreamServer, database_url: str, tmp_path: Path
) -> None:
    feeds = dict(mini_server.feed_urls())
    feeds["gone"] = mini_server.base_url + "/no-such-feed.xml"
    feeds["page"] = mini_server.base_url + mini_server.manifest["articles"][0]["path"]
    with AlertReceiver() as receiver:
        config = str(write_local_config(tmp_path, feeds, [receiver.url], "test", database_url))
        mini_server.set_tick(0)
        first = monitor(config=config, name="test")
        assert (first["feeds_ok"], first["feeds_failed"]) == (2, 2)
        assert [a.title for a in receiver.received()] == [
            "New talks (planned): Russia-Ukraine, mediated by Türkiye"
        ]
        mini_server.set_tick(1)
        second = monitor(config=config, name="test")
        titles = sorted(a.title for a in receiver.received())
        assert titles == sorted([
            "New talks (planned): Russia-Ukraine, mediated by Türkiye",
            "Update: talks now held: Russia-Ukraine, mediated by Türkiye",
            "New prisoner exchange (agreed): Russia-Ukraine, 1,000 each",
        ]), titles
        assert (second["new_articles"], second["duplicates"]) == (1, 1)
        exchange = next(p for p in receiver.alerts if p["title"].startswith("New prisoner exchange"))
        assert "Count: 1,000 each" in exchange["message"]
        assert mini_server.article_url("m2") in exchange["message"]

        downloads_before = sum(mini_server.downloads.values())
        third = monitor(config=config, name="test")
        assert len(receiver.alerts) == 3
        assert sum(mini_server.downloads.values()) == downloads_before
        assert (third["new_articles"], third["alerts_sent"]) == (0, 0)

    store = Store(database_url)
    with store.session() as session:
        articles = session.exec(select(Article)).all()
    assert sorted(a.state for a in articles) == ["duplicate", "ok", "ok", "ok"]
    health = {f.name: f for f in store.feeds()}
    # Failed on the first two cycles, then left alone while its backoff runs.
    assert health["gone"].last_error == "HTTP 404" and health["gone"].consecutive_failures == 2
    assert health["gone"].next_check_at is not None
    assert health["page"].last_error == "not a feed: an HTML page"
    assert health["wire"].etag and health["wire"].last_error is None


def test_run_publishes_events_and_feed_health_artifacts(
    prefect_harness: None, mini_server: StreamServer, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with AlertReceiver() as receiver:
        config = write_local_config(tmp_path, mini_server.feed_urls(), [receiver.url], "test")
        mini_server.set_tick(1)
        monitor(config=str(config), name="test")

    async def latest(key: str):
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])), sort="CREATED_DESC", limit=1
            )
            return found[0]

    events = asyncio.run(latest("new-events"))
    rows = events.data if isinstance(events.data, list) else __import__("json").loads(events.data)
    assert {(r["type"], r["status"]) for r in rows} >= {("talks", "held"), ("prisoner_exchange", "agreed")}
    assert any(mini_server.article_url("m2") in r["sources"] for r in rows)
    health = asyncio.run(latest("feed-health"))
    feed_rows = health.data if isinstance(health.data, list) else __import__("json").loads(health.data)
    assert {r["feed"] for r in feed_rows} == {"wire", "daily"}
    assert all(r["status"] == 200 for r in feed_rows)


def test_stream_2022_is_stored_alerted_and_not_downloaded_twice(
    prefect_harness: None, tmp_path: Path
) -> None:
    stream = shared_path("eval", "stream-2022")
    with StreamServer(stream) as server, AlertReceiver() as receiver:
        config = str(write_local_config(tmp_path, server.feed_urls(), [receiver.url], "test"))
        server.set_tick(len(server.ticks) - 1)
        first = monitor(config=config, name="test")
        assert first["feeds_failed"] == 0
        assert first["new_articles"] + first["duplicates"] == len(server.manifest["articles"])
        assert first["alerts_sent"] == len(receiver.alerts) > 0
        # The whole stream in one cycle: the feed tasks finish in any order, and the alerts are
        # still those the stream expects (each round announced, then held), once each.
        score = score_alerts(receiver.received(), server.manifest, server.base_url)
        assert (score.missed, score.unmatched, score.duplicates) == ([], [], [])
        downloads = sum(server.downloads.values())
        second = monitor(config=config, name="test")
        assert (second["new_articles"], second["alerts_sent"]) == (0, 0)
        assert sum(server.downloads.values()) == downloads


def test_a_feed_task_that_crashes_stops_no_other_feed_and_loses_nothing(
    prefect_harness: None, mini_server: StreamServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mediawatch.flows import cycle

    poll_feed = cycle.poll_feed

    def crashing_on_daily(feed, *args):
        if feed.name == "daily":
            raise RuntimeError("a bug met while polling")
        return poll_feed(feed, *args)

    config = str(write_local_config(tmp_path, mini_server.feed_urls(), [], "test"))
    store = Store(f"sqlite:///{tmp_path / 'test.db'}")
    mini_server.set_tick(1)
    monkeypatch.setattr(cycle, "poll_feed", crashing_on_daily)
    first = monitor(config=config, name="test")
    assert (first["feeds_ok"], first["feeds_failed"]) == (1, 1)
    health = {f.name: f for f in store.feeds()}
    assert health["wire"].last_success_at is not None
    assert health["daily"].last_checked_at is None  # left as it was: tried again next cycle
    with store.session() as session:
        feed_ids = {article.feed_id for article in session.exec(select(Article)).all()}
    assert feed_ids == {health["wire"].id}

    monkeypatch.setattr(cycle, "poll_feed", poll_feed)
    second = monitor(config=config, name="test")
    assert (second["feeds_ok"], second["feeds_failed"]) == (2, 0)
    assert second["new_articles"] + second["duplicates"] > 0
