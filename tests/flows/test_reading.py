"""Reading pages in worker processes, as a cycle with many new pages does."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from mediawatch.extractors.models import FeedEntry
from mediawatch.extractors.watch import load_watch
from mediawatch.flows.reading import Page, PageReader, read_pages

DEMO_ARTICLES = Path(__file__).resolve().parents[2] / "flows" / "demo" / "articles"
PUBLISHED = datetime(2025, 5, 16, 16, 20, tzinfo=timezone.utc)


def entry(name: str) -> FeedEntry:
    return FeedEntry(url=f"https://wire.example/{name}", title="From the feed", published=PUBLISHED)


def page(name: str, content: bytes | None = None) -> Page:
    content = (DEMO_ARTICLES / f"{name}.html").read_bytes() if content is None else content
    return Page(1, entry(name), content, f"https://wire.example/{name}")


def test_pages_read_in_workers_are_read_as_in_the_flow_process() -> None:
    names = ["m1", "m2", "m3", "m4"]
    here = read_pages([page(name) for name in names], load_watch())
    with PageReader(None, processes=2, pool_min_pages=1) as reader:
        reader.expect(len(names))
        there = reader.submit([page(name) for name in names]).downloads()
    assert [download.entry.url for download in there] == [f"https://wire.example/{name}" for name in names]
    m2 = there[1]
    assert m2.error is None
    assert m2.title == "Russia and Ukraine agree to swap 1,000 prisoners each at first direct talks since 2022"
    assert {(event.type, event.status) for event in m2.events} == {("talks", "held"), ("prisoner_exchange", "agreed")}
    assert [(d.text, d.fingerprint, d.signature, d.band_keys, d.events) for d in there] == [
        (d.text, d.fingerprint, d.signature, d.band_keys, d.events) for d in here]


def test_a_page_without_text_is_an_error_and_the_pages_beside_it_are_read() -> None:
    pages = [page("m1"), page("empty", b"<html><body><nav>Home</nav></body></html>"), page("m2")]
    with PageReader(None, processes=2, pool_min_pages=1) as reader:
        reader.expect(len(pages))
        first, empty, last = reader.submit(pages).downloads()
    assert empty.error == "no article text found in the page" and empty.events == [] and empty.signature is None
    assert first.error is None and first.events and last.error is None and last.events


def test_the_flow_process_starts_without_the_extraction_and_tagging_modules() -> None:
    # They cost a few tenths of a second at every start, before the first feed is fetched; the
    # workers' fork server imports them instead.
    probe = ("import sys, mediawatch.flows.pipeline; "
             "print(sorted(m for m in ('trafilatura', 'numpy', 'datasketch', 'mediawatch.extractors.tagger', "
             "'mediawatch.extractors.article') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
