"""`mediawatch eval` on the shared labelled corpus, held to the issue's targets, and its scoring on a
document written here."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from mediawatch.extractors.models import Event
from mediawatch.extractors.tagger import tag_events
from mediawatch.extractors.watch import load_watch
from mediawatch.flows.cli import main
from mediawatch.flows.evaluate import Document, Tally, build_report, run_eval, score_document

SHARED_EVAL = pathlib.Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
SEEDS = SHARED_EVAL / ".." / "seeds"

needs_shared = pytest.mark.skipif(
    not (SHARED_EVAL / "stream-2022" / "manifest.json").is_file(), reason="../shared/eval is absent"
)


@pytest.fixture(scope="module")
def report() -> dict:
    return run_eval(SHARED_EVAL)


@needs_shared
def test_f1_of_current_events_meets_the_targets(report: dict) -> None:
    per_type = report["per_type"]
    for kind in ("talks", "prisoner_exchange"):
        assert per_type[kind]["f1"] >= 0.95, (kind, per_type[kind])
    for kind in ("leader_call", "leader_meeting", "mediation_offer", "ceasefire", "agreement"):
        assert per_type[kind]["f1"] >= 0.85, (kind, per_type[kind])


@needs_shared
def test_dates_and_background(report: dict) -> None:
    assert report["field_accuracy"]["date"] >= 0.9
    assert report["background_or_denied_as_current"] == 0


@needs_shared
def test_json_report_and_single_stream(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    assert main(["eval", str(SHARED_EVAL / "stream-2022"), "--json", str(out)]) == 0
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert set(saved) >= {"per_type", "overall", "field_accuracy", "background_or_denied_as_current"}
    assert "talks" in capsys.readouterr().out


@needs_shared
def test_required_seed_readings() -> None:
    watch = load_watch()
    seed_004 = tag_events((SEEDS / "004_aa322a804f1c0caf.txt").read_text(encoding="utf-8"), dt.date(2025, 5, 16), watch)
    talks = [e for e in seed_004 if e.type == "talks" and e.current]
    assert [(e.status, e.parties, e.location) for e in talks] == [("held", ["RU", "UA"], "Istanbul")]
    exchanges = [e for e in seed_004 if e.type == "prisoner_exchange" and e.current]
    assert [(e.status, e.count) for e in exchanges] == [("agreed", 1000)]
    seed_001 = tag_events((SEEDS / "001_86d1da4d491aa8f4.txt").read_text(encoding="utf-8"), dt.date(2023, 7, 12), watch)
    calls = [e for e in seed_001 if e.type == "leader_call"]
    assert calls and all(e.status == "denied" and not e.current for e in calls)


@needs_shared
def test_eval_scores_extraction_on_pages_with_gold_text(tmp_path: pathlib.Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    realworld = SHARED_EVAL.parent / "realworld"
    if not realworld.is_dir():
        pytest.skip(f"{realworld} is not available")
    out = tmp_path / "report.json"
    assert main(["eval", str(realworld), "--json", str(out)]) == 0
    assert "mean token F1 over" in capsys.readouterr().out
    rows = json.loads((tmp_path / "report.extraction.json").read_text(encoding="utf-8"))
    f1 = [row["ours_token_f1"] for row in rows if "ours_token_f1" in row]
    assert f1 and sum(f1) / len(f1) >= 0.9


def test_a_wrong_field_is_listed_with_both_values() -> None:
    """The report says which field of which event was wrong, not only how often."""
    document = Document(
        name="own/talks-in-doha", text="", published=dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc),
        current=[{"key": "E1", "type": "talks", "status": "held", "parties": ["AM", "AZ"], "mediators": ["QA"],
                  "location": "Doha", "date": "2025-03-03", "count": None}],
        past_or_denied=[],
    )
    predicted = Event(type="talks", status="held", current=True, parties=["AM", "AZ"], mediators=[],
                      location="Doha", date=dt.date(2025, 3, 3), count=None,
                      evidence=["Armenian and Azerbaijani envoys met in Doha on Monday."])
    tally = Tally()
    score_document(document, [predicted], tally)
    report = build_report(tally, documents=1)
    assert report["overall"]["true_positive"] == 1
    assert report["field_accuracy"]["mediators"] == 0.0 and report["field_accuracy"]["location"] == 1.0
    assert report["misses"] == [{
        "document": "own/talks-in-doha", "kind": "wrong_field", "type": "talks", "status": "held",
        "field": "mediators", "expected": ["QA"], "got": [],
        "evidence": ["Armenian and Azerbaijani envoys met in Doha on Monday."],
    }]
