"""Reading pages in worker processes, as a cycle with many new pages does."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from mediawatch.extractors.models import FeedEntry
from mediawatch.extractors.watch import load_watch
from mediawatch.flows.reading import PageReader, read_page

DEMO_ARTICLES = Path(__file__).resolve().parents[2] / "flows" / "demo" / "articles"
PUBLISHED = datetime(2025, 5, 16, 16, 20, tzinfo=timezone.utc)


def entry(name: str) -> FeedEntry:
    return FeedEntry(url=f"https://wire.example/{name}", title="From the feed", published=PUBLISHED)


def test_a_page_read_in_a_worker_is_read_as_in_the_flow_process() -> None:
    page = (DEMO_ARTICLES / "m2.html").read_bytes()
    here = read_page(1, entry("m2"), page, "https://wire.example/m2", load_watch())
    with PageReader(None, processes=2, pool_min_pages=1) as reader:
        reader.expect(1)
        there = reader.read(1, entry("m2"), page, "https://wire.example/m2")
    assert there.error is None
    assert there.title == "Russia and Ukraine agree to swap 1,000 prisoners each at first direct talks since 2022"
    assert {(event.type, event.status) for event in there.events} == {("talks", "held"), ("prisoner_exchange", "agreed")}
    assert (there.text, there.fingerprint, there.signature, there.band_keys, there.events) == (
        here.text, here.fingerprint, here.signature, here.band_keys, here.events)


def test_a_page_without_text_in_a_worker_is_an_error_not_a_crash() -> None:
    with PageReader(None, processes=2, pool_min_pages=1) as reader:
        reader.expect(2)
        empty = reader.read(1, entry("empty"), b"<html><body><nav>Home</nav></body></html>", None)
        good = reader.read(1, entry("m1"), (DEMO_ARTICLES / "m1.html").read_bytes(), None)
    assert empty.error == "no article text found in the page" and empty.events == []
    assert good.error is None and good.events


def test_the_flow_process_starts_without_the_extraction_and_tagging_modules() -> None:
    # They cost a few tenths of a second at every start, before the first feed is fetched; the
    # workers' fork server imports them instead.
    probe = ("import sys, mediawatch.flows.pipeline; "
             "print(sorted(m for m in ('trafilatura', 'numpy', 'datasketch', 'mediawatch.extractors.tagger', "
             "'mediawatch.extractors.article') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
