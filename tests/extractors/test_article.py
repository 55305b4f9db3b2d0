import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
import trafilatura

from mediawatch.extractors.article import ExtractionError, extract_article, text_fingerprint

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
REALWORLD_HTML = SHARED / "realworld" / "html"
STREAM = SHARED / "eval" / "stream-2022"

BODY = [
    "Negotiators from both delegations met on Tuesday in the palace on the Bosphorus for three hours of talks.",
    "The host government said the two sides had exchanged written proposals on security guarantees and would study them.",
    "A second session is expected next week, officials said, although no date has been fixed for it yet.",
    "Observers said the atmosphere in the room had been businesslike and that both teams had stayed for lunch.",
]

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Talks resume | Example Times</title>
<meta property="og:title" content="Talks resume on the Bosphorus">
<meta property="article:published_time" content="2022-03-29T15:30:00+03:00">
</head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience on our site and to show you ads.</p>
<button>Accept</button></div>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<main><article>
<h1>Talks resume on the Bosphorus</h1>
<h2 class="article-standfirst">Delegations swap written proposals on security guarantees in a first concrete step.</h2>
<div class="article-body">
<p>{0}</p>
<p>{1}</p>
<aside class="pull-quote"><blockquote><p>"The atmosphere was businesslike."</p></blockquote></aside>
<p class="read-also"><strong>Read also:</strong> <a href="/x">Ceasefire collapses in the north after a week</a></p>
<p>{2}</p>
<div class="ad-slot"><span>Advertisement</span></div>
<p>{3}</p>
</div></article>
<section class="comments"><h3>Comments</h3><p>Talks with whom? This will never produce a deal, mark my words.</p></section>
</main>
<aside class="sidebar"><div class="most-read"><h3>Most read</h3><ol><li><a href="/y">Pilots reach agreement after marathon pay talks</a></li></ol></div>
<div class="newsletter-box"><h3>Daily briefing</h3><p>Sign up for our newsletter and get the news every morning in your inbox.</p></div></aside>
<footer><p>Copyright Example Times</p></footer>
</body></html>
""".format(*BODY)

CHROME = [
    "cookies", "Home", "Most read", "Pilots reach agreement", "Talks with whom", "newsletter",
    "Ceasefire collapses", "Read also", "Advertisement", "businesslike.\"", "written proposals on security guarantees in a first",
]


def test_extracts_body_without_chrome() -> None:
    article = extract_article(PAGE, url="https://times.example.org/world/talks")
    for paragraph in BODY:
        assert paragraph in article.text
    for chrome in CHROME:
        assert chrome not in article.text, chrome
    assert article.title == "Talks resume on the Bosphorus"
    assert article.published == datetime(2022, 3, 29, 12, 30, tzinfo=timezone.utc)
    assert article.text.startswith(BODY[0]), "the headline is the title, not the first line of the text"


def test_non_utf8_page_is_decoded_from_meta_charset() -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1251">').replace(
        BODY[0], "Переговоры делегаций продолжались три часа во дворце на берегу Босфора. " + BODY[0]
    )
    article = extract_article(page.encode("windows-1251"))
    assert "Переговоры делегаций продолжались три часа" in article.text


def test_undeclared_non_utf8_bytes_still_extract() -> None:
    page = PAGE.replace('<meta charset="utf-8">', "").replace(BODY[1], "Caf\u00e9 talks in S\u00e3o Paulo. " + BODY[1])
    article = extract_article(page.encode("latin-1"))
    assert BODY[1] in article.text


def test_json_ld_date_and_naive_timestamp_taken_as_utc() -> None:
    page = PAGE.replace(
        '<meta property="article:published_time" content="2022-03-29T15:30:00+03:00">',
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2022-03-29T10:00:00"}]}</script>',
    )
    assert extract_article(page).published == datetime(2022, 3, 29, 10, 0, tzinfo=timezone.utc)


def test_fallback_date_when_page_has_none() -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2022-03-29T15:30:00+03:00">', "")
    fallback = datetime(2022, 3, 29, 12, 0, tzinfo=timezone.utc)
    assert extract_article(page, fallback_published=fallback).published == fallback


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b'{"title": "not a page"}', "JSON"),
        (b"just some plain words, no markup at all", "not HTML"),
        (b"<html><head><title>x</title></head><body></body></html>", "no article text"),
    ],
)
def test_refuses_what_is_not_an_article(content: bytes, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract_article(content)


def test_fingerprint_ignores_case_width_and_whitespace() -> None:
    assert text_fingerprint("Talks  in\nISTANBUL") == text_fingerprint("talks in ｉｓｔａｎｂｕｌ ")
    assert text_fingerprint("Talks in Istanbul") != text_fingerprint("Talks in Ankara")
    assert len(text_fingerprint("x")) == 64


def _realworld_pages() -> list[dict]:
    index = REALWORLD_HTML / "index.json"
    return json.loads(index.read_text(encoding="utf-8"))["pages"] if index.exists() else []


def test_realworld_pages_not_worse_than_plain_trafilatura() -> None:
    if not _realworld_pages():
        pytest.skip("../shared/realworld/html not available")
    from mediawatch.flows.extraction_report import realworld_extraction_report

    for row in realworld_extraction_report(REALWORLD_HTML):
        if "ours_token_f1" in row:
            assert row["ours_token_f1"] >= row["plain_token_f1"] - 0.01, row
        else:
            assert row["ours_with"] >= row["plain_with"], row
            assert row["ours_without_absent"] >= row["plain_without_absent"], row


@pytest.mark.parametrize("page", _realworld_pages(), ids=lambda page: Path(page["file"]).stem)
def test_realworld_page_extracts(page: dict) -> None:
    article = extract_article((REALWORLD_HTML.parent / page["file"]).read_bytes(), url=page.get("url"))
    assert article.text and article.title


def _stream_articles() -> list[dict]:
    manifest = STREAM / "manifest.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["articles"] if manifest.exists() else []


STREAM_CHROME = [
    "Most read", "MOST READ", "Advertisement", "Read also", "READ ALSO", "Further reading", "Leave a Reply",
    "cookies", "Cookie", "Daily Newsletter", "Sign up", "says:", "About the author", "Share", "Like this",
]


@pytest.mark.parametrize("record", _stream_articles(), ids=lambda record: record["id"])
def test_stream_pages_keep_body_and_drop_chrome(record: dict) -> None:
    from lxml import html as lxml_html

    raw = (STREAM / record["file"]).read_bytes()
    article = extract_article(raw)
    tree = lxml_html.fromstring(raw)
    assert article.title == record["title"]
    assert article.published == datetime.fromisoformat(record["published"].replace("Z", "+00:00"))
    assert len(article.text.split()) >= 250
    for chrome in STREAM_CHROME:
        assert chrome not in article.text, chrome
    lines = set(article.text.splitlines())
    for chrome_element in tree.xpath(
        '//*[contains(@class,"quote") or contains(@class,"news-spot") or contains(@class,"most")'
        ' or contains(@class,"comment") or contains(@class,"related") or contains(@class,"read-also")]'
    ):
        chrome_text = " ".join(chrome_element.text_content().split())
        if len(chrome_text) > 20:
            assert chrome_text not in lines, chrome_text
    standfirst = " ".join(" ".join(tree.xpath('//*[contains(@class,"news-spot")]//text()')).split())
    if standfirst:
        assert standfirst not in article.text
    body_paragraphs = [
        " ".join(p.text_content().split())
        for p in tree.xpath('//*[contains(@class,"text-block") or contains(@class,"gw-paragraph") or contains(@class,"entry-content") or contains(@class,"news-content")]/p')
    ]
    assert body_paragraphs
    normalized = " ".join(article.text.split())
    for paragraph in body_paragraphs:
        assert paragraph in normalized, paragraph


def test_trafilatura_caches_are_reset_periodically(monkeypatch: pytest.MonkeyPatch) -> None:
    from mediawatch.extractors import article as article_module

    resets: list[bool] = []
    monkeypatch.setattr(trafilatura.meta, "reset_caches", lambda: resets.append(True))
    monkeypatch.setattr(article_module, "_extraction_count", article_module.CACHE_RESET_EVERY - 1)
    extract_article(PAGE)
    extract_article(PAGE)
    assert resets == [True]
