"""The database locked or gone: `mediawatch run` says so clearly, exits 3 (README), shows no password
and writes nothing half-way. These fail before Prefect starts, so each takes a second or so (the
locked case waits out the 30 s busy timeout)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from mediawatch.flows.demo import write_local_config

from .support import REPO

PASSWORD = "pw-Zq8-secret"


def mediawatch(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIAWATCH_", "PREFECT_"))}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "mediawatch.flows.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO, env=full_env)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def config_with(tmp_path: Path, database_url: str) -> Path:
    return write_local_config(tmp_path, {"wire": "http://127.0.0.1:9/feed.xml"}, [], "faults", database_url)


def assert_clear_database_error(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 3, (result.returncode, result.stderr)
    assert result.stderr.startswith("mediawatch: database error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_postgresql_gone_exits_3_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://watch:{PASSWORD}@127.0.0.1:{closed_port()}/corpus"
    result = mediawatch("run", "--config", str(config_with(tmp_path, url)))
    assert_clear_database_error(result)
    assert PASSWORD not in result.stderr + result.stdout
    assert "watch:***@127.0.0.1" in result.stderr
    # The same through MEDIAWATCH_DATABASE_URL, and for `status`.
    config = config_with(tmp_path, "sqlite:///unused.db")
    for command in ("run", "status", "events"):
        result = mediawatch(command, "--config", str(config), env={"MEDIAWATCH_DATABASE_URL": url})
        assert_clear_database_error(result)
        assert PASSWORD not in result.stderr + result.stdout
    assert not (tmp_path / "unused.db").exists()


def test_sqlite_on_an_unwritable_path_exits_3(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    result = mediawatch("run", "--config", str(config_with(tmp_path, f"sqlite:///{blocker}/data/corpus.db")))
    assert_clear_database_error(result)
    assert "corpus.db" in result.stderr


def test_sqlite_in_a_read_only_place_exits_3(tmp_path: Path) -> None:
    # /proc exists and refuses new files, even to root.
    result = mediawatch("run", "--config", str(config_with(tmp_path, "sqlite:////proc/corpus.db")))
    assert_clear_database_error(result)
    assert "/proc/corpus.db" in result.stderr


def test_sqlite_locked_by_another_process_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "corpus.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
         "c.execute('CREATE TABLE other (x)')\n"
         "c.execute('BEGIN EXCLUSIVE')\n"
         "c.execute('INSERT INTO other VALUES (1)')\n"
         "print('locked', flush=True)\n"
         "time.sleep(120)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = mediawatch("run", "--config", str(config_with(tmp_path, f"sqlite:///{database}")), timeout=90)
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert_clear_database_error(result)
    assert "database is locked" in result.stderr
    assert waited < 60
    # Nothing half-written: only the other program's table, as it left it.
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert tables == ["other"]
        assert connection.execute("SELECT count(*) FROM other").fetchone() == (0,)
