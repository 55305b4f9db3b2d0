"""Events for other tools: JSON, CSV, and an Atom feed a feed reader can subscribe to."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any
from xml.etree import ElementTree as ET

from mediawatch.flows.alerts import summary_line
from mediawatch.flows.storage import Event, as_utc

ATOM = "http://www.w3.org/2005/Atom"
FORMATS = ("json", "csv", "atom")


def event_record(event: Event, sources: Sequence[str]) -> dict[str, Any]:
    return {
        "id": event.id, "type": event.type, "status": event.status, "current": event.current,
        "parties": list(event.parties), "mediators": list(event.mediators), "location": event.location,
        "date": event.date.isoformat() if event.date else None, "count": event.count,
        "evidence": list(event.evidence), "sources": list(sources),
        "updated": as_utc(event.updated_at).isoformat(),
    }


def to_json(events: Sequence[Event], sources: Mapping[int, Sequence[str]]) -> str:
    return json.dumps([event_record(e, sources[e.id]) for e in events], ensure_ascii=False, indent=2)


def to_csv(events: Sequence[Event], sources: Mapping[int, Sequence[str]]) -> str:
    """One row per event; list fields joined with ';' and sources with spaces."""
    out = io.StringIO()
    columns = ["id", "type", "status", "current", "parties", "mediators", "location", "date", "count",
               "evidence", "sources", "updated"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for event in events:
        row = event_record(event, sources[event.id])
        row.update(parties=";".join(row["parties"]), mediators=";".join(row["mediators"]),
                   evidence=" ".join(row["evidence"]), sources=" ".join(row["sources"]))
        writer.writerow(row)
    return out.getvalue()


def to_atom(events: Sequence[Event], sources: Mapping[int, Sequence[str]], names: Mapping[str, str],
            title: str) -> str:
    """An Atom 1.0 feed, newest event first; each entry links every source."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"tag:mediawatch,2026:{title}")
    _text(feed, "title", f"{title}: mediation events")
    newest = max((as_utc(e.updated_at) for e in events), default=datetime.now(timezone.utc))
    _text(feed, "updated", newest.isoformat())
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", "mediawatch")
    for event in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"tag:mediawatch,2026:{title}:event:{event.id}")
        _text(entry, "title", summary_line(event, names))
        _text(entry, "updated", as_utc(event.updated_at).isoformat())
        for url in sources[event.id]:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=url)
        for code in event.parties:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=code, label=names.get(code, code))
        summary = " ".join(event.evidence) or summary_line(event, names)
        _text(entry, "summary", summary)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True)


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = value
