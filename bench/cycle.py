"""Cost of one monitoring cycle against a synthetic news stream (issue "Performance").

The stream: N feeds x M articles (RSS 2.0 feeds; news pages of 5-80 KB of HTML with the markup
of a present-day news site (bench/news_page.py) around 300-1,000 words of text, some sentences
reporting talks or prisoner exchanges so that the tagger has work; every 10th article of feeds
other than the first is a syndicated copy of the first feed's article, so that dedup has work).
Each feed is its own outlet on its own loopback address (127.0.0.k), all served by one process
with `latency` seconds added to every response, ETag and 304 supported.

Measured, in this process tree, on the same pages:
(a) naive: one sequential loop of httpx GET + feedparser + trafilatura.extract;
(b) CPU floor: trafilatura.extract alone over the pages in memory, divided by the usable cores;
(c) cold `mediawatch run --config FILE` (subprocess, timed whole) into an empty SQLite database;
(d) idle `mediawatch run` right after: nothing new, so no page may be downloaded;
stages: the functions the flow calls (Fetcher.fetch on 8 threads, entries interleaved across
hosts; parse_feed + new_entries; `read_pages` in batches of READ_BATCH, as a worker reads them:
extract_article, fingerprint + MinHash + band keys, tag_events; the near-duplicate lookup
(`KnownArticles`); ingest without that lookup; deliver_pending) run in-process on one thread with
wall and CPU timers, on the same stream and a fresh database, since the flow reports no stage
times; Prefect and start-up overhead = a trivial Prefect flow in a fresh process (interpreter,
imports and, without PREFECT_API_URL, the ephemeral API server's start-up), with the bare import
of the flow module next to it;
plus `mediawatch tag PAGE` on one saved page (subprocess, start-up included).
Network floor = number of requests x latency / fetch concurrency.

With --prefect-server, a Prefect server is started first (its own PREFECT_HOME in a temporary
folder, a free loopback port) and every child gets PREFECT_API_URL, as on a deployed machine (the
issue's idle target assumes one); the CPU seconds that server spends during (c) are reported,
since on a small machine they are taken from the cycle. --cycle-only runs only (c) and (d) (for
memory at 10,000 articles, where the naive loop alone would take 20 minutes).

Run: .venv/bin/python bench/cycle.py [--feeds N] [--articles M] [--latency S] [--prefect-server]
     [--cycle-only] [--json FILE]
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import inspect
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import feedparser
import httpx
import trafilatura
from bench_common import machine
from news_page import page_html

from mediawatch.extractors import similarity
from mediawatch.extractors.feeds import parse_feed
from mediawatch.extractors.watch import load_watch
from mediawatch.flows import cycle, reading
from mediawatch.flows.alerts import deliver_pending
from mediawatch.flows.reading import Page
from mediawatch.flows.settings import load_settings
from mediawatch.flows.storage import Store, utcnow
from mediawatch.flows.stream_server import BackgroundHTTPServer, QuietRequestHandler

VENV_BIN = Path(sys.executable).parent
OUT = Path(__file__).resolve().parent / "out"
NOW = datetime.now(timezone.utc).replace(microsecond=0)

# Synthetic pages -----------------------------------------------------------------------------

PARTIES = ["Russia", "Ukraine", "Israel", "Hamas", "Armenia", "Azerbaijan", "Sudan", "Ethiopia"]
MEDIATORS = ["Türkiye", "Qatar", "the United Arab Emirates", "Saudi Arabia", "Egypt", "the Vatican"]
PLACES = ["Istanbul", "Doha", "Abu Dhabi", "Jeddah", "Geneva", "Cairo", "Riyadh"]
EVENT_SENTENCES = [
    "{a} and {b} exchanged {n} prisoners of war on {day} in a deal mediated by {m}, officials said.",
    "Delegations from {a} and {b} will hold talks in {p} next week, {m} said on {day}.",
    "{m} said {a} and {b} had agreed to a new round of negotiations in {p}.",
    "A prisoner swap between {a} and {b} brokered by {m} is expected in the coming days.",
]
FILLER_SUBJECTS = ["The ministry", "A spokesman", "Analysts", "The central bank", "Local officials",
                   "The opposition", "Residents", "The company", "Diplomats", "Aid agencies", "Investors"]
FILLER_VERBS = ["said", "warned", "reported", "estimated", "denied", "confirmed", "noted", "argued"]
FILLER_OBJECTS = [
    "that prices had risen by {n} percent over the year", "that the harvest would be delayed again",
    "that {n} people had been evacuated from the coast", "that the budget gap would widen next year",
    "that the power grid remained under strain across the region", "that talks on the port were stalled",
    "that the border crossing near {p} would reopen on Monday", "that the inquiry would report by summer",
    "that {n} schools were closed after the floods", "that exports fell for a third month in a row",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def sentence(rng: random.Random, event: bool) -> str:
    values = {"a": "", "b": "", "m": rng.choice(MEDIATORS), "p": rng.choice(PLACES),
              "n": rng.randint(2, 1200), "day": rng.choice(DAYS)}
    values["a"], values["b"] = rng.sample(PARTIES, 2)
    if event:
        return rng.choice(EVENT_SENTENCES).format(**values)
    text = f"{rng.choice(FILLER_SUBJECTS)} {rng.choice(FILLER_VERBS)} {rng.choice(FILLER_OBJECTS)}."
    return text.format(**values)


def article_paragraphs(seed: int) -> list[str]:
    """300-1,000 words; about one article in three reports a mediation event."""
    rng = random.Random(seed)
    target, words, result = rng.randint(300, 1000), 0, []
    reports_event = rng.random() < 1 / 3
    while words < target:
        sentences = [sentence(rng, event=reports_event and not result and i == 0) for i in range(rng.randint(3, 6))]
        result.append(" ".join(sentences))
        words += sum(len(s.split()) for s in sentences)
    return result


@dataclass(frozen=True)
class Resource:
    body: bytes
    content_type: str
    etag: str


def feed_xml(host: str, title: str, items: list[tuple[str, str, datetime]]) -> bytes:
    entries = "".join(f"<item><title>{escape(t)}</title><link>http://{host}{p}</link>"
                      f"<guid>http://{host}{p}</guid><pubDate>{format_datetime(d, usegmt=True)}</pubDate></item>"
                      for t, p, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://{host}/</link><description>news</description>{entries}</channel></rss>").encode("utf-8")


def build_stream(feeds: int, articles: int, port: int) -> tuple[dict[tuple[str, str], Resource], list[str]]:
    """Every resource by (host, path), and the feed URLs."""
    resources: dict[tuple[str, str], Resource] = {}
    feed_urls = []
    for f in range(feeds):
        host = f"127.0.0.{f + 1}"
        items = []
        for a in range(articles):
            source = (0 if f > 0 and a % 10 == 0 else f) * articles + a
            body = article_paragraphs(source)
            if source != f * articles + a:
                body = body + ["This story was distributed by a news agency and edited by our desk."]
            title = f"Report {f}-{a}: {body[0].split(',')[0][:60]}"
            path = f"/news/{f}/{a}.html"
            published = NOW - timedelta(minutes=5 * (f * articles + a))
            page = page_html(f"{host}:{port}", path, title, published, body, seed=f * articles + a)
            resources[(host, path)] = resource(page, "text/html; charset=utf-8")
            items.append((title, path, published))
        rss = feed_xml(f"{host}:{port}", f"Outlet {f}", items)
        resources[(host, "/rss.xml")] = resource(rss, "application/rss+xml; charset=utf-8")
        feed_urls.append(f"http://{host}:{port}/rss.xml")
    return resources, feed_urls


def resource(body: bytes, content_type: str) -> Resource:
    return Resource(body, content_type, '"' + hashlib.sha1(body).hexdigest() + '"')


# Server --------------------------------------------------------------------------------------


class StreamHandler(QuietRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        owner: LatencyServer = self.server.owner
        time.sleep(owner.latency)
        found = owner.resources.get((self.server.server_address[0], self.path))
        if found is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == found.etag:
            owner.counts["304"] += 1
            self.send_response(304)
            self.send_header("ETag", found.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        owner.counts["pages" if found.content_type.startswith("text/html") else "feeds"] += 1
        self.send_response(200)
        self.send_header("Content-Type", found.content_type)
        self.send_header("ETag", found.etag)
        self.send_header("Content-Length", str(len(found.body)))
        self.end_headers()
        self.wfile.write(found.body)


class LatencyServer(BackgroundHTTPServer):
    def __init__(self, host: str, port: int, resources: dict, latency: float, counts: Counter) -> None:
        self.resources, self.latency, self.counts = resources, latency, counts
        super().__init__((host, port), StreamHandler, name=f"stream {host}")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Measurements ------------------------------------------------------------------------------


def naive(feed_urls: list[str]) -> float:
    """(a) the reference loop: sequential GET + feedparser + trafilatura.extract."""
    started = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        for url in feed_urls:
            parsed = feedparser.parse(client.get(url).content)
            for entry in parsed.entries:
                trafilatura.extract(client.get(entry.link).text)
    return time.perf_counter() - started


def cpu_floor(pages: list[bytes]) -> tuple[float, float, int]:
    """(b) trafilatura.extract over the pages in memory: (seconds on one core, per usable core, cores)."""
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.decode("utf-8"))
    elapsed = time.perf_counter() - started
    cores = len(os.sched_getaffinity(0))
    return elapsed, elapsed / cores, cores


def run_child(args: list[str], env: dict[str, str], poll_every: float = 0.5) -> tuple[float, dict[str, float], str]:
    """(wall seconds, peak memory and CPU seconds of the child's process tree
    (ProcessTreeUsage.report), stdout).

    Polled while the child runs, every `poll_every` seconds (a child that lives less than a
    second needs a shorter period to be seen at its peak): wait4's ru_maxrss would report this
    benchmark's own RSS, which the child inherits at fork, and only for the largest process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    usage = ProcessTreeUsage(process.pid, poll_every)
    output = process.stdout.read()
    process.wait()
    elapsed = time.perf_counter() - started
    usage.stop()
    if process.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{output[-3000:]}")
    return elapsed, usage.report(), output


class ProcessTreeUsage:
    """Polls a process and its descendants (the worker processes and their fork server) in a thread.

    total_mb: the largest sum, at one poll, of the processes' PSS (proportional set size: a page
    that forked processes share is counted once over all of them, not once in each), i.e. the
    memory the whole run held at its peak; largest_mb: the highest VmHWM of any one process; and
    each process's CPU seconds as last seen. Polling takes CPU from the cores the run uses (a
    /proc scan and each process's page tables): every 0.1 s it cost ~0.09 CPU s per second,
    every 0.5 s about a fifth of that."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.pid, self.every = pid, every
        self.total_mb = self.largest_mb = 0.0
        self._cpu: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._done.wait(self.every):
            total = 0.0
            for pid, cpu_seconds in self._tree().items():
                total += self._field(f"/proc/{pid}/smaps_rollup", "Pss:")
                self.largest_mb = max(self.largest_mb, self._field(f"/proc/{pid}/status", "VmHWM:"))
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), cpu_seconds)
            self.total_mb = max(self.total_mb, total)

    @staticmethod
    def _field(path: str, name: str) -> float:
        """A "Name:   123 kB" line of a /proc file, in MB (0 once the process is gone)."""
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(name):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def _tree(self) -> dict[int, float]:
        """The CPU seconds (user + system) of the process and of each of its descendants, from
        one read of every process's /proc/PID/stat."""
        parents: dict[int, int] = {}
        cpu: dict[int, float] = {}
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    pid = int(entry.name)
                    parents[pid], cpu[pid] = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
                except (OSError, IndexError, ValueError):
                    continue
        tree, grew = {self.pid}, True
        while grew:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= found
            grew = bool(found)
        return {pid: cpu[pid] for pid in tree if pid in cpu}

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def report(self) -> dict[str, float]:
        """Peak memory, and the CPU seconds of the main process and of the others (as last polled)."""
        others = sum(seconds for pid, seconds in self._cpu.items() if pid != self.pid)
        return {"total_mb": self.total_mb, "largest_process_mb": self.largest_mb,
                "main_cpu_seconds": self._cpu.get(self.pid, 0.0), "other_cpu_seconds": others}


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MEDIAWATCH_DATABASE_URL", "MEDIAWATCH_ALERT_URLS",
                                                            "MEDIAWATCH_CONFIG")}
    env.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    return env


class PrefectServer:
    """`prefect server start` in the background on a free port, with its own home folder."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        env = {**child_env(), "PREFECT_HOME": str(folder), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               "PREFECT_UI_ENABLED": "false"}
        env.pop("PREFECT_API_URL", None)
        self.log = (folder / "server.log").open("w")
        self.process = subprocess.Popen([str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                                         "--port", str(self.port)], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the Prefect server did not start; see {folder / 'server.log'}")

    def cpu_seconds(self) -> float:
        """CPU time of the server process and the children it has reaped."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def write_config(folder: Path, name: str, feed_urls: list[str], concurrency: int) -> Path:
    feeds = "".join(f'[[feeds]]\nname = "outlet{i}"\nurl = "{url}"\n\n' for i, url in enumerate(feed_urls))
    path = folder / f"{name}.toml"
    path.write_text(
        f'name = "bench"\ndatabase_url = "sqlite:///{folder}/{name}.db"\nallow_private_networks = true\n'
        f"max_entry_age_days = 0\n\n{feeds}[alerts]\nurls = []\n\n[fetch]\nconcurrency = {concurrency}\n")
    return path


def trivial_flow_seconds(env: dict[str, str]) -> float:
    code = "from prefect import flow\n@flow\ndef nothing():\n    return 1\nnothing()\n"
    return run_child([sys.executable, "-c", code], env)[0]


def import_seconds(env: dict[str, str]) -> float:
    """A fresh interpreter importing the flow module (Prefect included), without running anything."""
    return run_child([sys.executable, "-c", "import mediawatch.flows.pipeline"], env)[0]


class Clock:
    """Wall and CPU (this thread) seconds per stage."""

    def __init__(self) -> None:
        self.wall: Counter = Counter()
        self.cpu: Counter = Counter()

    def add(self, stage: str, wall: float, cpu: float) -> None:
        self.wall[stage] += wall
        self.cpu[stage] += cpu

    def now(self) -> tuple[float, float]:
        return time.perf_counter(), time.thread_time()

    def since(self, stage: str, start: tuple[float, float]) -> tuple[float, float]:
        end = self.now()
        self.add(stage, end[0] - start[0], end[1] - start[1])
        return end


def round_robin(entries: list[tuple[int | None, Any]]) -> list[tuple[int | None, Any]]:
    """Entries interleaved across feeds (hosts), so that the fetch threads are not all held by
    one host's per-host limit (the flow gets the same effect from one task per feed)."""
    by_feed: dict[int | None, list] = {}
    for pair in entries:
        by_feed.setdefault(pair[0], []).append(pair)
    columns = itertools.zip_longest(*by_feed.values())
    return [pair for column in columns for pair in column if pair is not None]


def stages(config: Path) -> dict[str, dict[str, float]]:
    """The cycle's steps in-process with timers, on a fresh database (see the module docstring)."""
    settings = load_settings(config)
    store = Store(settings.database_url)
    watch = load_watch(settings.watch)
    similarity.text_signature("first use imports datasketch")  # a worker has it preloaded
    clock = Clock()
    store.create_schema()
    feeds = store.sync_feeds((f.name, f.url) for f in settings.feeds)
    now = utcnow()
    with cycle.open_fetcher(settings) as fetcher, ThreadPoolExecutor(settings.fetch.concurrency) as pool:
        start = clock.now()
        feed_results = list(pool.map(lambda f: fetcher.fetch(f.url), feeds))
        clock.since("fetch", start)
        entries = []
        for feed, result in zip(feeds, feed_results, strict=True):
            start = clock.now()
            parsed = parse_feed(result.content, result.final_url)
            entries += [(feed.id, e) for e in cycle.new_entries(parsed.entries, store, 0, now)]
            clock.since("parse", start)
        entries = round_robin(entries)
        start = clock.now()
        pages = list(pool.map(lambda pair: fetcher.fetch(pair[1].url), entries))
        clock.since("fetch", start)
    fetched = [Page(feed_id, entry, page.content, page.final_url)
               for (feed_id, entry), page in zip(entries, pages, strict=True)]
    steps = [Timed(reading, "_extract", clock, "extract"), Timed(reading, "_sign", clock, "dedup signature"),
             Timed(reading, "_tag", clock, "tag")]
    downloads = [download for start in range(0, len(fetched), reading.READ_BATCH)
                 for download in reading.read_pages(fetched[start : start + reading.READ_BATCH], watch)]
    for step in steps:
        step.restore()
    lookups = [Timed(cycle.KnownArticles, "fetch", clock, "dedup lookup"),
               Timed(cycle.KnownArticles, "original_of", clock, "dedup lookup")]
    start = clock.now()
    report = cycle.ingest(store, downloads, list(settings.alerts.types))
    store.save_feeds(feeds)
    clock.since("store", start)
    for lookup in lookups:
        lookup.restore()
    clock.add("store", -clock.wall["dedup lookup"], -clock.cpu["dedup lookup"])
    start = clock.now()
    deliver_pending(store, settings.alerts.resolved_urls(), {}, settings.alerts.max_attempts)
    clock.since("alert", start)
    return {"wall": dict(clock.wall), "cpu": dict(clock.cpu),
            "new_articles": report.new_articles, "duplicates": report.duplicates}


class Timed:
    """Wrap module.name (or class.name) so that its calls add to a Clock stage; `restore` puts
    the original back."""

    def __init__(self, module: Any, name: str, clock: Clock, stage: str) -> None:
        self.module, self.name, self.raw = module, name, inspect.getattr_static(module, name)
        self.original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = clock.now()
            try:
                return self.original(*args, **kwargs)
            finally:
                clock.since(stage, start)

        setattr(module, name, wrapper)

    def restore(self) -> None:
        setattr(self.module, self.name, self.raw)


def peak_self_mb() -> float:
    import resource as rusage

    return rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss / 1024


# Main ----------------------------------------------------------------------------------------


def compile_project() -> None:
    """Byte-compile mediawatch's own modules, as `pip install` does on a server. A development
    venv installs the project editable, and where PYTHONDONTWRITEBYTECODE is set (as on our build
    machines) every run would compile the project's sources again: 0.15-0.25 s of CPU in each
    `mediawatch tag`, more in each cycle."""
    root = Path(__file__).resolve().parent.parent
    for package in ("extractors", "flows", "config"):
        compileall.compile_dir(root / package, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--articles", type=int, default=20, help="articles per feed")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every response")
    parser.add_argument("--concurrency", type=int, default=8, help="the config's fetch.concurrency")
    parser.add_argument("--prefect-server", action="store_true", help="start a Prefect server for the runs")
    parser.add_argument("--cycle-only", action="store_true", help="only the cold and idle runs")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()

    compile_project()
    port = free_port()
    resources, feed_urls = build_stream(args.feeds, args.articles, port)
    pages = [r.body for r in resources.values() if r.content_type.startswith("text/html")]
    counts: Counter = Counter()
    servers = [LatencyServer(f"127.0.0.{f + 1}", port, resources, args.latency, counts).start()
               for f in range(args.feeds)]
    env = child_env()
    result: dict[str, Any] = {
        "machine": machine(), "feeds": args.feeds, "articles_per_feed": args.articles, "latency": args.latency,
        "pages": len(pages), "pages_bytes": sum(map(len, pages)),
        "page_kb": {"min": min(map(len, pages)) / 1024, "max": max(map(len, pages)) / 1024,
                    "mean": sum(map(len, pages)) / len(pages) / 1024},
        "load_average_start": os.getloadavg(), "cycle_only": args.cycle_only,
    }
    prefect: PrefectServer | None = None
    try:
        with tempfile.TemporaryDirectory(dir=OUT if OUT.exists() else None) as folder:
            work = Path(folder)
            if args.prefect_server:
                log("starting a Prefect server")
                prefect = PrefectServer(work)
                env["PREFECT_API_URL"] = prefect.url
                # A new server's first flow run pays for its warm-up (0.4 s more before the flow
                # starts); a server that runs all day has paid it.
                log("warming the Prefect server up (a trivial flow, not measured)")
                trivial_flow_seconds(env)
            result["prefect_api_url"] = env.get("PREFECT_API_URL")
            requests = len(feed_urls) + len(pages)
            result["network_floor_seconds"] = requests * args.latency / args.concurrency
            if not args.cycle_only:
                log("(a) naive loop")
                result["naive_seconds"] = naive(feed_urls)
                log("(b) CPU floor")
                result["cpu_one_core_seconds"], result["cpu_floor_seconds"], result["cores"] = cpu_floor(pages)
            config = write_config(work, "run", feed_urls, args.concurrency)
            mediawatch = str(VENV_BIN / "mediawatch")
            for kind in ("cold", "idle"):
                log(f"({'c' if kind == 'cold' else 'd'}) {kind} mediawatch run")
                counts.clear()
                server_cpu = prefect.cpu_seconds() if prefect else 0.0
                seconds, peak, output = run_child([mediawatch, "run", "--config", str(config)], env)
                OUT.mkdir(exist_ok=True)
                (OUT / f"cycle-{kind}-run.log").write_text(output)
                result[kind] = {"seconds": seconds, "peak_memory": peak, "summary": output.strip().splitlines()[-1],
                                "pages_downloaded": counts["pages"], "feeds_downloaded": counts["feeds"],
                                "not_modified": counts["304"],
                                "errors": [line for line in output.splitlines()
                                           if " failed: " in line or "| ERROR" in line][:5],
                                "prefect_server_cpu_seconds": prefect.cpu_seconds() - server_cpu if prefect else None}
            log("trivial Prefect flow")
            result["trivial_flow_seconds"] = trivial_flow_seconds(env)
            if not args.cycle_only:
                result["import_pipeline_seconds"] = import_seconds(env)
                log("stages in-process")
                result["stages"] = stages(write_config(work, "stages", feed_urls, args.concurrency))
                page = work / "page.html"
                page.write_bytes(pages[0])
                log("mediawatch tag")
                result["tag_command_seconds"], result["tag_command_peak_memory"], _ = run_child(
                    [mediawatch, "tag", str(page)], env, poll_every=0.02)
            if prefect:
                prefect.stop()
                prefect = None
    finally:
        if prefect:
            prefect.stop()
        for server in servers:
            server.stop()
    result["bench_process_peak_rss_mb"] = peak_self_mb()
    result["load_average_end"] = os.getloadavg()
    if args.cycle_only:
        print_cycle_only(result)
    else:
        derive(result)
        print_report(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))


def print_cycle_only(r: dict[str, Any]) -> None:
    print(f"{r['feeds']} feeds x {r['articles_per_feed']} articles, latency {r['latency'] * 1000:.0f} ms, "
          f"PREFECT_API_URL={r['prefect_api_url'] or '(unset: ephemeral server)'}")
    for kind in ("cold", "idle"):
        run = r[kind]
        print(f"({kind}) {run['seconds']:.2f} s, {memory(run['peak_memory'])}, {run['pages_downloaded']} pages, "
              f"{run['not_modified']} x 304: {run['summary']}")
        for line in run["errors"]:
            print(f"    {line}")
    print(f"network floor {r['network_floor_seconds']:.2f} s; trivial Prefect flow {r['trivial_flow_seconds']:.2f} s")


def memory(peak: dict[str, float]) -> str:
    return (f"peak {peak['total_mb']:.0f} MB in all (largest process {peak['largest_process_mb']:.0f} MB), "
            f"CPU s: {peak['main_cpu_seconds']:.1f} main process, {peak['other_cpu_seconds']:.1f} others")


STAGES = ("fetch", "parse", "extract", "tag", "dedup signature", "dedup lookup", "store", "alert")
CPU_STAGES = STAGES[1:]


def derive(r: dict[str, Any]) -> None:
    wall, cpu = r["stages"]["wall"], r["stages"]["cpu"]
    r["cpu_stages_wall_seconds"] = sum(wall[k] for k in CPU_STAGES)
    r["cold_minus_trivial_flow_seconds"] = r["cold"]["seconds"] - r["trivial_flow_seconds"]
    r["idle_minus_trivial_flow_seconds"] = r["idle"]["seconds"] - r["trivial_flow_seconds"]
    r["ratio_cold_over_naive"] = r["cold"]["seconds"] / r["naive_seconds"]
    r["ratio_cold_over_floor"] = r["cold"]["seconds"] / max(r["cpu_floor_seconds"], r["network_floor_seconds"])
    tag_dedup = ("tag", "dedup signature", "dedup lookup")
    r["tag_plus_dedup_over_extract"] = sum(wall[k] for k in tag_dedup) / wall["extract"]
    r["tag_plus_dedup_over_extract_cpu"] = sum(cpu[k] for k in tag_dedup) / cpu["extract"]
    r["extract_cpu_ms_per_kb"] = cpu["extract"] * 1000 / (r["pages_bytes"] / 1000)
    r["cold_articles_per_second"] = r["pages"] / r["cold"]["seconds"]
    r["naive_articles_per_second"] = r["pages"] / r["naive_seconds"]


def print_report(r: dict[str, Any]) -> None:
    wall, cpu, pages = r["stages"]["wall"], r["stages"]["cpu"], r["pages"]
    print(f"{r['feeds']} feeds x {r['articles_per_feed']} articles, latency {r['latency'] * 1000:.0f} ms, "
          f"pages {r['page_kb']['min']:.0f}-{r['page_kb']['max']:.0f} KB (mean {r['page_kb']['mean']:.0f}), "
          f"{r['cores']} usable cores, PREFECT_API_URL={r['prefect_api_url'] or '(unset: ephemeral server)'}")
    rows = [
        ("(a) naive sequential loop", r["naive_seconds"], f"{r['naive_articles_per_second']:.1f} articles/s"),
        ("(b) CPU floor (extract / cores)", r["cpu_floor_seconds"], f"one core {r['cpu_one_core_seconds']:.1f} s"),
        ("    network floor", r["network_floor_seconds"], "requests x latency / concurrency"),
        ("(c) cold mediawatch run", r["cold"]["seconds"],
         f"{r['cold_articles_per_second']:.1f} articles/s, {memory(r['cold']['peak_memory'])}, "
         f"{r['cold']['pages_downloaded']} pages"),
        ("(d) idle mediawatch run", r["idle"]["seconds"],
         f"{r['idle']['pages_downloaded']} pages, {r['idle']['feeds_downloaded']} feeds downloaded, "
         f"{r['idle']['not_modified']} x 304, {memory(r['idle']['peak_memory'])}"),
        ("    Prefect server CPU during (c)", r["cold"]["prefect_server_cpu_seconds"] or 0.0,
         "CPU seconds, taken from the same cores" if r["prefect_api_url"] else "(no server started)"),
        ("    trivial Prefect flow (fresh process)", r["trivial_flow_seconds"], "Prefect's own start-up"),
        ("    import mediawatch.flows.pipeline", r["import_pipeline_seconds"], "fresh process, nothing run"),
        ("    (c) minus trivial flow", r["cold_minus_trivial_flow_seconds"], "the cycle's own work"),
        ("    (d) minus trivial flow", r["idle_minus_trivial_flow_seconds"], "target < 3 with a Prefect server"),
        ("mediawatch tag PAGE", r["tag_command_seconds"], memory(r["tag_command_peak_memory"])),
    ]
    for label, seconds, note in rows:
        print(f"{label:<42} {seconds:>8.2f} s  {note}")
    print("\nstages of the cold cycle, in-process, one thread (fetch: wall time, 8 threads round-robin over hosts):")
    print(f"  {'stage':<16} {'wall s':>8} {'CPU s':>8} {'ms/article':>11}")
    for key in STAGES:
        print(f"  {key:<16} {wall.get(key, 0):>8.2f} {cpu.get(key, 0):>8.2f} {wall.get(key, 0) / pages * 1000:>11.1f}")
    print(f"  {'CPU stages':<16} {r['cpu_stages_wall_seconds']:>8.2f} {sum(cpu[k] for k in CPU_STAGES):>8.2f}"
          f"   ({r['stages']['new_articles']} new, {r['stages']['duplicates']} duplicates)")
    print(f"  extract: {r['extract_cpu_ms_per_kb']:.3f} CPU ms per KB of HTML (real pages: bench/reading.py)")
    print(f"\nc/a = {r['ratio_cold_over_naive']:.2f} (target <= 0.2)   "
          f"c/max(b, network) = {r['ratio_cold_over_floor']:.2f} (target <= 1.5)   "
          f"(tag+dedup)/extract = {r['tag_plus_dedup_over_extract']:.3f} wall, "
          f"{r['tag_plus_dedup_over_extract_cpu']:.3f} CPU (target < 0.2)   "
          f"idle downloads = {r['idle']['pages_downloaded']}   tag = {r['tag_command_seconds']:.2f} s (target < 1)")
    print(f"bench process peak RSS {r['bench_process_peak_rss_mb']:.0f} MB; load average at start "
          f"{r['load_average_start'][0]:.1f}, at end {r['load_average_end'][0]:.1f}")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
