"""`mediawatch feeds import FILE.opml`: add the feeds a user follows in a feed reader to the config."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from mediawatch.flows.settings import Settings, load_settings


class OpmlError(ValueError):
    """The file is not an OPML subscription list."""


def opml_feeds(content: bytes) -> list[tuple[str, str]]:
    """(title, xmlUrl) of every feed outline, nested folders included, in document order."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not OPML: the root element is <{root.tag}>")
    feeds = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url.startswith(("http://", "https://")):
            feeds.append(((outline.get("title") or outline.get("text") or url).strip(), url))
    return feeds


def feed_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:40] or "feed"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


def import_opml(opml_path: Path, config_path: Path) -> list[tuple[str, str]]:
    """Append the OPML's feeds that the config lacks; returns the (name, url) pairs added.

    The config is re-validated after the change and restored if that fails, so an import never
    leaves a config that does not load.
    """
    settings: Settings = load_settings(config_path)
    known_urls = {f.url for f in settings.feeds}
    taken = {f.name for f in settings.feeds}
    added = []
    for title, url in opml_feeds(opml_path.read_bytes()):
        if url in known_urls:
            continue
        name = feed_name(title, taken)
        taken.add(name)
        known_urls.add(url)
        added.append((name, url))
    if not added:
        return []
    original = config_path.read_text(encoding="utf-8")
    block = "".join(f"\n[[feeds]]\nname = {json.dumps(n)}\nurl = {json.dumps(u)}\n" for n, u in added)
    config_path.write_text(original.rstrip("\n") + "\n" + block, encoding="utf-8")
    try:
        load_settings(config_path)
    except Exception:
        config_path.write_text(original, encoding="utf-8")
        raise
    return added
