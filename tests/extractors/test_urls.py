import pytest

from mediawatch.extractors.urls import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM:443/a/b", "https://example.com/a/b"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://[::1]:80/x", "http://[::1]/x"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/a\n", "https://example.com/a"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
    ],
)
def test_normalizes_scheme_host_port_fragment_and_query_order(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "tracker",
    ["utm_source=rss", "utm_medium=social", "utm_campaign=x", "fbclid=abc", "gclid=1", "yclid=2",
     "mc_cid=3", "mc_eid=4", "_ga=5", "ref=twitter", "ref_src=twsrc"],
)
def test_drops_tracking_parameters(tracker: str) -> None:
    assert canonical_url(f"https://example.com/story?id=42&{tracker}") == "https://example.com/story?id=42"


def test_keeps_article_identifying_parameters() -> None:
    assert canonical_url("https://example.com/news.php?page=2&article=7") == "https://example.com/news.php?article=7&page=2"


def test_http_and_https_stay_distinct() -> None:
    assert canonical_url("http://example.com/a") != canonical_url("https://example.com/a")


def test_is_idempotent() -> None:
    once = canonical_url("HTTPS://Example.com:443/a/b/?utm_source=x&z=1&a=2#top")
    assert canonical_url(once) == once


@pytest.mark.parametrize("url", ["ftp://example.com/file", "/relative/path", "mailto:desk@example.com", ""])
def test_rejects_non_http_urls(url: str) -> None:
    with pytest.raises(ValueError):
        canonical_url(url)
