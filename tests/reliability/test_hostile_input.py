"""Input built to hurt: entity expansion, deep nesting, a server that resets the connection."""

from __future__ import annotations

import socket
import struct
import subprocess
import sys
import textwrap
import threading

import pytest

from mediawatch.extractors.article import ExtractionError, extract_article
from mediawatch.flows.http import Fetcher

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "ha">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<rss version="2.0"><channel><title>&i;</title>
<item><title>Talks</title><link>https://example.org/a</link></item></channel></rss>"""


def test_entity_expansion_in_a_feed_is_bounded_in_time_and_memory(tmp_path) -> None:
    feed = tmp_path / "laughs.xml"
    feed.write_bytes(BILLION_LAUGHS)
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
        from mediawatch.extractors.feeds import FeedError, parse_feed
        try:
            parsed = parse_feed(open({str(feed)!r}, "rb").read(), "https://example.org/feed")
            print("entries", len(parsed.entries), "title", len(parsed.title))
        except FeedError as exc:
            print("refused", exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-1000:]
    first = done.stdout.split()
    assert first[0] == "refused" or int(first[3]) < 1_000_000, done.stdout


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_html_is_an_article_or_a_clear_refusal(depth: int) -> None:
    page = ("<html><head><title>Deep</title></head><body>" + "<div>" * depth
            + "<p>Negotiators met in Geneva on Tuesday for a first round of talks on the border.</p>"
            + "</div>" * depth + "</body></html>")
    try:
        article = extract_article(page.encode())
    except ExtractionError as exc:
        assert str(exc)
    else:
        assert article.title == "Deep"


def test_a_connection_reset_is_a_recorded_error() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    done = threading.Event()

    def reset_every_connection() -> None:
        """Until the test is done (the listener is closed only after this thread has ended)."""
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connection.recv(1024)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()

    server = threading.Thread(target=reset_every_connection, daemon=True)
    server.start()
    with Fetcher(allow_private_networks=True, read_timeout=5) as fetcher:
        result = fetcher.fetch(f"http://127.0.0.1:{port}/feed.xml")
    done.set()
    server.join(timeout=5)
    listener.close()
    assert result.content is None and result.error
    assert "reset" in result.error.lower() or "closed" in result.error.lower() or "disconnect" in result.error.lower()
