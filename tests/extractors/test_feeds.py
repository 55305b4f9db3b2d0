import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mediawatch.extractors.feeds import FeedError, parse_feed

FEED_URL = "https://news.example.org/feeds/world.xml"
REALWORLD_FEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "realworld" / "feeds"

RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="0.91"><channel><title>Old Wire</title><link>https://news.example.org/</link>
<description>d</description><language>en</language>
<item><title>Envoys meet in Geneva</title><link>https://news.example.org/a/1</link>
<description>Talks resume &lt;b&gt;today&lt;/b&gt;.</description></item>
</channel></rss>"""

RSS_10 = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.org/"><title>RDF Wire</title><link>https://news.example.org/</link>
<description>d</description><items><rdf:Seq><rdf:li rdf:resource="https://news.example.org/a/2"/></rdf:Seq></items></channel>
<item rdf:about="https://news.example.org/a/2"><title>Prisoner swap completed</title>
<link>https://news.example.org/a/2</link><dc:date>2022-09-21T22:40:00+03:00</dc:date></item>
</rdf:RDF>"""

RSS_20 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>  <![CDATA[ World ]]>  </title><link>https://news.example.org/</link>
<description>d</description>
<item><title><![CDATA[Talks in <i>Istanbul</i>]]></title><link>https://news.example.org/a/3?utm_source=rss</link>
<guid isPermaLink="false">story-3</guid><pubDate>Tue, 29 Mar 2022 15:30:00 +0300</pubDate>
<description><![CDATA[<p>Delegations met at Dolmabahçe.</p>]]></description></item>
<item><title>No link here</title><description>skipped</description></item>
<item><title>Relative</title><link>/a/4</link></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Atom &lt;em&gt;Desk&lt;/em&gt;</title>
<id>urn:x</id><updated>2022-03-31T08:00:00Z</updated>
<entry><title>Istanbul round</title><id>urn:entry:1</id>
<link rel="alternate" href="posts/istanbul-round"/><updated>2022-03-31T08:00:00Z</updated>
<summary type="html">&lt;p&gt;A &lt;a href="x"&gt;first&lt;/a&gt; look.&lt;/p&gt;</summary></entry>
<entry><title>Only updated date</title><id>urn:entry:2</id><link href="https://desk.example.org/p/2"/>
<published>2022-04-01T10:00:00+02:00</published><updated>2022-04-02T10:00:00Z</updated></entry>
</feed>"""


def test_rss_091() -> None:
    feed = parse_feed(RSS_091, FEED_URL)
    assert feed.title == "Old Wire"
    assert [entry.url for entry in feed.entries] == ["https://news.example.org/a/1"]
    assert feed.entries[0].summary == "Talks resume today."
    assert feed.entries[0].published is None
    assert feed.warning is None


def test_rss_10_rdf_with_dc_date_in_utc() -> None:
    feed = parse_feed(RSS_10, FEED_URL)
    assert feed.title == "RDF Wire"
    (entry,) = feed.entries
    assert entry.url == "https://news.example.org/a/2"
    assert entry.published == datetime(2022, 9, 21, 19, 40, tzinfo=timezone.utc)


def test_rss_20_plain_text_guid_date_and_link_handling() -> None:
    feed = parse_feed(RSS_20, FEED_URL)
    assert feed.title == "World"
    assert [entry.url for entry in feed.entries] == [
        "https://news.example.org/a/3?utm_source=rss",
        "https://news.example.org/a/4",
    ]
    first = feed.entries[0]
    assert first.title == "Talks in Istanbul"
    assert first.summary == "Delegations met at Dolmabahçe."
    assert first.guid == "story-3"
    assert first.published == datetime(2022, 3, 29, 12, 30, tzinfo=timezone.utc)
    assert first.published.tzinfo is not None


def test_atom_relative_link_html_title_and_published_before_updated() -> None:
    feed = parse_feed(ATOM, "https://desk.example.org/blog/feed.atom")
    assert feed.title == "Atom Desk"
    first, second = feed.entries
    assert first.url == "https://desk.example.org/blog/posts/istanbul-round"
    assert first.summary == "A first look."
    assert first.published == datetime(2022, 3, 31, 8, 0, tzinfo=timezone.utc)
    assert second.published == datetime(2022, 4, 1, 8, 0, tzinfo=timezone.utc)


def test_wrong_encoding_declaration_still_yields_entries_with_warning() -> None:
    body = RSS_20.replace(b'encoding="utf-8"', b'encoding="bogus-charset"')
    feed = parse_feed(body, FEED_URL)
    assert len(feed.entries) == 2
    assert feed.warning and "bogus" in feed.warning


def test_malformed_but_usable_feed_returns_entries_and_warning() -> None:
    body = RSS_091.replace(b"</channel></rss>", b"<item><title>cut")
    feed = parse_feed(body, FEED_URL)
    assert [entry.url for entry in feed.entries] == ["https://news.example.org/a/1"]
    assert feed.warning


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>", "HTML page"),
        (b"<html><body>Moved</body></html>", "HTML page"),
        (b'{"items": []}', "not"),
        (b"<rss><channel><item><title>broken", "not"),
        (b"<?xml version='1.0'?><note>hello</note>", "not a feed"),
    ],
)
def test_rejects_non_feeds_with_a_reason(content: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(content, FEED_URL)


def test_well_formed_feed_without_items_is_empty_not_an_error() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parse_feed(body, FEED_URL).entries == []


def test_str_content_is_refused() -> None:
    with pytest.raises(TypeError):
        parse_feed("/etc/passwd", FEED_URL)  # type: ignore[arg-type]


def _realworld_records() -> list[dict]:
    index = REALWORLD_FEEDS / "index.json"
    if not index.exists():
        return []
    return json.loads(index.read_text(encoding="utf-8"))["feeds"]


@pytest.mark.parametrize("record", _realworld_records(), ids=lambda record: record["file"])
def test_realworld_feeds(record: dict) -> None:
    """Only FeedError may escape; entry counts match what feedparser saw, minus linkless entries."""
    observed = record["observed_feedparser_6.0.14"]
    content = (REALWORLD_FEEDS.parent / record["file"]).read_bytes()
    try:
        feed = parse_feed(content, "https://feeds.example.org/feed.xml")
    except FeedError:
        assert observed["entries"] == 0 or observed["bozo"]
        return
    assert len(feed.entries) <= observed["entries"]
    if record["kind"] == "news":
        assert len(feed.entries) == observed["entries"]
        undated = sum(entry.published is None for entry in feed.entries)
        assert undated == observed["entries_without_parsed_date"]
    for entry in feed.entries:
        assert entry.url.startswith(("http://", "https://"))
        assert entry.published is None or entry.published.tzinfo is not None


def test_realworld_data_present_or_skipped() -> None:
    if not _realworld_records():
        pytest.skip("../shared/realworld/feeds not available")
