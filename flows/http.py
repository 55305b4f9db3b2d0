"""Polite and defensive HTTP GET for feeds and article pages.

`Fetcher.fetch` never raises for network or HTTP trouble: it returns a `FetchResult` whose `error`
says what went wrong in words fit for a log line or a status page. Defences, all per request:

- only http and https, on every redirect hop; redirects are followed by hand (at most 5) so that
  each hop goes through the same checks;
- hosts that resolve to loopback, private, link-local (cloud metadata), reserved or otherwise
  non-global addresses are refused unless `allow_private_networks=True`. The check is made where
  the connection is opened (`_CheckedConnections`): the name is resolved once and the socket goes
  to an address that was checked, so a DNS server answering differently to a second lookup (DNS
  rebinding) cannot send a request to an address that was not. Through a proxy named in the
  environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY), which resolves the name itself,
  the name is resolved here and checked before the request, as far as this machine can tell;
- connect and read timeouts, plus a total deadline checked while the body streams in;
- a body size cap counted on the *decompressed* bytes: gzip/deflate are decoded here with a
  bounded output size per step, so a compression bomb stops at the cap instead of filling memory;
- at most `per_host_limit` concurrent requests per host, so one Fetcher can be shared by a thread
  pool without hammering a site.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
import urllib.request
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

__all__ = ["FetchResult", "Fetcher", "USER_AGENT"]

try:
    _VERSION = version("mediawatch")
except PackageNotFoundError:
    _VERSION = "0"
USER_AGENT = f"mediawatch/{_VERSION} (+https://github.com/mediawatch/mediawatch)"

MEGABYTE = 1024 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ALLOWED_SCHEMES = ("http", "https")
USERINFO = re.compile(r"(?<=//)[^/@\s]*@")


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int | None
    content: bytes | None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    error: str | None = None
    retry_after: float | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchRefused(Exception):
    """A request this fetcher will not make or finish; the message is the FetchResult error."""


class Fetcher:
    """httpx clients with the defences above: one that connects only to checked addresses, and
    one through the environment's proxy when it names one. Use as a context manager, or call
    close()."""

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        deadline: float = 60.0,
        max_bytes: int = 10 * MEGABYTE,
        max_redirects: int = 5,
        per_host_limit: int = 2,
        concurrency: int | None = None,
        allow_private_networks: bool = False,
        user_agent: str = USER_AGENT,
        resolver: Callable[[str, int], list[str]] | None = None,
    ) -> None:
        """`resolver(host, port)` gives a name's addresses (default: the system's, `resolve`)."""
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.per_host_limit = per_host_limit
        self.allow_private_networks = allow_private_networks
        self._resolver = resolver or resolve
        options: dict[str, Any] = {
            "follow_redirects": False,
            "timeout": httpx.Timeout(read_timeout, connect=connect_timeout),
            "headers": {"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        }
        self._direct = httpx.Client(
            transport=_PoolPerHost(_CheckedConnections(self._resolver, allow_private_networks), per_host_limit),
            **options
        )
        # httpx reads the proxy variables itself when it is given no transport.
        self._proxies = urllib.request.getproxies_environment()
        proxied_schemes = set(self._proxies) - {"no"}  # "no" is NO_PROXY
        self._through_proxy = httpx.Client(**options) if proxied_schemes else None
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._host_slots_lock = threading.Lock()
        # Requests at once over all hosts, however many threads call fetch().
        self._slots = threading.BoundedSemaphore(concurrency) if concurrency else None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._direct.close()
        if self._through_proxy is not None:
            self._through_proxy.close()

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET `url`, conditionally when `etag`/`last_modified` from an earlier fetch are given."""
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        started = time.monotonic()
        current = url
        try:
            for _hop in range(self.max_redirects + 1):
                client = self._client_for(current)
                with self._host_slot(current) as waited, \
                        client.stream("GET", current, headers=conditional) as response:
                    started += waited  # the deadline is the server's: waiting for our own turn is not counted
                    location = response.headers.get("Location")
                    if response.status_code in REDIRECT_STATUSES and location:
                        current = urljoin(current, location.strip())
                        continue
                    return self._result(url, current, response, started)
            return self._error(url, current, "too many redirects")
        except FetchRefused as refused:
            return self._error(url, current, str(refused))
        except httpx.ConnectTimeout:
            return self._error(url, current, f"connect timeout after {self.connect_timeout:g} s")
        except httpx.TimeoutException:
            return self._error(url, current, f"timeout after {self.read_timeout:g} s")
        except httpx.InvalidURL as invalid:
            return self._error(url, current, f"invalid URL: {redact(str(invalid))}")
        except httpx.HTTPError as failure:
            return self._error(url, current, f"network error: {type(failure).__name__}: {redact(str(failure))}")

    # Checks

    def _client_for(self, url: str) -> httpx.Client:
        """The client for `url` once its scheme and host pass the checks: the direct one, which
        checks the address where it connects, or the one through the environment's proxy, after
        checking the address the name resolves to here."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError as malformed:
            raise FetchRefused(f"invalid URL: {malformed}") from malformed
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise FetchRefused(f"unsupported scheme {scheme or '(none)'}")
        if not parts.hostname:
            raise FetchRefused("URL has no host")
        if self._through_proxy is None or not self._proxied(scheme, parts.hostname):
            return self._direct
        if not self.allow_private_networks:
            refuse_private(self._resolver(parts.hostname, port))
        return self._through_proxy

    def _proxied(self, scheme: str, host: str) -> bool:
        """Whether the environment sends requests for `scheme://host` through a proxy."""
        if scheme not in self._proxies and "all" not in self._proxies:
            return False
        return not urllib.request.proxy_bypass_environment(host, self._proxies)

    @contextmanager
    def _host_slot(self, url: str) -> Iterator[float]:
        """Wait for a turn at the host and overall; yields the seconds waited."""
        host = (urlsplit(url).hostname or "").lower()
        with self._host_slots_lock:
            slot = self._host_slots.setdefault(host, threading.BoundedSemaphore(self.per_host_limit))
        asked = time.monotonic()
        with slot, self._slots or nullcontext():  # the host's turn first: never hold a global slot idle
            yield time.monotonic() - asked

    # Responses

    def _result(self, url: str, final_url: str, response: httpx.Response, started: float) -> FetchResult:
        status = response.status_code
        headers = response.headers
        common = {
            "url": url,
            "final_url": redact(final_url),
            "status": status,
            "etag": headers.get("ETag"),
            "last_modified": headers.get("Last-Modified"),
            "content_type": headers.get("Content-Type"),
        }
        if status == 304:
            return FetchResult(content=None, **common)
        if not 200 <= status < 300:
            retry_after = parse_retry_after(headers.get("Retry-After")) if status in (429, 503) else None
            return FetchResult(content=None, error=f"HTTP {status}", retry_after=retry_after, **common)
        declared_length = headers.get("Content-Length", "")
        if not headers.get("Content-Encoding") and declared_length.isdigit() and int(declared_length) > self.max_bytes:
            return FetchResult(content=None, error=self._too_large(), **common)
        try:
            content = self._read_body(response, started)
        except FetchRefused as refused:
            return FetchResult(content=None, error=str(refused), **common)
        return FetchResult(content=content, **common)

    def _read_body(self, response: httpx.Response, started: float) -> bytes:
        decoder = BoundedDecoder(response.headers.get("Content-Encoding", ""))
        body = bytearray()
        for chunk in response.iter_raw():
            for piece in decoder.decode(chunk, self.max_bytes - len(body) + 1):
                body += piece
                if len(body) > self.max_bytes:
                    raise FetchRefused(self._too_large())
            if time.monotonic() - started > self.deadline:
                raise FetchRefused(f"timeout: no complete response within {self.deadline:g} s")
        body += decoder.flush()
        if len(body) > self.max_bytes:
            raise FetchRefused(self._too_large())
        return bytes(body)

    def _too_large(self) -> str:
        if self.max_bytes % MEGABYTE == 0:
            return f"body larger than {self.max_bytes // MEGABYTE} MB"
        return f"body larger than {self.max_bytes} bytes"

    @staticmethod
    def _error(url: str, final_url: str, reason: str) -> FetchResult:
        return FetchResult(url=url, final_url=redact(final_url), status=None, content=None, error=reason)


class BoundedDecoder:
    """gzip/deflate decoding that never produces more than the caller asks for per step."""

    def __init__(self, content_encoding: str) -> None:
        encoding = content_encoding.strip().lower()
        if encoding in ("", "identity"):
            self._inflater = None
        elif encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchRefused(f"unsupported content encoding {encoding}")
        self._raw_deflate_fallback = encoding == "deflate"

    def decode(self, data: bytes, limit: int) -> Iterator[bytes]:
        """Yield decoded pieces of `data`; stops once `limit` bytes were produced (cap reached)."""
        if self._inflater is None:
            yield data
            return
        produced = 0
        pending = data
        while pending and produced < limit:
            piece = self._inflate(pending, limit - produced)
            pending = self._inflater.unconsumed_tail
            produced += len(piece)
            yield piece
            if not piece and not pending:
                break

    def _inflate(self, data: bytes, max_length: int) -> bytes:
        assert self._inflater is not None
        try:
            return self._inflater.decompress(data, max_length)
        except zlib.error as broken:
            if self._raw_deflate_fallback:
                # Some servers send raw DEFLATE without the zlib header under "deflate".
                self._raw_deflate_fallback = False
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflater.decompress(data, max_length)
            raise FetchRefused(f"corrupt compressed body: {broken}") from broken

    def flush(self) -> bytes:
        return self._inflater.flush() if self._inflater is not None else b""


class _CheckedConnections(httpcore.NetworkBackend):
    """httpcore's network backend, except that a TCP connection is opened only to an address of
    the host that passed the check: the name is resolved here, once, and the socket opened to
    the address itself, never to the name (which would be resolved again)."""

    def __init__(self, resolver: Callable[[str, int], list[str]], allow_private_networks: bool) -> None:
        self._resolver = resolver
        self._allow_private_networks = allow_private_networks
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._resolver(host, port)
        if not self._allow_private_networks:
            refuse_private(addresses)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:  # in the resolver's order of preference, as a browser tries them
            try:
                return self._sockets.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure or httpcore.ConnectError(f"{host} has no address")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.NetworkStream:
        raise FetchRefused("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._sockets.sleep(seconds)


class _PoolPerHost(httpx.BaseTransport):
    """httpx's transport with a connection pool of its own for each origin (scheme, host, port),
    of at most `per_host` connections, over `network`.

    Why not httpx's one pool: httpcore walks every connection of a pool, twice a request, in a
    loop quadratic in their number (encode/httpcore#1035), and a cycle over many outlets keeps a
    connection or two open to each: the one pool grew to its 100 connections, and a request cost
    4.4 ms of CPU against 1.2 ms with a pool per host (1,000 pages of 50 hosts, 16 feeds fetched
    at once, bench/cycle.py's stream without latency). A host's pool is closed once nothing has
    used it for httpx's keep-alive expiry or, beyond `MAX_POOLS` open, when it is the least
    recently used with no response open, so a cycle over many hosts does not hold sockets open
    to each until it ends."""

    MAX_POOLS = 50

    def __init__(self, network: httpcore.NetworkBackend, per_host: int) -> None:
        self._network = network
        self._per_host = per_host
        # One SSL context for all the pools: each would otherwise load the CA bundle (20 ms).
        self._ssl_context = httpx.create_ssl_context()
        self._keepalive_expiry = httpx.Limits().keepalive_expiry or 0.0
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], _HostPool] = OrderedDict()
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        origin = (request.url.raw_scheme, request.url.raw_host, request.url.port)
        with self._lock:
            pool = self._pools.pop(origin, None) or _HostPool(self._new_transport())
            self._pools[origin] = pool  # the most recently used last
            pool.open_responses += 1
            pool.used = time.monotonic()
            stale = self._remove_stale(pool.used)
        for idle in stale:
            idle.transport.close()
        try:
            response = pool.transport.handle_request(request)
        except BaseException:
            self._response_closed(pool)
            raise
        assert isinstance(response.stream, httpx.SyncByteStream)
        return httpx.Response(response.status_code, headers=response.headers, extensions=response.extensions,
                              stream=_ClosingStream(response.stream, lambda: self._response_closed(pool)))

    def close(self) -> None:
        with self._lock:
            pools = list(self._pools.values())
            self._pools.clear()
        for pool in pools:
            pool.transport.close()

    def _new_transport(self) -> httpx.HTTPTransport:
        """httpx has no public setting for the network backend (encode/httpx#1319): the
        transport's pool is replaced by one with that backend (httpcore.ConnectionPool's
        documented `network_backend`)."""
        transport = httpx.HTTPTransport(verify=self._ssl_context)
        transport._pool = httpcore.ConnectionPool(
            ssl_context=self._ssl_context,
            max_connections=self._per_host,
            max_keepalive_connections=self._per_host,
            keepalive_expiry=self._keepalive_expiry,
            network_backend=self._network,
        )
        return transport

    def _response_closed(self, pool: _HostPool) -> None:
        with self._lock:
            pool.open_responses -= 1
            pool.used = time.monotonic()

    def _remove_stale(self, now: float) -> list[_HostPool]:
        """Takes out the pools to close, oldest first: with no response open, unused past the
        keep-alive expiry, or beyond MAX_POOLS."""
        stale = []
        for origin, pool in list(self._pools.items()):
            if len(self._pools) <= self.MAX_POOLS and now - pool.used < self._keepalive_expiry:
                break
            if pool.open_responses == 0:
                del self._pools[origin]
                stale.append(pool)
        return stale


@dataclass
class _HostPool:
    transport: httpx.HTTPTransport
    open_responses: int = 0
    used: float = 0.0


class _ClosingStream(httpx.SyncByteStream):
    """A response body that calls `on_close` once, when it is closed."""

    def __init__(self, stream: httpx.SyncByteStream, on_close: Callable[[], None]) -> None:
        self._stream = stream
        self._on_close: Callable[[], None] | None = on_close

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            if self._on_close is not None:
                self._on_close, on_close = None, self._on_close
                on_close()


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the system's order of preference (an IP literal
    resolves to itself); an IPv6 address keeps its zone ("fe80::1%eth0")."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as failure:
        raise FetchRefused(f"DNS lookup failed for {host}: {failure}") from failure
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refuse_private(addresses: list[str]) -> None:
    """Raise FetchRefused naming the first address that is not public."""
    for address in addresses:
        if not is_public_address(address):
            raise FetchRefused(f"refused private address {address.split('%')[0]}")


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def redact(text: str) -> str:
    """Remove user:password@ from any URL in `text`."""
    return USERINFO.sub("", text)
