"""A cycle killed with SIGKILL at random points loses nothing and sends nothing twice.

Each trial runs the 4-article sample stream (flows/demo) over its two moments on a fresh database.
At each moment a child process runs one cycle (flows/cycle.py steps, no Prefect) and is killed
with SIGKILL at a point drawn from a seeded generator: after a random delay, when it makes its
k-th request to the feed server, or while the alert receiver holds one of its alerts unanswered.
Then the next run (15 minutes later, the default schedule, so an alert claimed by the dead run
is free again) completes the work. Across all trials and runs we compare what the receiver got
with an uninterrupted reference run.

One window cannot be closed by the outbox: a run killed after the receiver accepted an alert and
before the run recorded it. The trial detects it (an alert received but not marked sent) and
allows that alert to arrive once more; every other duplicate fails the test.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from mediawatch.flows.demo import DEMO_STREAM, write_local_config
from mediawatch.flows.settings import load_settings
from mediawatch.flows.storage import Alert, Article, Store, utcnow
from mediawatch.flows.stream_server import StreamServer

from .support import SwitchableReceiver, plain_cycle, quiet, reset_database

TRIALS = {"sqlite": 24, "postgresql": 20}
SEED = 20261122
NEXT_RUN = 15 * 60  # seconds: the default schedule


class HookedStreamServer(StreamServer):
    """The sample stream, with a hook called on every request before it is answered."""

    on_request = None

    def __init__(self, stream_dir: Path) -> None:
        super().__init__(stream_dir)
        quiet(self)

    def resource(self, path: str):
        hook = self.on_request
        if hook is not None:
            hook(path)
        return super().resource(path)


def _child(config: str) -> None:
    try:
        plain_cycle(load_settings(config))
    finally:
        os._exit(0)


def stored(database_url: str) -> tuple[dict[str, str], list[Alert]]:
    store = Store(database_url)
    with store.session() as session:
        articles = {a.url: a.state for a in session.exec(select(Article)).all()}
    alerts = store.alerts()
    store.engine.dispose()
    return articles, alerts


@pytest.fixture(scope="module")
def stream():
    with HookedStreamServer(DEMO_STREAM) as server:
        yield server


def test_sigkill_at_random_points_loses_no_article_and_sends_each_alert_once(
    stream: HookedStreamServer, database_url: str, tmp_path: Path
) -> None:
    fork = multiprocessing.get_context("fork")
    with SwitchableReceiver() as receiver:
        # The reference: the same two moments, never interrupted.
        (tmp_path / "ref").mkdir()
        ref_url = database_url if not database_url.startswith("sqlite") else f"sqlite:///{tmp_path / 'ref' / 'ref.db'}"
        reset_database(ref_url)
        ref_config = write_local_config(tmp_path / "ref", stream.feed_urls(), [receiver.url], "ref", ref_url)
        ref_settings = load_settings(ref_config)
        started = time.monotonic()
        for tick in (0, 1):
            stream.set_tick(tick)
            plain_cycle(ref_settings)
        one_cycle_seconds = (time.monotonic() - started) / 2
        reference = Counter(receiver.titles())
        ref_articles, _ = stored(ref_url)
        requests_per_run = sum(stream.hits.values()) // 2 + 1
        assert reference and len(ref_articles) == len(stream.articles)

        rng = random.Random(SEED)
        modes: Counter[str] = Counter()
        in_doubt_total = 0
        for trial in range(TRIALS["sqlite" if database_url.startswith("sqlite") else "postgresql"]):
            folder = tmp_path / f"trial{trial}"
            folder.mkdir()
            url = f"sqlite:///{folder / 'corpus.db'}" if database_url.startswith("sqlite") else database_url
            reset_database(url)
            config = write_local_config(folder, stream.feed_urls(), [receiver.url], "trial", url)
            settings = load_settings(config)
            first_alert = len(receiver.alerts)
            allowed_again: Counter[str] = Counter()
            for tick in (0, 1):
                stream.set_tick(tick)
                mode = rng.choice(["delay", "request", "alert"])
                modes[mode] += 1
                before = len(receiver.alerts)
                child = fork.Process(target=_child, args=(str(config),), daemon=True)
                killed = threading.Event()

                def kill(child=child, killed=killed) -> None:  # this iteration's child, not the last
                    if not killed.is_set():
                        killed.set()
                        os.kill(child.pid, signal.SIGKILL)

                if mode == "request":
                    k = rng.randint(1, requests_per_run)
                    count = [0]

                    def on_request(path: str, k=k, count=count) -> None:
                        count[0] += 1
                        if count[0] == k:
                            kill()

                    stream.on_request = on_request
                elif mode == "alert":
                    def before_record(payload) -> bool:
                        kill()
                        return False  # the delivery never completes

                    receiver.before_record = before_record
                delay = rng.uniform(0, one_cycle_seconds * 1.2)
                child.start()
                if mode == "delay":
                    timer = threading.Timer(delay, kill)
                    timer.start()
                child.join(timeout=60)
                assert child.exitcode is not None, "the child cycle hung"
                if mode == "delay":
                    timer.cancel()
                stream.on_request = None
                receiver.before_record = None

                # Alerts the receiver accepted that the dead run had not recorded as sent. (A run
                # killed before its schema was made leaves no tables: make them, as the next run will.)
                Store(url).create_schema()
                _, alerts = stored(url)
                sent_in_db = sum(1 for a in alerts if a.state == "sent")
                titles_now = receiver.titles()[first_alert:]
                in_doubt = len(titles_now) - sent_in_db
                assert in_doubt >= 0
                if in_doubt:
                    allowed_again.update(receiver.titles()[before:])
                    in_doubt_total += in_doubt
                # The next run, on schedule, completes the work.
                plain_cycle(settings, now=utcnow() + _seconds(NEXT_RUN))
            # Nothing left over: a further run sends nothing.
            plain_cycle(settings, now=utcnow() + _seconds(2 * NEXT_RUN))
            articles, alerts = stored(url)
            assert articles.keys() == {stream.base_url + a.path for a in stream.articles} == ref_articles.keys()
            assert articles == ref_articles, f"trial {trial}"
            assert [a.state for a in alerts] == ["sent"] * len(alerts), f"trial {trial}: {alerts}"
            received = Counter(receiver.titles()[first_alert:])
            assert set(received) == set(reference), f"trial {trial}: alert never sent"
            extra = received - reference
            assert not (extra - allowed_again), f"trial {trial}: sent twice: {extra}"
        assert set(modes) == {"delay", "request", "alert"}
        print(f"kill modes {dict(modes)}; alerts in doubt at a kill: {in_doubt_total}")


def _seconds(n: float):
    from datetime import timedelta

    return timedelta(seconds=n)
