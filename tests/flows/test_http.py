"""The fetcher against a real local server (pytest-httpserver on 127.0.0.1)."""

import gzip
import threading
import time
import zlib

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from mediawatch.flows.http import USER_AGENT, Fetcher, is_public_address, parse_retry_after

FEED = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


@pytest.fixture
def httpserver() -> HTTPServer:
    """A threaded server: slow handlers must not hold up other requests (timeouts, concurrency)."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def fetcher() -> Fetcher:
    with Fetcher(allow_private_networks=True, connect_timeout=2, read_timeout=0.5, deadline=3) as fetcher:
        yield fetcher


def test_200_returns_body_and_validators(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/feed.xml", headers={"User-Agent": USER_AGENT}).respond_with_data(
        FEED, content_type="application/rss+xml", headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Mar 2022 06:00:00 GMT"}
    )
    result = fetcher.fetch(httpserver.url_for("/feed.xml"))
    assert result.error is None
    assert result.status == 200
    assert result.content == FEED
    assert result.content_type == "application/rss+xml"
    assert result.etag == '"v1"'
    assert result.last_modified == "Tue, 01 Mar 2022 06:00:00 GMT"
    assert result.final_url == result.url


def test_conditional_get_round_trip(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Tue, 01 Mar 2022 06:00:00 GMT"}

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"' and request.headers.get("If-Modified-Since") == validators["Last-Modified"]:
            return Response(status=304, headers=validators)
        return Response(FEED, headers=validators, content_type="application/rss+xml")

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    first = fetcher.fetch(httpserver.url_for("/feed.xml"))
    second = fetcher.fetch(httpserver.url_for("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and first.content == FEED
    assert second.status == 304
    assert second.not_modified
    assert second.content is None
    assert second.error is None
    assert second.etag == '"v1"'


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_are_results(httpserver: HTTPServer, fetcher: Fetcher, status: int) -> None:
    httpserver.expect_request("/x").respond_with_data("nope", status=status)
    result = fetcher.fetch(httpserver.url_for("/x"))
    assert result.status == status
    assert result.error == f"HTTP {status}"
    assert result.content is None
    assert result.retry_after is None


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds(httpserver: HTTPServer, fetcher: Fetcher, status: int) -> None:
    httpserver.expect_request("/busy").respond_with_data("slow down", status=status, headers={"Retry-After": "120"})
    result = fetcher.fetch(httpserver.url_for("/busy"))
    assert result.error == f"HTTP {status}"
    assert result.retry_after == 120


def test_retry_after_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_read_timeout(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    result = fetcher.fetch(httpserver.url_for("/slow"))
    assert result.status is None
    assert result.error == "timeout after 0.5 s"


def test_total_deadline_while_streaming(httpserver: HTTPServer) -> None:
    def drip(request: Request) -> Response:
        def body():
            for _ in range(20):
                time.sleep(0.2)
                yield b"x" * 10

        return Response(body(), content_type="text/html")

    httpserver.expect_request("/drip").respond_with_handler(drip)
    with Fetcher(allow_private_networks=True, read_timeout=1, deadline=1) as fetcher:
        result = fetcher.fetch(httpserver.url_for("/drip"))
    assert result.content is None
    assert result.error == "timeout: no complete response within 1 s"


def test_oversize_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"a" * 5000)
    with Fetcher(allow_private_networks=True, max_bytes=1000) as fetcher:
        result = fetcher.fetch(httpserver.url_for("/big"))
    assert result.content is None
    assert result.error == "body larger than 1000 bytes"


def test_oversize_body_without_content_length(httpserver: HTTPServer) -> None:
    def chunked(request: Request) -> Response:
        return Response((b"a" * 1000 for _ in range(5)), content_type="text/html")

    httpserver.expect_request("/chunked").respond_with_handler(chunked)
    with Fetcher(allow_private_networks=True, max_bytes=2000) as fetcher:
        result = fetcher.fetch(httpserver.url_for("/chunked"))
    assert result.error == "body larger than 2000 bytes"


def test_gzip_bomb_stops_at_the_cap(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    assert len(bomb) < 100_000
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    with Fetcher(allow_private_networks=True, max_bytes=1024 * 1024) as fetcher:
        result = fetcher.fetch(httpserver.url_for("/bomb"))
    assert result.content is None
    assert result.error == "body larger than 1 MB"


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("deflate", lambda data: zlib.compress(data)[2:-4])],
)
def test_compressed_bodies_are_decoded(httpserver: HTTPServer, fetcher: Fetcher, encoding: str, compress) -> None:
    httpserver.expect_request("/z").respond_with_data(compress(FEED), headers={"Content-Encoding": encoding})
    assert fetcher.fetch(httpserver.url_for("/z")).content == FEED


def test_redirect_followed(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data(FEED)
    result = fetcher.fetch(httpserver.url_for("/old"))
    assert result.content == FEED
    assert result.final_url == httpserver.url_for("/new")


def test_redirect_loop(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    result = fetcher.fetch(httpserver.url_for("/a"))
    assert result.status is None
    assert result.error == "too many redirects"


def test_redirect_to_ftp_is_refused(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/ftp").respond_with_data("", status=302, headers={"Location": "ftp://files.example.org/feed"})
    result = fetcher.fetch(httpserver.url_for("/ftp"))
    assert result.error == "unsupported scheme ftp"
    assert result.final_url == "ftp://files.example.org/feed"


def test_private_address_refused_by_default(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(FEED)
    with Fetcher() as fetcher:
        result = fetcher.fetch(httpserver.url_for("/feed.xml"))
        by_name = fetcher.fetch(f"http://localhost:{httpserver.port}/feed.xml")
    assert result.error == "refused private address 127.0.0.1"
    assert result.content is None
    assert by_name.error is not None and by_name.error.startswith("refused private address")
    assert httpserver.log == []


def test_cloud_metadata_address_refused() -> None:
    with Fetcher() as fetcher:
        result = fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    assert result.error == "refused private address 169.254.169.254"


@pytest.mark.parametrize(
    ("address", "public"),
    [("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False), ("169.254.169.254", False),
     ("::1", False), ("fd00:ec2::254", False), ("::ffff:127.0.0.1", False), ("0.0.0.0", False),
     ("100.64.0.1", False), ("224.0.0.1", False), ("93.184.216.34", True), ("2606:4700::1111", True)],
)
def test_public_address_classification(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_missing_content_type(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    def bare(request: Request) -> Response:
        response = Response(FEED)
        del response.headers["Content-Type"]
        return response

    httpserver.expect_request("/bare").respond_with_handler(bare)
    result = fetcher.fetch(httpserver.url_for("/bare"))
    assert result.error is None
    assert result.content == FEED
    assert result.content_type is None


def test_unsupported_scheme_and_credentials_never_in_errors(fetcher: Fetcher) -> None:
    assert fetcher.fetch("ftp://user:secret@example.org/feed").error == "unsupported scheme ftp"
    result = fetcher.fetch("http://user:secret@127.0.0.1:1/feed")
    assert result.error is not None
    assert "secret" not in result.error and "secret" not in result.final_url


@pytest.mark.parametrize(
    ("url", "reason"),
    [("http://[::1/feed", "invalid URL"), ("http://example.org:99999/feed", "invalid URL"),
     ("http:///feed", "URL has no host"), ("example.org/feed", "unsupported scheme (none)")],
)
def test_malformed_urls_are_results(fetcher: Fetcher, url: str, reason: str) -> None:
    result = fetcher.fetch(url)
    assert result.status is None
    assert result.error is not None and result.error.startswith(reason)


def test_connection_refused_is_a_result(fetcher: Fetcher) -> None:
    result = fetcher.fetch("http://127.0.0.1:1/feed")
    assert result.status is None and result.content is None
    assert result.error is not None and result.error.startswith("network error")


def peak_concurrency(httpserver: HTTPServer, fetcher: Fetcher, requests: int) -> int:
    """The most requests the server saw at once while `requests` threads fetched together."""
    active = 0
    peak = 0
    lock = threading.Lock()

    def handler(request: Request) -> Response:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.2)
        with lock:
            active -= 1
        return Response("ok")

    httpserver.expect_request("/p").respond_with_handler(handler)
    threads = [threading.Thread(target=fetcher.fetch, args=(httpserver.url_for("/p"),)) for _ in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(httpserver.log) == requests
    return peak


def test_per_host_concurrency_limit(httpserver: HTTPServer) -> None:
    with Fetcher(allow_private_networks=True, per_host_limit=2) as fetcher:
        assert peak_concurrency(httpserver, fetcher, 6) == 2


def test_overall_concurrency_limit_holds_whatever_the_threads(httpserver: HTTPServer) -> None:
    with Fetcher(allow_private_networks=True, per_host_limit=10, concurrency=3) as fetcher:
        assert peak_concurrency(httpserver, fetcher, 8) == 3


def test_waiting_for_a_turn_does_not_count_against_the_deadline(httpserver: HTTPServer) -> None:
    """With one request at a time, the third of three slow requests waits twice the deadline's
    worth of seconds for its turn, yet its own response comes in time."""
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response("ok")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    results = []
    with Fetcher(allow_private_networks=True, concurrency=1, deadline=1.0, read_timeout=2) as fetcher:
        threads = [threading.Thread(target=lambda: results.append(fetcher.fetch(httpserver.url_for("/slow"))))
                   for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert [r.error for r in results] == [None, None, None]
    assert [r.content for r in results] == [b"ok"] * 3
