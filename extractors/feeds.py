"""RSS 0.9x/1.0/2.0 and Atom feeds to `ParsedFeed`, with feedparser.

feedparser is given bytes only: given a str it may treat the value as a URL or a file path and
read it. It sniffs the encoding itself (BOM, XML declaration) and, for a document that is not
well formed, falls back to its lenient parser and sets `bozo`; such a feed still counts when it
yields entries, and the reason is passed on as `ParsedFeed.warning`.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import html as lxml_html
from lxml.etree import ParserError

from .models import FeedEntry, ParsedFeed

__all__ = ["FeedError", "parse_feed"]

HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)


class FeedError(ValueError):
    """The document is not a usable feed; the message says why."""


def parse_feed(content: bytes, url: str) -> ParsedFeed:
    """Parse a feed document fetched from `url` (used to resolve relative links)."""
    if not isinstance(content, bytes):
        raise TypeError("parse_feed takes bytes: feedparser would read a str as a URL or path")
    if not content.strip():
        raise FeedError("empty document")
    if HTML_START.match(content[:4096].lstrip(b"\xef\xbb\xbf")):
        raise FeedError("not a feed: an HTML page")
    parsed = feedparser.parse(content)
    problem = _bozo_reason(parsed)
    entries = [entry for entry in (_entry(raw, url) for raw in parsed.entries) if entry is not None]
    if not entries and problem:
        raise FeedError(f"not a usable feed: {problem}")
    if not parsed.entries and not parsed.version:
        raise FeedError("not a feed: no RSS or Atom root element")
    return ParsedFeed(title=plain_text(parsed.feed.get("title", "")), entries=entries, warning=problem)


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exception = parsed.get("bozo_exception")
    if exception is None:
        return "malformed feed"
    return f"malformed feed: {str(exception) or type(exception).__name__}"


def _entry(raw: Any, feed_url: str) -> FeedEntry | None:
    link = _entry_link(raw)
    if not link:
        return None
    absolute = urljoin(feed_url, link)
    if urlsplit(absolute).scheme not in ("http", "https"):
        return None
    return FeedEntry(
        url=absolute,
        title=plain_text(raw.get("title", "")),
        summary=plain_text(raw.get("summary", "")),
        published=entry_published(raw),
        guid=raw.get("id") or None,
    )


def _entry_link(raw: Any) -> str:
    """The entry's page: `link`, else the first alternate link (Atom), else a permalink guid."""
    link = (raw.get("link") or "").strip()
    if link:
        return link
    for candidate in raw.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return candidate["href"].strip()
    guid = (raw.get("id") or "").strip()
    if raw.get("guidislink") and guid.startswith(("http://", "https://")):
        return guid
    return ""


def entry_published(raw: Any) -> datetime | None:
    """published, else updated, as aware UTC (feedparser's *_parsed are UTC struct_time)."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(raw, key)  # plain dict lookup: skips feedparser's deprecated key aliasing
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    return None


def plain_text(value: str) -> str:
    """Feed titles and summaries may carry (escaped) HTML: keep the text, collapse whitespace."""
    if "<" in value or "&" in value:
        try:
            value = lxml_html.fragment_fromstring(value, create_parent="div").text_content()
        except (ParserError, ValueError):
            pass
    return " ".join(value.split())
