"""bench/news_page.py: the benchmark's synthetic pages hold exactly the article they were given,
inside chrome of the size asked, so that the benchmark times the extraction of that text."""

import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mediawatch.extractors.article import extract_article

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from news_page import page_html  # noqa: E402 (bench/ is not a package)

BODY = [
    "Negotiators from two neighbouring states met at a lakeside hotel on Tuesday to discuss a swap of "
    "detained fishermen, officials in both capitals said.",
    "The talks lasted six hours and ended with a promise to meet again within a month, according to a "
    "statement read out by the host government's spokeswoman.",
    "Families of the fishermen gathered outside the hotel, holding photographs and asking for news.",
    "A second paragraph of background recalled that the two coast guards have seized boats for years.",
    "Observers said the next round would test whether either side was ready to release anyone first.",
]
PUBLISHED = datetime(2025, 3, 4, 9, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("seed", range(12))
def test_the_extracted_text_is_the_article_given(seed: int) -> None:
    html = page_html("news.example", "/world/1.html", "Fishermen swap discussed", PUBLISHED, BODY, seed)
    article = extract_article(html, url="http://news.example/world/1.html")
    assert article.title == "Fishermen swap discussed"
    assert article.text == "\n".join(BODY)
    assert article.published == PUBLISHED


def test_pages_are_the_size_asked_with_the_chrome_around_the_text() -> None:
    sizes = [len(page_html("news.example", "/world/1.html", "Title", PUBLISHED, BODY, seed)) for seed in range(40)]
    assert max(sizes) <= 80_000
    assert min(sizes) >= 5_000
    assert max(sizes) - min(sizes) > 50_000  # the chrome grows with the size drawn, not the text
    page = page_html("news.example", "/world/1.html", "Title", PUBLISHED, BODY, 3).decode()
    for chrome in ('class="main-nav__list"', 'class="share-bar"', 'class="card-grid"', "window.__STATE__"):
        assert chrome in page
