"""`mediawatch eval DIR`: measure the event tagger against labelled streams and seeds.

DIR is a stream directory (it holds manifest.json and articles/*.html) or a directory of such
streams. A stream directory's seeds.json is evaluated too, against the plain-text seed files in
../../seeds relative to that stream directory.

Scoring, per document: a predicted current event matches a labelled current event when type and
status are equal and the parties overlap (each label used once). Field accuracies are computed on
those matches (status on matches by type and parties alone). A predicted current event that
matches no current label but a labelled background or denied event of its type (and date, when
both have one) counts as "background or denied reported as current".
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table

from mediawatch.extractors.article import ExtractionError, extract_article
from mediawatch.extractors.models import EVENT_TYPES, Event
from mediawatch.extractors.tagger import tag_events
from mediawatch.extractors.watch import load_watch

FIELDS = ("status", "parties", "mediators", "location", "date", "count")
SEEDS_RELATIVE = pathlib.Path("..") / ".." / "seeds"


@dataclass
class Document:
    name: str
    text: str
    published: dt.datetime
    current: list[dict[str, Any]]
    past_or_denied: list[dict[str, Any]]


@dataclass
class Tally:
    true_positive: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_positive: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_negative: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    field_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    field_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    background_as_current: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)


def run_eval(target: pathlib.Path, json_path: pathlib.Path | None = None) -> dict[str, Any]:
    """Evaluate every stream under `target`, print a table and return (and optionally write) the report."""
    watch = load_watch()
    tally = Tally()
    documents = list(load_documents(target))
    if not documents:
        raise ValueError(f"{target}: no stream (manifest.json) found")
    for document in documents:
        predicted = [event for event in tag_events(document.text, document.published, watch) if event.current]
        score_document(document, predicted, tally)
    report = build_report(tally, len(documents))
    print_report(report)
    if json_path:
        json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def stream_directories(target: pathlib.Path) -> list[pathlib.Path]:
    if (target / "manifest.json").is_file():
        return [target]
    return sorted(path for path in target.iterdir() if (path / "manifest.json").is_file())


def load_documents(target: pathlib.Path) -> list[Document]:
    documents: list[Document] = []
    for stream in stream_directories(target):
        documents.extend(_stream_articles(stream))
        if (stream / "seeds.json").is_file():
            documents.extend(_seed_documents(stream))
    return documents


def _stream_articles(stream: pathlib.Path) -> list[Document]:
    manifest = json.loads((stream / "manifest.json").read_text(encoding="utf-8"))
    documents = []
    for entry in manifest["articles"]:
        published = dt.datetime.fromisoformat(entry["published"].replace("Z", "+00:00"))
        documents.append(
            Document(
                name=f"{stream.name}/{entry['id']}",
                text=_page_body(stream / entry["file"], entry.get("path"), published),
                published=published,
                current=entry["current_events"],
                past_or_denied=entry["background_events"] + entry["denied_events"],
            )
        )
    return documents


def _page_body(path: pathlib.Path, url: str | None, published: dt.datetime) -> str:
    """The article body of a stored page; a page without article text scores as an empty one."""
    try:
        article = extract_article(path.read_bytes(), url=url, fallback_published=published)
    except ExtractionError:
        return ""
    return article.text  # extract_article already keeps the headline out of the body


def _seed_documents(stream: pathlib.Path) -> list[Document]:
    seeds = json.loads((stream / "seeds.json").read_text(encoding="utf-8"))
    folder = (stream / SEEDS_RELATIVE).resolve()
    documents = []
    for entry in seeds:
        published = dt.datetime.fromisoformat(entry["published"])
        documents.append(
            Document(
                name=f"seeds/{entry['file']}",
                text=(folder / entry["file"]).read_text(encoding="utf-8"),
                published=published,
                current=entry["current_events"],
                past_or_denied=entry["background_events"] + entry["denied_events"],
            )
        )
    return documents


def score_document(document: Document, predicted: list[Event], tally: Tally) -> None:
    unmatched_labels = list(document.current)
    for event in predicted:
        label = _take(unmatched_labels, event, with_status=True)
        if label is None:
            tally.false_positive[event.type] += 1
            if _looks_like_past_or_denied(event, document.past_or_denied):
                tally.background_as_current += 1
            tally.misses.append({"document": document.name, "kind": "false_positive", "event": event.to_json()})
            continue
        tally.true_positive[event.type] += 1
        _score_fields(document.name, event, label, tally)
    for label in unmatched_labels:
        tally.false_negative[label["type"]] += 1
        tally.misses.append({"document": document.name, "kind": "false_negative", "label": label})
    _score_status(document, predicted, tally)


def _take(labels: list[dict[str, Any]], event: Event, with_status: bool) -> dict[str, Any] | None:
    """Remove and return the first label `event` matches (`_matches`)."""
    for index, label in enumerate(labels):
        if _matches(event, label, with_status):
            return labels.pop(index)
    return None


def _matches(event: Event, label: dict[str, Any], with_status: bool) -> bool:
    if event.type != label["type"] or (with_status and event.status != label["status"]):
        return False
    return bool(set(event.parties) & set(label["parties"]))


def _looks_like_past_or_denied(event: Event, labels: list[dict[str, Any]]) -> bool:
    for label in labels:
        if label["type"] != event.type:
            continue
        if label.get("date") and event.date and label["date"] != event.date.isoformat():
            continue
        return True
    return False


def _score_fields(document: str, event: Event, label: dict[str, Any], tally: Tally) -> None:
    """Count each field right or wrong; a wrong one is listed in the misses with both values."""
    predicted = event.to_json()
    for name in FIELDS[1:]:
        expected = label.get(name)
        got = predicted[name]
        if name in ("parties", "mediators"):
            expected, got = sorted(expected or []), sorted(got or [])
        tally.field_total[name] += 1
        tally.field_right[name] += int(expected == got)
        if expected != got:
            tally.misses.append({"document": document, "kind": "wrong_field", "type": event.type,
                                 "status": event.status, "field": name, "expected": expected, "got": got,
                                 "evidence": event.evidence[:1]})


def _score_status(document: Document, predicted: list[Event], tally: Tally) -> None:
    labels = list(document.current)
    for event in predicted:
        label = _take(labels, event, with_status=False)
        if label is not None:
            tally.field_total["status"] += 1
            tally.field_right["status"] += int(event.status == label["status"])


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _prf(true_positive: int, false_positive: int, false_negative: int) -> dict[str, Any]:
    precision = _ratio(true_positive, true_positive + false_positive)
    recall = _ratio(true_positive, true_positive + false_negative)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positive": true_positive,
        "false_positive": false_positive,
        "false_negative": false_negative,
    }


def build_report(tally: Tally, documents: int) -> dict[str, Any]:
    seen = set(tally.true_positive) | set(tally.false_positive) | set(tally.false_negative)
    kinds = list(EVENT_TYPES) + sorted(seen - set(EVENT_TYPES))
    per_type = {
        kind: _prf(tally.true_positive[kind], tally.false_positive[kind], tally.false_negative[kind]) for kind in kinds
    }
    overall = _prf(
        sum(tally.true_positive.values()), sum(tally.false_positive.values()), sum(tally.false_negative.values())
    )
    return {
        "documents": documents,
        "per_type": per_type,
        "overall": overall,
        "field_accuracy": {name: _ratio(tally.field_right[name], tally.field_total[name]) for name in FIELDS},
        "field_counts": {name: tally.field_total[name] for name in FIELDS},
        "background_or_denied_as_current": tally.background_as_current,
        "misses": tally.misses,
    }


def print_report(report: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"Current events ({report['documents']} documents)")
    for column in ("type", "P", "R", "F1", "TP", "FP", "FN"):
        table.add_column(column, justify="left" if column == "type" else "right")
    rows = list(report["per_type"].items()) + [("overall", report["overall"])]
    for kind, scores in rows:
        table.add_row(
            kind,
            f"{scores['precision']:.2f}",
            f"{scores['recall']:.2f}",
            f"{scores['f1']:.2f}",
            str(scores["true_positive"]),
            str(scores["false_positive"]),
            str(scores["false_negative"]),
        )
    console.print(table)
    fields = Table(title="Field accuracy on matched events")
    fields.add_column("field")
    fields.add_column("accuracy", justify="right")
    fields.add_column("n", justify="right")
    for name, value in report["field_accuracy"].items():
        fields.add_row(name, f"{value:.2f}", str(report["field_counts"][name]))
    console.print(fields)
    console.print(f"Background or denied events reported as current: {report['background_or_denied_as_current']}")

