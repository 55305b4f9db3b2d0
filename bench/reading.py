"""What reading a page costs, stage by stage, on saved news pages (issue "Performance").

For every .html file in the folders given (files named *.expected.html, the reference outputs of
extraction test suites, are left out), in one process and on one core: extraction
(`extract_article`), the near-duplicate signature (`text_signature` + `band_keys`) and tagging
(`tag_events`), the three steps `flows.reading.read_pages` runs in a worker, here page by page.
Each page is read `--rounds` times and the last round is timed (CPU time of this process), so
that imports and first-use caches are not counted. Prints milliseconds per page for each stage,
the ratio (signature + tagging) / extraction, which bench/cycle.py measures on its synthetic
pages, and extraction's milliseconds per KB of HTML (the median over the pages, and over those of
5-80 KB, the sizes bench/cycle.py makes), to compare its pages with real ones. The near-duplicate
lookup is not included here (it needs a database, see bench/near_duplicates.py).

Run: .venv/bin/python bench/reading.py ../shared/realworld/html [FOLDER ...] [--rounds N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench_common import machine

from mediawatch.extractors import similarity
from mediawatch.extractors.article import ExtractionError, extract_article
from mediawatch.extractors.tagger import tag_events
from mediawatch.extractors.watch import Watch, load_watch

STAGES = ("extract", "signature", "tag")


def pages_in(folders: list[Path]) -> list[Path]:
    return sorted(path for folder in folders for path in folder.glob("*.html")
                  if not path.name.endswith(".expected.html"))


def timed_round(pages: list[bytes], watch: Watch) -> tuple[dict[str, float], list[tuple[int, float]]]:
    """CPU seconds per stage over the pages that have text, and the size and extraction seconds
    of each of those."""
    totals = dict.fromkeys(STAGES, 0.0)
    extracted_pages = []
    for html in pages:
        start = time.process_time()
        try:
            article = extract_article(html, url="https://news.example/article")
        except ExtractionError:
            continue
        extracted = time.process_time()
        similarity.band_keys(similarity.text_signature(article.text))
        signed = time.process_time()
        tag_events(article.text, article.published, watch)
        tagged = time.process_time()
        totals["extract"] += extracted - start
        totals["signature"] += signed - extracted
        totals["tag"] += tagged - signed
        extracted_pages.append((len(html), extracted - start))
    return totals, extracted_pages


def ms_per_kb(extracted_pages: list[tuple[int, float]]) -> dict[str, float]:
    """Median extraction milliseconds per KB (1,000 bytes) of HTML over the (size, seconds) given."""
    rates = [seconds * 1000 / (size / 1000) for size, seconds in extracted_pages]
    return {"pages": len(rates), "median": statistics.median(rates) if rates else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--rounds", type=int, default=3, help="reads of every page; the last is timed")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    paths = pages_in(args.folders)
    if not paths:
        sys.exit(f"no .html pages in {', '.join(map(str, args.folders))}")
    pages = [path.read_bytes() for path in paths]
    watch = load_watch()
    for _ in range(args.rounds - 1):
        timed_round(pages, watch)
    totals, extracted_pages = timed_round(pages, watch)
    read = len(extracted_pages)
    per_page = {stage: seconds / read * 1000 for stage, seconds in totals.items()}
    ratio = (totals["signature"] + totals["tag"]) / totals["extract"]
    sizes = [len(page) for page in pages]
    result = {"machine": machine(), "pages": len(pages), "pages_with_text": read,
              "median_kb": statistics.median(sizes) / 1024, "ms_per_page": per_page,
              "signature_plus_tag_over_extract": ratio,
              "extract_ms_per_kb": ms_per_kb(extracted_pages),
              "extract_ms_per_kb_5_80": ms_per_kb([(n, s) for n, s in extracted_pages if 5_000 <= n <= 80_000])}
    print(f"{read} of {len(pages)} pages with text, median {result['median_kb']:.0f} KB of HTML; "
          f"CPU ms per page on one core:")
    for stage in STAGES:
        print(f"  {stage:<10} {per_page[stage]:7.2f}")
    print(f"(signature + tag) / extract = {ratio:.2f}")
    print(f"extract per KB of HTML, median: {result['extract_ms_per_kb']['median']:.3f} ms over all pages, "
          f"{result['extract_ms_per_kb_5_80']['median']:.3f} ms over the "
          f"{result['extract_ms_per_kb_5_80']['pages']} of 5-80 KB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
