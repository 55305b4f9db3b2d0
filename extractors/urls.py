"""Canonical form of article URLs, so that one article reached through several links is one key.

courlan does the work (`clean_url`: whitespace scrubbing, lowercase scheme and host, default
port removal, path normalization, removal of tracking query parameters, sorted query). Its
tracker list (courlan.clean.TRACKERS_RE) covers utm_*, fbclid, gclid, yclid, mc_cid/mc_eid, _ga,
ref/ref_src, source, campaign, affiliate and session parameters; it errs towards removal, which
suits news article URLs, whose identity is in the path or in an id-like parameter.

Decisions on top of courlan:
- the fragment is dropped (it never selects a different article);
- user info (user:password@) is dropped, so credentials never reach storage or logs;
- http and https stay distinct: they are different resources to a fetcher, and a site serving an
  article on both is handled by text-fingerprint deduplication, not by guessing here;
- "www." and trailing slashes are kept for the same reason.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from courlan import clean_url

__all__ = ["canonical_url"]

DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Return the canonical form of an absolute http(s) URL; raise ValueError if it is not one."""
    cleaned = clean_url(url)
    if cleaned is None:
        raise ValueError(f"not a usable URL: {url!r}")
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"
    default_port = DEFAULT_PORTS[parts.scheme]
    netloc = f"{host}:{parts.port}" if parts.port and parts.port != default_port else host
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
