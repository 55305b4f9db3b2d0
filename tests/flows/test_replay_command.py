"""`mediawatch replay` as a user runs it: real cycles, tick by tick, alerts scored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mediawatch.flows.demo import DEMO_STREAM
from tests.helpers import shared_path


def replay(stream: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "mediawatch.flows.cli", "replay", str(stream), "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "precision" in done.stdout
    return json.loads(out.read_text(encoding="utf-8"))


STREAMS = {
    "demo": lambda: DEMO_STREAM,
    "stream-2025-summer": lambda: Path(__file__).parent / "fixtures" / "stream-2025-summer",
    "stream-2025-winter": lambda: Path(__file__).parent / "fixtures" / "stream-2025-winter",
    "stream-2022": lambda: shared_path("eval", "stream-2022"),
}


@pytest.mark.parametrize("which", list(STREAMS))
def test_replay_alerts_once_per_event_and_once_per_update(which: str, tmp_path: Path) -> None:
    stream = STREAMS[which]()
    score = replay(stream, tmp_path / "score.json")
    expected = len(json.loads((stream / "manifest.json").read_text(encoding="utf-8"))["expected_alerts"])
    assert score["expected"] == expected
    assert score["true_positives"] / score["received"] >= 0.95, score
    assert score["true_positives"] / score["expected"] >= 0.95, score
    assert score["duplicates"] == [] and score["missed"] == [], score
    assert score["repeated_page_downloads"] == {}, score
