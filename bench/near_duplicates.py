"""Near-duplicate lookup cost against a large stored corpus (issue: "< 10 ms median per article
with 1,000,000 articles stored, memory not growing with the corpus").

What is measured: for K query texts (half syndicated copies of stored articles with edits, half
new texts), the time of the exact lookup the pipeline does per article in `ingest`:
`similarity.band_keys(signature)` then `flows.cycle.KnownArticles` (`fetch`: the articles at the
URL, the fingerprint query, the band rows under its keys and the signatures of the 50 articles
sharing most bands; `original_of`: `stored_similarities` against those signatures), inside
`Store.ingest_lock()` as in `ingest`. Each lookup is a batch of one: the pipeline fetches for 50
articles at once, so its cost per article is lower than measured here. The signature of the query
text (`text_signature`, done in `read_pages`, not in the lookup) is timed separately. Reported:
median / p95 / p99 per lookup, a per-step breakdown (second pass), recall on copies, false
positives on new texts, and the peak RSS of a fresh measuring process at each corpus size
(10k, 100k, N), so that memory growth with the corpus would show.

The corpus (through the real schema, `Store(url).create_schema()`):
- Texts are 300-800 words in 5-10 paragraphs, drawn from a 20,000-word vocabulary with Zipf
  (s = 1) frequencies plus a few names with house-style variants (Erdogan, Turkey...).
- Article i (0-based, id i + 1) is variant v = i % 50 of base text b = i // 50. Variant 0 of each
  base (2% of the rows, spread evenly through the table) stores the real `text_signature` of its
  text and its real fingerprint: these are the originals the copy queries must find.
- Other variants store a signature derived from their base's real one by a per-variant bijection
  of the 32-bit hash values (h -> a_v * h + c_v mod 2^32, a_v odd). Real MinHash costs ~0.2-0.4 ms
  per text (~5 min for 1M on one core); the derivation costs microseconds. Why it does not flatter:
  a derived signature shares no value with its base or with other variants (Jaccard ~ 0, as for
  two unrelated articles), while two bases' shared values (common phrases) stay shared within each
  variant class, so band-key collisions between distinct articles occur at the rate real texts
  from this generator produce them (the script reports that rate: the number of band rows whose
  key is also used by another article). Unrelated real news texts share a band with probability
  ~32 * J^4 (J ~ 0.01-0.05), so in both cases a new text finds ~0 candidates and a copy finds its
  original: the per-query work (index seeks, rows fetched, signatures verified) is what a real
  corpus gives. Every row stores its base text (realistic row size: the candidate query loads the
  whole article row, text included) and a unique fingerprint.
- Every 10th variant is stored as state "duplicate" (no bands), as syndicated copies are.
- Band rows: 32 per non-duplicate article (~29M at 1M articles), inserted sorted by key per batch.

Queries: a copy is a variant-0 text with a new headline, one paragraph dropped, a credit line and
a "Read also" list added, and names respelled (Turkey -> Türkiye, Erdogan -> Erdoğan); a new text
is generated from a seed no stored article uses. Lookups are run warm (the database file sits in
the OS page cache after the build), in random order, one per transaction.

Run: .venv/bin/python bench/near_duplicates.py [--articles N] [--queries K]
     [--database URL] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
from bench_common import machine
from sqlalchemy import insert, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, func, select

from mediawatch.extractors import similarity
from mediawatch.extractors.article import text_fingerprint
from mediawatch.extractors.models import FeedEntry
from mediawatch.flows.cycle import Download, KnownArticles, _most_shared
from mediawatch.flows.storage import Article, ArticleBand, Store, band_members_query, signatures_query

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_DATABASE = f"sqlite:///{OUT}/near_duplicates-{{n}}.db"
VARIANTS = 50
DUPLICATE_EVERY = 10
VOCABULARY_SIZE = 20_000
BATCH_ARTICLES = 20_000
NAMES = ["Erdogan", "Turkey", "Zelensky", "Kyiv", "Gomel", "Qatar", "Abu Dhabi", "Moscow", "Geneva"]
RESPELLINGS = {"Turkey": "Türkiye", "Erdogan": "Erdoğan", "Zelensky": "Zelenskyy", "Kyiv": "Kiev"}
EPOCH = datetime(2022, 1, 1, tzinfo=timezone.utc)


# Synthetic text ------------------------------------------------------------------------------


def _vocabulary() -> tuple[list[str], list[float]]:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = sorted({"".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(VOCABULARY_SIZE * 2)})
    rng.shuffle(words)
    words = words[:VOCABULARY_SIZE] + NAMES
    weights = [1.0 / rank for rank in range(1, len(words) + 1)]
    return words, list(itertools.accumulate(weights))


WORDS, CUMULATIVE = _vocabulary()


def paragraphs(seed: int) -> list[str]:
    """300-800 words in 5-10 paragraphs of sentences of 8-30 words, deterministic in `seed`."""
    rng = random.Random(seed)
    total = rng.randint(300, 800)
    count = rng.randint(5, 10)
    sizes = [total // count] * count
    result = []
    for size in sizes:
        sentences, left = [], size
        while left > 0:
            length = min(left, rng.randint(8, 30))
            words = rng.choices(WORDS, cum_weights=CUMULATIVE, k=length)
            sentences.append(" ".join(words).capitalize() + ".")
            left -= length
        result.append(" ".join(sentences))
    return result


def base_text(base: int) -> str:
    return "\n\n".join(paragraphs(base))


def new_text(index: int) -> str:
    return "\n\n".join(paragraphs(10**9 + index))


def syndicated_copy(base: int) -> str:
    """Another outlet's copy: new headline, one paragraph dropped, credit and "Read also" added,
    names respelled to its house style."""
    rng = random.Random(-base - 1)
    body = paragraphs(base)
    del body[rng.randrange(1, len(body))]
    headline = " ".join(rng.choices(WORDS, cum_weights=CUMULATIVE, k=9)).title()
    read_also = "Read also: " + "; ".join(" ".join(rng.choices(WORDS, k=6)) for _ in range(3))
    copy = "\n\n".join([headline, *body, "Reporting by Agency staff; editing by Desk", read_also])
    for plain, house in RESPELLINGS.items():
        copy = copy.replace(plain, house)
    return copy


# Corpus --------------------------------------------------------------------------------------


@dataclass
class Base:
    text: str
    fingerprint: str
    hashvalues: np.ndarray  # uint32[NUM_PERM]


def make_base(base: int) -> Base:
    body = base_text(base)
    signature = similarity.text_signature(body)
    return Base(body, text_fingerprint(body), np.asarray(signature.hashvalues, dtype=np.uint32))


def _variant_coefficients() -> np.ndarray:
    rng = np.random.default_rng(VARIANTS)
    coefficients = rng.integers(0, 2**31, size=(VARIANTS, 2), dtype=np.uint64)
    coefficients[:, 0] = coefficients[:, 0] * 2 + 1
    coefficients[0] = (1, 0)
    return coefficients


VARIANT_COEFFICIENTS = _variant_coefficients()


def variant_hashvalues(values: np.ndarray, variant: int) -> np.ndarray:
    """A bijection of the 32-bit values per variant (identity for variant 0)."""
    a, c = VARIANT_COEFFICIENTS[variant]
    return ((values.astype(np.uint64) * a + c) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def article_rows(start: int, stop: int, bases: dict[int, Base]) -> tuple[list[dict], np.ndarray]:
    """Rows of articles start..stop-1 (0-based) and their band rows as an int64 array (key, id)."""
    articles, bands = [], []
    signature = similarity.empty_signature()  # one MinHash object, refilled per article
    for index in range(start, stop):
        base_index, variant = divmod(index, VARIANTS)
        base = bases[base_index]
        signature.hashvalues = variant_hashvalues(base.hashvalues, variant)
        duplicate = is_duplicate(index)
        article_id = index + 1
        articles.append({
            "id": article_id,
            "feed_id": None,
            "url": f"https://bench{index % 97}.example/news/{index}?utm_source=rss",
            "canonical_url": f"https://bench{index % 97}.example/news/{index}",
            "title": f"Synthetic article {index}",
            "published": EPOCH + timedelta(minutes=index),
            "text": base.text,
            "fingerprint": base.fingerprint if variant == 0 else hashlib.sha256(f"{index}".encode()).hexdigest(),
            "state": "duplicate" if duplicate else "ok",
            "error": None,
            "attempts": 1,
            "fetched_at": EPOCH + timedelta(minutes=index),
            "duplicate_of": base_index * VARIANTS + 1 if duplicate else None,
            "signature": similarity.signature_bytes(signature),
        })
        if not duplicate:
            bands.extend((key, article_id) for key in set(similarity.band_keys(signature)))
    return articles, np.array(bands, dtype=np.int64).reshape(-1, 2)


def is_duplicate(index: int) -> bool:
    return index % VARIANTS % DUPLICATE_EVERY == DUPLICATE_EVERY - 1


def stored_count(store: Store) -> int:
    with store.session() as session:
        return session.exec(select(func.max(col(Article.id)))).one() or 0


def has_bands(store: Store, index: int) -> bool:
    """Whether article `index` (not a duplicate) has its band rows (one index seek)."""
    article_id = index + 1
    values = variant_hashvalues(make_base(index // VARIANTS).hashvalues, index % VARIANTS)
    key = similarity.band_keys(similarity.signature_from_bytes(values.astype("<u4").tobytes()))[0]
    with store.session() as session:
        return session.exec(select(ArticleBand.article_id).where(
            ArticleBand.band_key == key, ArticleBand.article_id == article_id)).first() is not None


def banded_prefix(store: Store, present: int) -> int:
    """How many leading articles have their bands (a build stopped between its two phases
    leaves articles without bands at the end): binary search on `has_bands`."""
    low, high = 0, present
    while low < high:
        middle = (low + high + 1) // 2
        index = middle - 1 if not is_duplicate(middle - 1) else middle - 2
        if index < 0 or has_bands(store, index):
            low = middle
        else:
            high = middle - 1
    return low


def build(store: Store, target: int, log: bool = True) -> dict:
    """Extend the corpus to `target` articles; returns build timings.

    Articles go in first, in id order, 20,000 per transaction. Their band rows are then inserted
    sorted by key in one transaction, so that the (band_key, article_id) index is appended to in
    order: inserting them per batch makes every insert a random B-tree update, and the build
    slowed from 4,000 to under 1,000 articles/s past 300,000 articles.
    """
    store.create_schema()
    present = stored_count(store)
    banded = banded_prefix(store, present)
    started = time.perf_counter()
    bases: dict[int, Base] = {}
    band_batches = []
    for start in range(banded, target, BATCH_ARTICLES):
        stop = min(start + BATCH_ARTICLES, target)
        for base_index in range(start // VARIANTS, (stop - 1) // VARIANTS + 1):
            bases.setdefault(base_index, make_base(base_index))
        articles, bands = article_rows(start, stop, bases)
        band_batches.append(bands)
        new = [row for row in articles if row["id"] > present]
        if new:
            with store.engine.begin() as connection:
                connection.execute(insert(Article.__table__), new)
        bases = {b: bases[b] for b in bases if b >= (stop - 1) // VARIANTS}
        if log:
            rate = (stop - banded) / (time.perf_counter() - started)
            print(f"  articles {stop:,}/{target:,} ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    articles_seconds = time.perf_counter() - started
    if band_batches:
        insert_bands(store, np.concatenate(band_batches))
    if not store.is_sqlite and target > present:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE article; ANALYZE article_band")
    return {"articles_before": present, "articles_added": max(0, target - present),
            "build_seconds": round(time.perf_counter() - started, 1),
            "articles_phase_seconds": round(articles_seconds, 1)}


def insert_bands(store: Store, bands: np.ndarray, chunk: int = 1_000_000) -> None:
    """All band rows sorted by (key, id), in one transaction, by plain DBAPI executemany
    (SQLAlchemy's per-row dicts cost twice the time at 32 rows per article)."""
    bands = bands[np.lexsort((bands[:, 1], bands[:, 0]))]
    with store.engine.begin() as connection:
        if store.is_sqlite:
            connection.exec_driver_sql("PRAGMA cache_size=-1000000")
        marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        statement = f"INSERT INTO article_band (band_key, article_id) VALUES ({marker}, {marker})"
        for start in range(0, len(bands), chunk):
            connection.exec_driver_sql(statement, [tuple(row) for row in bands[start:start + chunk].tolist()])
            print(f"  band rows {min(start + chunk, len(bands)):,}/{len(bands):,}", file=sys.stderr, flush=True)


def band_sharing(store: Store) -> dict:
    """How many band rows share their key with another article (collisions between texts)."""
    with store.session() as session:
        rows = session.exec(select(func.count()).select_from(ArticleBand)).one()
        shared = session.exec(text(
            "SELECT COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM article_band "
            "GROUP BY band_key HAVING COUNT(*) > 1) AS s")).one()[0]
    return {"band_rows": rows, "band_rows_with_shared_key": int(shared)}


# Measurement ---------------------------------------------------------------------------------


@dataclass
class Query:
    kind: str  # copy | new
    text: str
    original_id: int | None


@dataclass
class Measurement:
    articles: int
    queries: int
    lookup_ms: dict[str, float]
    lookup_cpu_ms: dict[str, float]
    breakdown_median_ms: dict[str, float]
    signature_median_ms: float
    candidates_mean: float
    candidates_max: int
    recall_on_copies: float
    false_positives_on_new: int
    rss_before_mb: float
    peak_rss_mb: float
    load_average: tuple[float, float, float]
    query_plans: dict[str, list[str]] = field(default_factory=dict)


def make_queries(articles: int, count: int) -> list[Query]:
    rng = random.Random(articles)
    bases = (articles - 1) // VARIANTS + 1
    copies = [Query("copy", syndicated_copy(b), b * VARIANTS + 1)
              for b in (rng.randrange(bases) for _ in range(count // 2))]
    fresh = [Query("new", new_text(i), None) for i in range(count - count // 2)]
    queries = copies + fresh
    rng.shuffle(queries)
    return queries


def as_download(query: Query) -> tuple[Download, float]:
    """The Download `ingest` receives for this text, and the time its signature took."""
    t0 = time.perf_counter()
    signature = similarity.text_signature(query.text)
    elapsed = time.perf_counter() - t0
    download = Download(feed_id=None, entry=FeedEntry(url="https://q.example/", title=""),
                        canonical_url="https://q.example/", text=query.text,
                        fingerprint=text_fingerprint(query.text),
                        signature=similarity.signature_bytes(signature))
    return download, elapsed


def timed_lookup(store: Store, download: Download) -> tuple[float, float, int | None]:
    """The pipeline's lookup: band keys from the signature, then `KnownArticles`.
    Returns (wall seconds, CPU seconds of this thread, the id of the original found)."""
    with store.ingest_lock() as session:
        t0, c0 = time.perf_counter(), time.thread_time()
        download.band_keys = similarity.band_keys(similarity.signature_from_bytes(download.signature))
        original = KnownArticles.fetch(store, session, [download]).original_of(download)
        return time.perf_counter() - t0, time.thread_time() - c0, original


def timed_steps(store: Store, download: Download) -> tuple[dict[str, float], int]:
    """The same lookup split in steps (fingerprint, candidates, verify), for the breakdown."""
    with store.ingest_lock() as session:
        t0 = time.perf_counter()
        store.originals_by_fingerprint(session, [download.fingerprint])
        t1 = time.perf_counter()
        members = store.band_members(session, download.band_keys)
        candidates = store.signatures(session, _most_shared(download.band_keys, members))
        t2 = time.perf_counter()
        similarity.stored_similarities(download.signature, list(candidates.values()))
        t3 = time.perf_counter()
    return {"fingerprint": t1 - t0, "candidates": t2 - t1, "verify": t3 - t2}, len(candidates)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    ms = [t * 1000 for t in seconds]
    return {"median": statistics.median(ms), "p95": percentile(ms, 0.95), "p99": percentile(ms, 0.99), "max": max(ms)}


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rss_mb(field_name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field_name)


def query_plans(store: Store, band_keys: list[int]) -> dict[str, list[str]]:
    dialect = sqlite.dialect() if store.is_sqlite else postgresql.dialect()
    statements = {
        "bands": band_members_query(band_keys),
        "articles": signatures_query([1, 2, 3]),
        "fingerprint": select(Article.fingerprint, Article.id).where(
            col(Article.fingerprint).in_(["0" * 64]), Article.state == "ok").order_by(col(Article.id)),
    }
    prefix = "EXPLAIN QUERY PLAN " if store.is_sqlite else "EXPLAIN "
    plans = {}
    with store.session() as session:
        for name, statement in statements.items():
            sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            plans[name] = [" ".join(str(c) for c in row) for row in session.exec(text(prefix + sql)).all()]
    return plans


def measure(url: str, articles: int, count: int) -> Measurement:
    queries = make_queries(articles, count)
    store = Store(url)
    rss_before = rss_mb("VmRSS")
    downloads, signature_times = zip(*(as_download(q) for q in queries), strict=True)
    lookups, cpu, found = [], [], []
    load_before = os.getloadavg()
    for download in downloads:
        elapsed, cpu_seconds, original = timed_lookup(store, download)
        lookups.append(elapsed)
        cpu.append(cpu_seconds)
        found.append(original)
    steps, candidate_counts = zip(*(timed_steps(store, d) for d in downloads), strict=True)
    copies = [(q, f) for q, f in zip(queries, found, strict=True) if q.kind == "copy"]
    return Measurement(
        articles=articles, queries=count,
        lookup_ms=summary_ms(lookups), lookup_cpu_ms=summary_ms(cpu),
        breakdown_median_ms={k: statistics.median(s[k] for s in steps) * 1000 for k in steps[0]},
        signature_median_ms=statistics.median(signature_times) * 1000,
        candidates_mean=statistics.mean(candidate_counts), candidates_max=max(candidate_counts),
        recall_on_copies=sum(f == q.original_id for q, f in copies) / max(1, len(copies)),
        false_positives_on_new=sum(f is not None for q, f in zip(queries, found, strict=True) if q.kind == "new"),
        rss_before_mb=rss_before, peak_rss_mb=rss_mb("VmHWM"),
        load_average=tuple(max(a, b) for a, b in zip(load_before, os.getloadavg(), strict=True)),
        query_plans=query_plans(store, downloads[0].band_keys),
    )


def measure_in_child(url: str, articles: int, count: int) -> Measurement:
    """Measure in a fresh process, so its peak RSS is the lookup's, not the build's."""
    output = subprocess.run(
        [sys.executable, __file__, "--measure-only", "--database", url, "--articles", str(articles),
         "--queries", str(count)], check=True, capture_output=True, text=True).stdout
    return Measurement(**json.loads(output))


# Report --------------------------------------------------------------------------------------


def sizes_for(articles: int) -> list[int]:
    return sorted({n for n in (10_000, 100_000) if n < articles} | {articles})


def checkpoints(template: str, articles: int) -> Iterator[tuple[int, str]]:
    for n in sizes_for(articles):
        yield n, template.format(n=n)


def print_table(results: list[dict]) -> None:
    header = (f"{'articles':>10} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
              f"{'cpu med':>8} {'cpu p99':>8} "
              f"{'fp ms':>6} {'cand ms':>8} {'verify':>7} {'cands':>6} {'recall':>7} {'FP':>4} "
              f"{'RSS0 MB':>8} {'peak MB':>8} {'db MB':>8}")
    print(header)
    for r in results:
        m, b = r["lookup_ms"], r["breakdown_median_ms"]
        c = r["lookup_cpu_ms"]
        print(f"{r['articles']:>10,} {m['median']:>10.3f} {m['p95']:>8.3f} {m['p99']:>8.3f} {m['max']:>8.2f} "
              f"{c['median']:>8.3f} {c['p99']:>8.3f} "
              f"{b['fingerprint']:>6.3f} {b['candidates']:>8.3f} {b['verify']:>7.3f} {r['candidates_mean']:>6.2f} "
              f"{r['recall_on_copies']:>7.3f} {r['false_positives_on_new']:>4} "
              f"{r['rss_before_mb']:>8.1f} {r['peak_rss_mb']:>8.1f} {r.get('database_mb') or 0:>8.0f}")
    last = results[-1]
    print("load average during each measurement (1, 5, 15 min): "
          + ", ".join(f"{r['articles']:,}: {r['load_average'][0]:.1f}" for r in results))
    print(f"query signature (text_signature, not part of the lookup): median {last['signature_median_ms']:.2f} ms")
    for name, plan in last["query_plans"].items():
        print(f"plan {name}: " + " | ".join(plan))


def database_mb(url: str) -> float | None:
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--database", default=DEFAULT_DATABASE,
                        help="SQLAlchemy URL; '{n}' is replaced by the corpus size (one database per size), "
                             "else one database is extended through 10k, 100k, N")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        print(json.dumps(asdict(measure(args.database, args.articles, args.queries))))
        return
    results = []
    for n, url in checkpoints(args.database, args.articles):
        store = Store(url)
        store.create_schema()
        if stored_count(store) > n:
            print(f"skipping {n:,}: {url} already holds more articles", file=sys.stderr)
            continue
        print(f"corpus of {n:,} articles at {url}", file=sys.stderr, flush=True)
        built = build(store, n)
        store.engine.dispose()
        result = asdict(measure_in_child(url, n, args.queries)) | built | band_sharing(store)
        result["database_mb"] = database_mb(url)
        results.append(result)
    print_table(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
