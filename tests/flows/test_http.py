"""The fetcher against a real local server (pytest-httpserver on 127.0.0.1)."""

import gzip
import ssl
import threading
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from mediawatch.flows.http import USER_AGENT, Fetcher, _PoolPerHost, is_public_address, parse_retry_after
from mediawatch.flows.stream_server import BackgroundHTTPServer, QuietRequestHandler

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


def test_connection_goes_to_the_address_the_name_resolved_to(httpserver: HTTPServer) -> None:
    """The name is looked up once, by the fetcher's resolver, and the socket opened to that
    address, so that a DNS server answering differently to a second lookup (DNS rebinding) has
    no second lookup to answer: `feeds.invalid` has no address in DNS, so the fetch reaches the
    server only if the connection uses the checked answer. The server still sees the name."""
    httpserver.expect_request("/feed.xml", headers={"Host": f"feeds.invalid:{httpserver.port}"}).respond_with_data(FEED)
    lookups: list[tuple[str, int]] = []

    def resolver(host: str, port: int) -> list[str]:
        lookups.append((host, port))
        return ["127.0.0.1"]

    with Fetcher(allow_private_networks=True, resolver=resolver) as fetcher:
        result = fetcher.fetch(f"http://feeds.invalid:{httpserver.port}/feed.xml")
    assert result.error is None
    assert result.content == FEED
    assert lookups == [("feeds.invalid", httpserver.port)]


def test_each_address_of_a_name_is_tried_in_turn(httpserver: HTTPServer) -> None:
    """A name with an IPv6 address where nothing listens and an IPv4 one where the server does:
    the connection falls back to the next address, as a browser does."""
    httpserver.expect_request("/feed.xml").respond_with_data(FEED)
    with Fetcher(allow_private_networks=True, resolver=lambda host, port: ["::1", "127.0.0.1"]) as fetcher:
        result = fetcher.fetch(f"http://feeds.invalid:{httpserver.port}/feed.xml")
    assert result.error is None and result.content == FEED


def test_name_with_one_private_address_among_public_ones_is_refused() -> None:
    with Fetcher(resolver=lambda host, port: ["93.184.216.34", "10.0.0.7"]) as fetcher:
        result = fetcher.fetch("http://mixed.invalid/feed.xml")
    assert result.error == "refused private address 10.0.0.7"


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


def _certificate_authority(folder: Path, server_name: str) -> tuple[Path, ssl.SSLContext]:
    """A throwaway CA (its PEM file) and a server TLS context whose certificate it signed for
    `server_name`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey,
                    ca: bool) -> x509.Certificate:
        now = datetime.now(timezone.utc)
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(hours=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            builder = builder.add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
                critical=True).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        else:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_file, chain_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(certificate("mediawatch test CA", ca_key, "mediawatch test CA", ca_key, True)
                        .public_bytes(serialization.Encoding.PEM))
    chain_file.write_bytes(certificate(server_name, server_key, "mediawatch test CA", ca_key, False)
                           .public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(server_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain_file, key_file)
    return ca_file, context


class _PortLoggingHandler(QuietRequestHandler):
    """Answers "ok", keeping the connection (HTTP/1.1), and logs each request's client port:
    one port is one connection. (pytest-httpserver closes every connection.)"""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.owner.ports.append(self.client_address[1])
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def keepalive_server():
    server = BackgroundHTTPServer(("127.0.0.1", 0), _PortLoggingHandler, name="keep-alive test server")
    server.ports = []
    with server:
        yield server


def test_a_hosts_connection_is_kept_for_its_next_requests(keepalive_server: BackgroundHTTPServer) -> None:
    host, port = keepalive_server.host_and_port
    with Fetcher(allow_private_networks=True) as fetcher:
        for _ in range(4):
            assert fetcher.fetch(f"http://{host}:{port}/p").content == b"ok"
    assert len(keepalive_server.ports) == 4
    assert len(set(keepalive_server.ports)) == 1


def test_beyond_the_pools_kept_the_least_recently_used_host_loses_its_connection(
    keepalive_server: BackgroundHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names a, b, c of one server: with two hosts' connections kept, fetching c closes a's, so
    a's next request comes on a new connection, while b's stays on its own."""
    monkeypatch.setattr(_PoolPerHost, "MAX_POOLS", 2)
    _, port = keepalive_server.host_and_port
    with Fetcher(allow_private_networks=True, resolver=lambda host, port: ["127.0.0.1"]) as fetcher:
        for host in ("a", "b", "c", "b", "a"):
            assert fetcher.fetch(f"http://{host}.invalid:{port}/p").content == b"ok"
    a_first, b_first, c_first, b_again, a_again = keepalive_server.ports
    assert b_again == b_first
    assert a_again not in (a_first, b_first, c_first)


def test_https_connects_to_the_checked_address_and_verifies_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Connecting to the address, not the name, must not weaken TLS: the certificate is still
    checked against the name in the URL (SNI and verification), so a server whose certificate
    is for another name is refused."""
    ca_file, context = _certificate_authority(tmp_path, "feeds.invalid")
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # httpx's trust store for this Fetcher
    server = HTTPServer(ssl_context=context)
    server.start()
    try:
        server.expect_request("/feed.xml").respond_with_data(FEED)
        with Fetcher(allow_private_networks=True, resolver=lambda host, port: ["127.0.0.1"]) as fetcher:
            good = fetcher.fetch(f"https://feeds.invalid:{server.port}/feed.xml")
            wrong_name = fetcher.fetch(f"https://other.invalid:{server.port}/feed.xml")
    finally:
        server.clear()
        server.stop()
    assert good.error is None and good.content == FEED
    assert wrong_name.content is None
    assert wrong_name.error is not None and "certificate is not valid for 'other.invalid'" in wrong_name.error


@pytest.fixture
def proxy_environment(monkeypatch: pytest.MonkeyPatch):
    """Clears the proxy variables; the test sets those it needs."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


def test_proxy_from_the_environment_is_used_with_the_address_checked_first(
    httpserver: HTTPServer, proxy_environment: pytest.MonkeyPatch
) -> None:
    """Behind a proxy (HTTP_PROXY), a request goes to the proxy with the full URL; the name is
    still resolved and checked here first, so a private target is refused without asking the
    proxy; a host in NO_PROXY is fetched directly."""
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.environ.get("REQUEST_URI") or request.environ.get("RAW_URI") or request.path)
        return Response(FEED)

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    proxy_environment.setenv("HTTP_PROXY", f"http://127.0.0.1:{httpserver.port}")
    proxy_environment.setenv("NO_PROXY", "direct.invalid")
    answers = {"feeds.invalid": ["93.184.216.34"], "inside.invalid": ["10.0.0.7"], "direct.invalid": ["127.0.0.1"]}
    lookups: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return answers[host]

    with Fetcher(resolver=resolver) as fetcher:
        through_proxy = fetcher.fetch("http://feeds.invalid/feed.xml")
        inside = fetcher.fetch("http://inside.invalid/feed.xml")
    with Fetcher(resolver=resolver, allow_private_networks=True) as fetcher:
        direct = fetcher.fetch(f"http://direct.invalid:{httpserver.port}/feed.xml")
    assert through_proxy.error is None and through_proxy.content == FEED
    assert inside.error == "refused private address 10.0.0.7"
    assert direct.error is None and direct.content == FEED
    assert seen == ["http://feeds.invalid/feed.xml", "/feed.xml"]
    assert lookups == ["feeds.invalid", "inside.invalid", "direct.invalid"]
