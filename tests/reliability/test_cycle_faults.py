"""Faults at the level of a cycle (the fetcher's own are in tests/flows/test_http.py): backoff of a
failing feed across cycles, Retry-After, huge and empty feeds, bad pages, the alert channel down,
and politeness (per-host limit, User-Agent). Real loopback servers; cycles run without Prefect at
chosen moments so that hours of backoff take no time."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path

from sqlmodel import select

from mediawatch.flows.demo import DEMO_STREAM, write_local_config
from mediawatch.flows.settings import load_settings
from mediawatch.flows.storage import Article, Store, utcnow
from mediawatch.flows.stream_server import StreamServer

from .support import REPO, Reply, Site, SwitchableReceiver, article_page, plain_cycle, rss, utc

TALK = ("Negotiators for Russia and Ukraine met in Istanbul on Friday for talks mediated by Turkey, "
        "Turkish officials said. The delegations agreed to meet again next month.")


def page(n: int, extra: str = "") -> bytes:
    return article_page(f"Report number {n}", [f"This is report {n} about harbour works in town {n}. {extra}",
                                               f"The council of town {n} approved the plan on a vote of {n} to 3. "
                                               "Work starts in spring and ends before winter, officials said."])


def settings_for(tmp_path: Path, feeds: dict[str, str], alerts: list[str] | None = None, database_url=None):
    return load_settings(write_local_config(tmp_path, feeds, alerts or [], "faults", database_url))


def feed_state(settings, name: str):
    return {f.name: f for f in Store(settings.database_url).feeds()}[name]


def articles(settings) -> dict[str, Article]:
    store = Store(settings.database_url)
    with store.session() as session:
        return {a.url: a for a in session.exec(select(Article)).all()}


def test_a_failing_feed_is_backed_off_across_cycles_and_shown_in_feed_health(tmp_path: Path) -> None:
    with Site({"/down.xml": Reply(500, b"oops"),
               "/up.xml": Reply(200, rss("Up", [("One", "/nowhere", None)]))}) as site:
        settings = settings_for(tmp_path, {"down": site.url("/down.xml"), "up": site.url("/up.xml")})
        start = utcnow()
        polled_at = []
        for minute in range(0, 21):
            before = site.hits["/down.xml"]
            plain_cycle(settings, now=start + timedelta(minutes=minute))
            if site.hits["/down.xml"] > before:
                polled_at.append(minute)
        # First retry on the next cycle, then after 2, 4, 8 minutes: not every cycle.
        assert polled_at == [0, 1, 3, 7, 15], polled_at
        assert site.hits["/up.xml"] == 21
        down, up = feed_state(settings, "down"), feed_state(settings, "up")
        assert (down.last_error, down.last_status, down.consecutive_failures) == ("HTTP 500", 500, 5)
        assert down.next_check_at is not None
        assert (up.last_error, up.consecutive_failures) == (None, 0)

        status = subprocess.run([sys.executable, "-m", "mediawatch.flows.cli", "status", "--config",
                                 str(settings.source)], capture_output=True, text=True, timeout=60,
                                cwd=REPO, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
        assert status.returncode == 0, status.stderr
        row = next(line for line in status.stdout.splitlines() if "down" in line)
        assert "HTTP 500" in row and " 5 " in row and "500" in row, status.stdout


def test_429_retry_after_is_honoured_by_the_backoff(tmp_path: Path) -> None:
    replies = iter([Reply(429, b"", {"Retry-After": "3600"}),
                    Reply(503, b"", {"Retry-After": format_datetime(utcnow() + timedelta(hours=3), usegmt=True)})])
    with Site({"/busy.xml": lambda: next(replies, Reply(200, rss("Busy", [])))}) as site:
        settings = settings_for(tmp_path, {"busy": site.url("/busy.xml")})
        start = utcnow()
        plain_cycle(settings, now=start)
        assert feed_state(settings, "busy").last_error == "HTTP 429"
        for minutes in (1, 15, 59):  # within the hour the server asked for: not asked again
            plain_cycle(settings, now=start + timedelta(minutes=minutes))
        assert site.hits["/busy.xml"] == 1
        plain_cycle(settings, now=start + timedelta(minutes=61))
        assert site.hits["/busy.xml"] == 2 and feed_state(settings, "busy").last_error == "HTTP 503"
        # The date says 3 hours from when it was sent (this cycle runs at start + 61 minutes).
        plain_cycle(settings, now=start + timedelta(minutes=61 + 170))
        assert site.hits["/busy.xml"] == 2
        plain_cycle(settings, now=start + timedelta(minutes=61 + 185))
        assert site.hits["/busy.xml"] == 3
        assert feed_state(settings, "busy").last_error is None


def test_a_feed_with_thousands_of_entries(tmp_path: Path) -> None:
    n, real = 2000, 60  # the first `real` entries are pages, the others answer 404
    routes = {f"/a/{i}": Reply(200, page(i), {"Content-Type": "text/html"}) for i in range(real)}
    with Site(routes) as site:
        items = [(f"Report {i}", site.url(f"/a/{i}"), utc(2025, 1, 1) + timedelta(minutes=i)) for i in range(n)]
        site.routes["/big.xml"] = Reply(200, rss("Big", items), {"Content-Type": "application/rss+xml"})
        site.routes["/small.xml"] = Reply(200, rss("Small", [("Other", site.url("/b/1"), None)]))
        site.routes["/b/1"] = Reply(200, page(99999), {"Content-Type": "text/html"})
        settings = settings_for(tmp_path, {"big": site.url("/big.xml"), "small": site.url("/small.xml")})
        summary = plain_cycle(settings)
        assert summary["feeds_failed"] == 0
        assert (summary["new_articles"], summary["failed_articles"]) == (real + 1, n - real), summary
        big = feed_state(settings, "big")
        assert (big.entries_last, big.new_last, big.last_error) == (n, n, None)
        stored = articles(settings)
        assert len(stored) == n + 1
        assert {a.error for a in stored.values() if a.state == "failed"} == {"HTTP 404"}
        assert all(site.hits[f"/a/{i}"] == 1 for i in range(n))
        again = plain_cycle(settings)  # the 404s are tried once more; stored pages never again
        assert again["new_articles"] == 0 and again["failed_articles"] == n - real
        assert all(site.hits[f"/a/{i}"] == 1 for i in range(real))
        assert all(site.hits[f"/a/{i}"] == 2 for i in range(real, n))


def test_an_entry_in_two_feeds_is_downloaded_once(tmp_path: Path) -> None:
    with Site({"/a/1": Reply(200, page(1), {"Content-Type": "text/html"})}) as site:
        items = [("Shared", site.url("/a/1"), None)]
        site.routes["/world.xml"] = Reply(200, rss("World", items))
        site.routes["/top.xml"] = Reply(200, rss("Top stories", items))
        settings = settings_for(tmp_path, {"world": site.url("/world.xml"), "top": site.url("/top.xml")})
        summary = plain_cycle(settings)
        assert summary["new_articles"] == 1
        assert site.hits["/a/1"] == 1


def test_an_empty_feed_is_healthy_and_an_empty_body_is_a_failure(tmp_path: Path) -> None:
    with Site({"/none.xml": Reply(200, rss("Nothing yet", []), {"Content-Type": "application/rss+xml"}),
               "/blank.xml": Reply(200, b""),
               "/ok.xml": Reply(200, rss("Ok", [("One", "/a/1", None)]))}) as site:
        site.routes["/ok.xml"] = Reply(200, rss("Ok", [("One", site.url("/a/1"), None)]))
        site.routes["/a/1"] = Reply(200, page(1), {"Content-Type": "text/html"})
        settings = settings_for(tmp_path, {"none": site.url("/none.xml"), "blank": site.url("/blank.xml"),
                                           "ok": site.url("/ok.xml")})
        summary = plain_cycle(settings)
    none, blank = feed_state(settings, "none"), feed_state(settings, "blank")
    assert (none.last_error, none.entries_last, none.last_status) == (None, 0, 200)
    assert blank.last_error == "empty document" and blank.consecutive_failures == 1
    assert summary["new_articles"] == 1 and feed_state(settings, "ok").last_error is None


def test_bad_pages_are_failed_articles_and_the_rest_of_the_feed_is_stored(tmp_path: Path) -> None:
    latin1 = ("<html><head><title>Caf\xe9 talks</title></head><body><article><p>" + TALK +
              " The caf\xe9 owner in Besiktas said the delegations had coffee there.</p></article></body></html>")
    bad = {
        "/pdf": Reply(200, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", {"Content-Type": "application/pdf"}),
        "/empty": Reply(200, b"", {"Content-Type": "text/html"}),
        "/binary": Reply(200, bytes(range(256)) * 40, {"Content-Type": "application/octet-stream"}),
        "/json": Reply(200, b'{"title": "not a page"}', {"Content-Type": "application/json"}),
        "/gone": Reply(404, b"nope"),
    }
    good = {"/good/1": Reply(200, page(1), {"Content-Type": "text/html; charset=utf-8"}),
            "/good/latin1": Reply(200, latin1.encode("latin-1"), {"Content-Type": "text/html; charset=iso-8859-1"})}
    with Site({**bad, **good}) as site:
        site.routes["/feed.xml"] = Reply(200, rss("Mixed", [(p, site.url(p), None) for p in [*bad, *good]]))
        settings = settings_for(tmp_path, {"mixed": site.url("/feed.xml")})
        summary = plain_cycle(settings)
        stored = articles(settings)
        assert summary["feeds_failed"] == 0
        for path in bad:
            article = stored[site.url(path)]
            assert article.state == "failed" and article.error, (path, article.error)
        assert stored[site.url("/empty")].error == "empty response (HTTP 200)"
        assert stored[site.url("/gone")].error == "HTTP 404"
        assert stored[site.url("/pdf")].error.startswith("not HTML")
        for path in good:
            assert stored[site.url(path)].state == "ok", (path, stored[site.url(path)].error)
        # Failed pages are tried on the next two cycles, then left alone.
        for _ in range(3):
            plain_cycle(settings)
        assert site.hits["/pdf"] == 3 and site.hits["/good/1"] == 1
        assert articles(settings)[site.url("/pdf")].attempts == 3


def test_a_page_in_latin1_declared_by_http_header_is_decoded(tmp_path: Path) -> None:
    latin1 = ("<html><head><title>Caf\xe9 talks</title></head><body><article><p>" + TALK +
              " The caf\xe9 owner in Besiktas said the delegations had coffee there.</p></article></body></html>")
    latin1_page = Reply(200, latin1.encode("latin-1"), {"Content-Type": "text/html; charset=iso-8859-1"})
    with Site({"/latin1": latin1_page}) as site:
        site.routes["/feed.xml"] = Reply(200, rss("Latin", [("Cafe", site.url("/latin1"), None)]))
        settings = settings_for(tmp_path, {"latin": site.url("/feed.xml")})
        plain_cycle(settings)
        article = articles(settings)[site.url("/latin1")]
    assert article.state == "ok"
    assert "The caf\xe9 owner" in article.text, article.text


def test_alert_channel_down_keeps_alerts_pending_then_delivers_each_once(tmp_path: Path) -> None:
    with StreamServer(DEMO_STREAM) as stream, SwitchableReceiver() as receiver:
        settings = settings_for(tmp_path, stream.feed_urls(), [receiver.url])
        stream.set_tick(1)
        receiver.down = True
        start = utcnow()
        first = plain_cycle(settings, now=start)
        queued = Store(settings.database_url).alerts()
        assert queued and first["alerts_pending"] == len(queued) and first["alerts_sent"] == 0
        assert all(a.state == "pending" and a.last_error == "json:// delivery failed" for a in queued)
        refused = receiver.refused
        assert refused >= len(queued) and receiver.alerts == []
        plain_cycle(settings, now=start + timedelta(seconds=30))  # backing off: not even tried
        assert receiver.refused == refused
        plain_cycle(settings, now=start + timedelta(hours=1))  # still down: tried again, still pending
        assert receiver.refused > refused and all(a.state == "pending" for a in Store(settings.database_url).alerts())
        receiver.down = False
        back = plain_cycle(settings, now=start + timedelta(hours=3))
        assert back["alerts_sent"] == len(queued)
        for hours in (4, 10, 30):
            plain_cycle(settings, now=start + timedelta(hours=hours))
        titles = receiver.titles()
        assert len(titles) == len(set(titles)) == len(queued)
        assert all(a.state == "sent" for a in Store(settings.database_url).alerts())


def test_polite_by_default_per_host_limit_and_user_agent(tmp_path: Path) -> None:
    routes = {f"/slow/{i}": Reply(200, page(i), {"Content-Type": "text/html"}, delay=0.15) for i in range(12)}
    with Site(routes) as site:
        site.routes["/feed.xml"] = Reply(200, rss("Slow", [(p, site.url(p), None) for p in routes]))
        settings = settings_for(tmp_path, {"slow": site.url("/feed.xml")})
        assert settings.fetch.concurrency > settings.fetch.per_host == 2
        summary = plain_cycle(settings)
        assert summary["new_articles"] == 12
        assert site.max_active == 2  # pages downloaded two at a time, never more
        agents = {headers.get("User-Agent") for _, headers in site.requests}
        [agent] = agents
        assert agent.startswith("mediawatch/") and "+http" in agent, agent
