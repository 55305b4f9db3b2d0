"""Two runs started at once on one database (two processes) store each article once and send each
alert once, on SQLite and on PostgreSQL, starting from an empty database and from a used one."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import Counter
from pathlib import Path

from sqlmodel import select

from mediawatch.flows.demo import DEMO_STREAM, write_local_config
from mediawatch.flows.settings import load_settings
from mediawatch.flows.storage import Article, Store
from mediawatch.flows.stream_server import StreamServer

from .support import SwitchableReceiver, plain_cycle, reset_database

ROUNDS = 3


def _racer(config: str, go, error_file: str) -> None:
    code = 0
    try:
        go.wait(30)
        plain_cycle(load_settings(config))
    except BaseException:
        Path(error_file).write_text(traceback.format_exc())
        code = 1
    finally:
        os._exit(code)


def race(config: Path) -> list[str]:
    """Start two cycles in two processes at the same moment; return their tracebacks, if any."""
    fork = multiprocessing.get_context("fork")
    go = fork.Event()
    error_files = [config.with_name(f"racer{i}.err") for i in range(2)]
    for path in error_files:
        path.unlink(missing_ok=True)
    children = [fork.Process(target=_racer, args=(str(config), go, str(path))) for path in error_files]
    for child in children:
        child.start()
    go.set()
    for child in children:
        child.join(120)
        assert child.exitcode is not None, "a racing run hung"
    return [path.read_text() for path in error_files if path.exists()] + [
        f"exit code {c.exitcode}" for c in children if c.exitcode]


def check_races(database_url: str, tmp_path: Path, fresh: bool) -> None:
    with StreamServer(DEMO_STREAM) as stream, SwitchableReceiver() as receiver:
        # What one run alone sends, on its own database.
        (tmp_path / "alone").mkdir()
        alone = load_settings(write_local_config(tmp_path / "alone", stream.feed_urls(), [receiver.url], "alone"))
        for tick in (0, 1):
            stream.set_tick(tick)
            plain_cycle(alone)
        expected = Counter(receiver.titles())
        assert expected
        for round_ in range(ROUNDS):
            url = (database_url if not database_url.startswith("sqlite")
                   else f"sqlite:///{tmp_path / f'race{round_}.db'}")
            reset_database(url)
            folder = tmp_path / f"round{round_}"
            folder.mkdir()
            config = write_local_config(folder, stream.feed_urls(), [receiver.url], "race", url)
            if not fresh:  # a database in use: tables and feeds there, nothing published yet
                stream.tick = None
                plain_cycle(load_settings(config))
            first = len(receiver.alerts)
            for tick in (0, 1):
                stream.set_tick(tick)
                failures = race(config)
                assert not failures, f"round {round_}, moment {tick}:\n" + "\n".join(failures)
            store = Store(url)
            with store.session() as session:
                urls = Counter(a.url for a in session.exec(select(Article)).all())
            assert set(urls) == {stream.base_url + a.path for a in stream.articles}
            assert max(urls.values()) == 1
            assert Counter(receiver.titles()[first:]) == expected, f"round {round_}"
            assert all(a.state == "sent" for a in store.alerts())
            store.engine.dispose()


def test_two_runs_at_once_on_a_database_in_use(database_url: str, tmp_path: Path) -> None:
    check_races(database_url, tmp_path, fresh=False)


def test_two_runs_at_once_on_an_empty_database(database_url: str, tmp_path: Path) -> None:
    check_races(database_url, tmp_path, fresh=True)
