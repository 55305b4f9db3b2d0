"""Readable text, title and publication date of a news page.

trafilatura does the main-text extraction. Before it runs, page chrome that trafilatura tends to
keep inside the article body (pull quotes, "Read also" boxes, ad slots, share bars, standfirsts...)
is pruned by generic class/id vocabulary, so that words in sidebars and teasers never reach the
event tagger.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import threading
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timezone

import trafilatura
import trafilatura.meta
from dateutil import parser as date_parser
from lxml import html as lxml_html
from trafilatura.utils import load_html

from .models import Article

__all__ = ["ExtractionError", "extract_article", "text_fingerprint"]

# trafilatura/htmldate/courlan keep LRU caches that grow with every page seen.
CACHE_RESET_EVERY = 500

# A class/id word (class tokens split on "-" and "_") in this set marks an element as chrome.
CHROME_WORDS = frozenset(
    {
        "ad", "ads", "advert", "adverts", "advertisement", "advertising", "sponsor", "sponsored",
        "promo", "outbrain", "taboola",
        "cookie", "cookies", "consent", "gdpr", "cmp",
        "newsletter", "newsletters", "subscribe", "subscription", "signup",
        "share", "sharing", "sharebar", "sharedaddy", "social", "likebox", "follow",
        "comment", "comments", "respond", "disqus",
        "related", "recommended", "popular", "trending", "mostread", "readalso", "readmore",
        "pullquote", "quote", "blockquote",
        "standfirst", "spot", "dek", "kicker",
        "bio", "byline", "credit", "credits",
        "sidebar", "widget", "rail", "breadcrumb", "breadcrumbs", "tags", "ticker",
    }
)
# Multi-word names, matched on the class token with separators removed ("read-also" -> "readalso").
CHROME_PHRASES = (
    "readalso", "mostread", "mostpopular", "pullquote", "quotebox", "authorbio", "aboutauthor",
    "furtherreading", "seealso", "topposts", "relatedarticles", "relatedposts",
)
# Tags that are never article prose.
CHROME_TAGS = ("nav", "aside", "form", "button", "iframe", "noscript", "dialog")
# Never prune an element that holds this share of the page's paragraph text: a class such as
# "content has-sidebar" on the main container must not take the article with it.
MAX_PRUNED_SHARE = 0.5

# Whole lines that are chrome even when they survive in the body text.
CHROME_LINE = re.compile(
    r"^\s*(?:advertisement(?:\s*[·\-|:]\s*scroll to continue(?: reading)?)?"
    r"|(?:read|see) (?:also|more)(?:\s*[:\u00bb\u203a>|\-].*)?"
    r"|reporting by .*;\s*editing by .*)\s*$",
    re.IGNORECASE,
)

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")

_extraction_count = 0
_extraction_count_lock = threading.Lock()


class ExtractionError(ValueError):
    """The page yields no article text; the message says why."""


def extract_article(
    html: bytes | str, url: str | None = None, fallback_published: datetime | None = None,
    http_charset: str | None = None,
) -> Article:
    """Return the title, main text and publication date (UTC) of a news page.

    `fallback_published` (usually the feed's date) is used when the page states no date, or
    states only the day and the fallback falls on that day. `http_charset` is the charset of the
    response's Content-Type header, which takes precedence over the page's own declaration.
    """
    markup = decode_html(html, http_charset) if isinstance(html, bytes) else html
    check_looks_like_html(markup)
    tree = parse_html(markup)

    title = page_title(tree)
    published = page_published(tree)
    prune_chrome(tree)

    # trafilatura's own metadata search (authors, licence, every link) costs twice the text
    # extraction; it runs only when the page's declared title or date are missing.
    needs_metadata = not title or published is None
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=needs_metadata,
    )
    _count_extraction()
    text = clean_text(document.text if document is not None else "")
    if not text:
        raise ExtractionError("no article text found in the page")

    if not title and document is not None and document.title:
        title = document.title.strip()
    text = without_leading_headline(text, title)
    if not text:
        raise ExtractionError("no article text found in the page")
    if published is None:
        published = day_or_fallback(document.date if document is not None else None, fallback_published)
    return Article(title=title, text=text, published=published)


def without_leading_headline(text: str, title: str) -> str:
    """Drop the headline when the extracted text opens with it: the title is kept apart, and a
    headline ("... to hold talks on Friday") is not a sentence of the report to tag."""
    first, _, rest = text.partition("\n")
    if title and _comparable(first) == _comparable(title):
        return rest.lstrip("\n")
    return text


def _comparable(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).casefold().split())


def text_fingerprint(text: str) -> str:
    """sha256 hex of `text` after NFKC, casefolding and whitespace collapsing (exact duplicates)."""
    return hashlib.sha256(_comparable(text).encode("utf-8")).hexdigest()


# Decoding and parsing


def decode_html(content: bytes, http_charset: str | None = None) -> str:
    """Decode as browsers do: the BOM, then the HTTP header's charset, then the page's own
    declaration, then UTF-8, and UTF-8 with replacement as the last resort."""
    if not content.strip():
        raise ExtractionError("empty document")
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, encoding in boms:
        if content.startswith(bom):
            return content.decode(encoding, errors="replace")
    head = content[:4096]
    declared = XML_ENCODING.search(head) or META_CHARSET.search(head)
    candidates = [http_charset] if http_charset else []
    candidates += [declared.group(1).decode("ascii")] if declared else []
    for encoding in candidates + ["utf-8"]:
        try:
            return content.decode(_python_codec(encoding))
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


def _python_codec(encoding: str) -> str:
    """Map a declared web charset to the codec browsers really use for it (WHATWG)."""
    name = codecs.lookup(encoding).name
    return {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}.get(name, name)


def check_looks_like_html(markup: str) -> None:
    start = markup.lstrip("\ufeff \t\r\n")
    if not start:
        raise ExtractionError("empty document")
    if start.startswith("%PDF"):
        raise ExtractionError("not HTML: a PDF document")
    if start[0] in "{[":
        raise ExtractionError("not HTML: looks like JSON")
    if "\x00" in start[:1024]:
        raise ExtractionError("not HTML: binary content")
    if not re.search(r"<(?:!doctype|html|head|body|p|div|article|main|title)\b", start[:65536], re.IGNORECASE):
        raise ExtractionError("not HTML: no HTML elements found")


def parse_html(markup: str) -> lxml_html.HtmlElement:
    """Parse with trafilatura's own loader: its parser drops comments and processing
    instructions, which trafilatura's extraction expects (text after a comment node is lost
    otherwise)."""
    tree = load_html(markup)
    if tree is None:
        raise ExtractionError("unparsable HTML")
    return tree


# Title and date


def page_title(tree: lxml_html.HtmlElement) -> str:
    for xpath in (
        '//meta[@property="og:title"]/@content',
        '//meta[@name="twitter:title"]/@content',
        "//title/text()",
        "//h1//text()",
    ):
        values = [value.strip() for value in tree.xpath(xpath) if value.strip()]
        if values:
            return " ".join(values) if xpath.startswith("//h1") else values[0]
    return ""


def page_published(tree: lxml_html.HtmlElement) -> datetime | None:
    """The first parsable machine-readable publication timestamp the page declares."""
    for value in _declared_dates(tree):
        parsed = parse_timestamp(value)
        if parsed is not None:
            return parsed
    return None


def _declared_dates(tree: lxml_html.HtmlElement) -> Iterator[str]:
    yield from tree.xpath(
        '//meta[@property="article:published_time" or @name="article:published_time"'
        ' or @itemprop="datePublished" or @property="og:published_time"]/@content'
    )
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            yield from _json_ld_dates(json.loads(script))
        except ValueError:
            continue
    yield from tree.xpath('//*[@itemprop="datePublished"]/@datetime')


def _json_ld_dates(node: object) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _json_ld_dates(item)
    elif isinstance(node, dict):
        if isinstance(node.get("datePublished"), str):
            yield node["datePublished"]
        for key in ("@graph", "mainEntity"):
            if key in node:
                yield from _json_ld_dates(node[key])


def parse_timestamp(value: str) -> datetime | None:
    """Parse an ISO-like timestamp to aware UTC; a timestamp without offset is taken as UTC."""
    try:
        parsed = date_parser.isoparse(value.strip())
    except (ValueError, OverflowError):
        try:
            parsed = date_parser.parse(value.strip())
        except (ValueError, OverflowError):
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def day_or_fallback(day: str | None, fallback: datetime | None) -> datetime | None:
    """trafilatura only knows the day: prefer the precise fallback when it is the same day."""
    parsed = parse_timestamp(day) if day else None
    if parsed is None:
        return fallback.astimezone(timezone.utc) if fallback else None
    if fallback is not None and fallback.astimezone(timezone.utc).date() == parsed.date():
        return fallback.astimezone(timezone.utc)
    return parsed


# Chrome pruning


def prune_chrome(tree: lxml_html.HtmlElement) -> None:
    """Remove page chrome in place, by tag and by class/id vocabulary."""
    total_text = len(_paragraph_text(tree)) or 1
    body = tree.find("body")
    candidates = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str)
        and element.tag not in ("html", "head", "body")
        and (element.tag in CHROME_TAGS or is_chrome_name(element))
    ]
    for element in candidates:
        if element.getparent() is None or (body is not None and not _is_inside(element, body)):
            continue
        if len(_paragraph_text(element)) / total_text >= MAX_PRUNED_SHARE:
            continue
        element.drop_tree()


def is_chrome_name(element: lxml_html.HtmlElement) -> bool:
    names = f'{element.get("class", "")} {element.get("id", "")}'.lower().split()
    for name in names:
        words = [word for word in re.split(r"[-_]+", name) if word]
        if CHROME_WORDS.intersection(words):
            return True
        squashed = "".join(words)
        if any(phrase in squashed for phrase in CHROME_PHRASES):
            return True
    return False


def _is_inside(element: lxml_html.HtmlElement, ancestor: lxml_html.HtmlElement) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _paragraph_text(element: lxml_html.HtmlElement) -> str:
    return "".join(text for p in element.iter("p") for text in p.itertext())


def clean_text(text: str) -> str:
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not CHROME_LINE.match(line))


def _count_extraction() -> None:
    global _extraction_count
    with _extraction_count_lock:
        _extraction_count += 1
        if _extraction_count % CACHE_RESET_EVERY == 0:
            trafilatura.meta.reset_caches()
