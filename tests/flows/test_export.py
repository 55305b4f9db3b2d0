"""Outputs for other tools: `mediawatch export` and `mediawatch feeds import`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser

from mediawatch.extractors.models import Event as TaggedEvent
from mediawatch.flows.cycle import ingest
from mediawatch.flows.storage import Store

from .test_ingest import TALKS_TEXT, download

MEDIAWATCH = [sys.executable, "-m", "mediawatch.flows.cli"]


def populated_config(tmp_path: Path) -> Path:
    db = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = Store(db)
    store.create_schema()
    talks = TaggedEvent(type="talks", status="held", current=True, parties=["RU", "UA"], mediators=["TR"],
                        location="Istanbul <Dolmabahçe>", date=date(2025, 5, 16),
                        evidence=["Delegations met in Istanbul on Friday."])
    ingest(store, [download("https://a.example/istanbul?x=1&y=2", TALKS_TEXT, [talks])], ["talks"])
    config = tmp_path / "mediawatch.toml"
    config.write_text(f'name = "desk"\ndatabase_url = "{db}"\n', encoding="utf-8")
    return config


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MEDIAWATCH, *args], capture_output=True, text=True, timeout=60)


def test_export_json_csv_and_atom(tmp_path: Path) -> None:
    config = str(populated_config(tmp_path))
    [record] = json.loads(run("export", "--config", config, "--format", "json").stdout)
    assert (record["type"], record["parties"], record["sources"]) == (
        "talks", ["RU", "UA"], ["https://a.example/istanbul?x=1&y=2"])
    [row] = list(csv.DictReader(io.StringIO(run("export", "--config", config, "--format", "csv").stdout)))
    assert (row["status"], row["parties"], row["date"]) == ("held", "RU;UA", "2025-05-16")
    atom = run("export", "--config", config, "--format", "atom").stdout
    ET.fromstring(atom.encode())  # well-formed, with the < and & of the data escaped
    parsed = feedparser.parse(atom.encode())
    assert not parsed.bozo
    [entry] = parsed.entries
    assert entry.title == "Russia and Ukraine: talks held in Istanbul <Dolmabahçe> on 2025-05-16, mediated by Türkiye."
    assert [link.href for link in entry.links] == ["https://a.example/istanbul?x=1&y=2"]


OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My subscriptions</title></head><body>
  <outline text="World">
    <outline type="rss" text="Harbour Daily: World" xmlUrl="https://daily.example/world.rss"/>
    <outline type="rss" text="Northgate Wire" xmlUrl="https://wire.example/feed.xml"/>
  </outline>
  <outline type="rss" text="Already here" xmlUrl="https://known.example/rss"/>
  <outline text="A plain link, not a feed" htmlUrl="https://blog.example/"/>
</body></opml>"""


def test_feeds_import_adds_new_feeds_and_keeps_the_config_valid(tmp_path: Path) -> None:
    config = tmp_path / "mediawatch.toml"
    config.write_text('[[feeds]]\nname = "known"\nurl = "https://known.example/rss"\n\n[alerts]\ntypes = ["talks"]\n',
                      encoding="utf-8")
    opml = tmp_path / "subs.opml"
    opml.write_bytes(OPML)
    done = run("feeds", "import", str(opml), "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "added harbour-daily-world: https://daily.example/world.rss",
        "added northgate-wire: https://wire.example/feed.xml",
        "2 feed(s) added",
    ]
    again = run("feeds", "import", str(opml), "--config", str(config))
    assert "no new feeds" in again.stdout
    from mediawatch.flows.settings import load_settings

    settings = load_settings(config)
    assert [f.name for f in settings.feeds] == ["known", "harbour-daily-world", "northgate-wire"]
    assert settings.alerts.types == ["talks"]


def test_feeds_import_refuses_a_file_that_is_not_opml(tmp_path: Path) -> None:
    config = tmp_path / "mediawatch.toml"
    config.write_text("", encoding="utf-8")
    bad = tmp_path / "feed.opml"
    bad.write_bytes(b"<rss><channel/></rss>")
    done = run("feeds", "import", str(bad), "--config", str(config))
    assert done.returncode == 4 and "not OPML: the root element is <rss>" in done.stderr
    assert config.read_text(encoding="utf-8") == ""
