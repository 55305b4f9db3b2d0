"""The mediawatch command as a user runs it: exit codes, messages, printed events."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mediawatch.extractors.models import Event as TaggedEvent
from mediawatch.flows.cycle import ingest, store_downloads
from mediawatch.flows.storage import Store
from tests.helpers import shared_path

from .test_ingest import TALKS_TEXT, download

MEDIAWATCH = [sys.executable, "-m", "mediawatch.flows.cli"]

EXCHANGE_ARTICLE = """Armenia and Azerbaijan swap 32 detainees each

Armenia and Azerbaijan exchanged 32 detainees each on Saturday, the foreign ministries of both
countries said, in a swap brokered by Qatar.

The handover took place at a crossing on the border. Qatar's foreign ministry said it would keep
working with both sides on further releases.
"""


def mediawatch(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MEDIAWATCH, *args], capture_output=True, text=True, timeout=120, env=env)


def test_tag_prints_json_without_prefect_or_the_database(tmp_path: Path) -> None:
    article = tmp_path / "swap.txt"
    article.write_text(EXCHANGE_ARTICLE, encoding="utf-8")
    probe = (
        "import sys, json\n"
        "from mediawatch.flows.cli import main\n"
        f"main(['tag', {str(article)!r}, '--published', '2024-06-03', '--json'])\n"
        "loaded = [m for m in ('prefect', 'sqlmodel', 'sqlalchemy') if m in sys.modules]\n"
        "print(json.dumps(loaded), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
    out = json.loads(done.stdout)
    assert out["article"]["title"] == "Armenia and Azerbaijan swap 32 detainees each"
    assert out["article"]["published"].startswith("2024-06-03")
    [swap] = [e for e in out["events"] if e["type"] == "prisoner_exchange"]
    assert set(swap) == {"type", "status", "current", "parties", "mediators", "location", "date", "count",
                         "evidence"}
    assert (swap["status"], swap["parties"], swap["mediators"], swap["count"], swap["date"]) == (
        "completed", ["AM", "AZ"], ["QA"], 32, "2024-06-01")


def test_the_cycle_switches_off_prefect_telemetry_unless_the_operator_set_it() -> None:
    """Nothing but the feeds is fetched: the ephemeral Prefect server a run starts sends no usage data."""
    probe = ("import mediawatch.flows.pipeline\n"
             "from prefect.settings import get_current_settings\n"
             "print(get_current_settings().server.analytics_enabled)")
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_SERVER_ANALYTICS_ENABLED"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env)
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr
    chosen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                            env={**env, "PREFECT_SERVER_ANALYTICS_ENABLED": "true"})
    assert chosen.stdout.strip() == "True", chosen.stderr


def test_tag_on_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    done = mediawatch("tag", str(tmp_path / "nope.html"))
    assert done.returncode == 4 and "cannot read" in done.stderr and "Traceback" not in done.stderr


def test_run_with_a_bad_config_says_which_key(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[[feeds]]\nname = "x"\nurl = "gopher://old.example/"\n', encoding="utf-8")
    done = mediawatch("run", "--config", str(config))
    assert done.returncode == 2
    assert "feeds.0.url: must be an http:// or https:// URL" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("watch, message", [
    ("missing.toml", "No such file"),
    ("broken.toml", "not valid TOML"),
    ("no_events.toml", "[events]"),
])
def test_run_with_a_bad_watch_file_says_what_is_wrong_before_any_work(tmp_path: Path, watch: str, message: str) -> None:
    (tmp_path / "broken.toml").write_text("[actors\n", encoding="utf-8")
    (tmp_path / "no_events.toml").write_text('[actors.XX]\nname = "X"\nkind = "state"\naliases = ["X"]\n',
                                             encoding="utf-8")
    config = tmp_path / "run.toml"
    config.write_text(f'watch = "{watch}"\ndatabase_url = "sqlite:///{tmp_path}/w.db"\n', encoding="utf-8")
    done = mediawatch("run", "--config", str(config))
    assert done.returncode == 2, done.stderr
    assert "watch file" in done.stderr and message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "w.db").exists()


def test_run_with_an_unreachable_database_fails_without_leaking_the_password(tmp_path: Path) -> None:
    config = tmp_path / "pg.toml"
    config.write_text('database_url = "postgresql+psycopg://watch:hunter2@127.0.0.1:9/corpus"\n', encoding="utf-8")
    done = mediawatch("run", "--config", str(config))
    assert done.returncode == 3
    assert "cannot open database postgresql+psycopg://watch:***@127.0.0.1:9/corpus" in done.stderr
    assert "hunter2" not in done.stderr + done.stdout


def test_events_lists_stored_events_with_sources(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = Store(db)
    store.create_schema()
    talks = TaggedEvent(type="talks", status="held", current=True, parties=["XN", "XS"], mediators=["CH"],
                        location="Geneva", date=date(2024, 3, 5))
    ingest(store, [download("https://a.example/geneva", TALKS_TEXT, [talks])], ["talks"])
    config = tmp_path / "c.toml"
    config.write_text(f'database_url = "{db}"\n', encoding="utf-8")
    done = mediawatch("events", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "2024-03-05  talks (held): XN-XS in Geneva, mediated by CH",
        "    https://a.example/geneva",
    ]
    rows = json.loads(mediawatch("events", "--config", str(config), "--json").stdout)
    assert rows[0]["sources"] == ["https://a.example/geneva"] and rows[0]["location"] == "Geneva"
    status = mediawatch("status", "--config", str(config))
    assert status.returncode == 0 and "Alerts: 0 sent, 1 pending, 0 failed" in status.stdout
    assert "waiting to be matched" not in status.stdout


def test_status_shows_articles_a_stopped_run_left_unmatched(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = Store(db)
    store.create_schema()
    store_downloads(store, [download("https://a.example/geneva", TALKS_TEXT, [])])
    config = tmp_path / "c.toml"
    config.write_text(f'database_url = "{db}"\n', encoding="utf-8")
    status = mediawatch("status", "--config", str(config))
    assert status.returncode == 0, status.stderr
    assert "Articles waiting to be matched to events: 1 (left by a stopped run)" in status.stdout


@pytest.mark.parametrize("name", ["004_aa322a804f1c0caf.txt", "001_86d1da4d491aa8f4.txt"])
def test_tag_on_the_seed_articles(name: str) -> None:
    seed = shared_path("seeds", name)
    published = {"004": "2025-05-16", "001": "2023-07-12"}[name[:3]]
    done = mediawatch("tag", str(seed), "--published", published, "--json")
    assert done.returncode == 0, done.stderr
    events = json.loads(done.stdout)["events"]
    if name.startswith("004"):
        talks = [e for e in events if e["type"] == "talks" and e["status"] == "held"]
        assert talks and talks[0]["parties"] == ["RU", "UA"] and talks[0]["location"] == "Istanbul"
        swaps = [e for e in events if e["type"] == "prisoner_exchange" and e["status"] == "agreed"]
        assert swaps and swaps[0]["count"] == 1000
    else:
        assert [e for e in events if e["type"] == "leader_call" and e["status"] != "denied"] == []
