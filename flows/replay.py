"""Scoring for `mediawatch replay DIR`: play a labelled stream, capture the alerts, compare.

The stream is served by StreamServer; alerts go through apprise to an AlertReceiver, a local
HTTP endpoint for apprise's `json://` notifier, so the replay exercises the real alert path.
The pipeline owner supplies `run_cycle`, one polling cycle of the real pipeline.

Alert text (composed by flows/alerts.py) is read as: the title starts with "New " (kind `new`) or
"Update: " (kind `update`); the body has a line `Type: <type>`, a line `Status: <status>` (any
"(was ...)" note after the status is ignored) and a line `Sources:` followed by `- <url>` lines.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from mediawatch.flows.stream_server import BackgroundHTTPServer, QuietRequestHandler, StreamServer

RunCycle = Callable[[dict[str, str], str, int], None]


@dataclass(frozen=True)
class ReceivedAlert:
    kind: str
    type: str
    status: str
    source_urls: tuple[str, ...]
    title: str = ""


def parse_alert(payload: dict[str, Any]) -> ReceivedAlert:
    """Read an apprise JSON payload (keys version, title, message, type) as alert fields.

    Fields the text does not carry come back as "" so that the alert counts as unmatched.
    """
    title = str(payload.get("title") or "")
    kind = "new" if title.startswith("New ") else "update" if title.startswith("Update: ") else ""
    fields: dict[str, str] = {}
    sources: list[str] = []
    in_sources = False
    for line in str(payload.get("message") or "").splitlines():
        stripped = line.strip()
        if in_sources and stripped.startswith("- "):
            sources.append(stripped.removeprefix("- ").strip())
            continue
        in_sources = stripped == "Sources:"
        name, separator, value = stripped.partition(": ")
        if separator and name in ("Type", "Status") and name not in fields:
            fields[name] = value.split(" (", 1)[0].strip()
    return ReceivedAlert(
        kind=kind,
        type=fields.get("Type", ""),
        status=fields.get("Status", ""),
        source_urls=tuple(sources),
        title=title,
    )


@dataclass
class ReplayScore:
    received: int
    expected: int
    true_positives: int
    # Received alerts beyond the first for one expected alert, and alerts citing only copies.
    duplicates: list[ReceivedAlert] = field(default_factory=list)
    # Expected alerts (manifest entries) that no received alert matched.
    missed: list[dict[str, Any]] = field(default_factory=list)
    # Received alerts that match no expected alert and are not duplicates: false alarms.
    unmatched: list[ReceivedAlert] = field(default_factory=list)
    # Article paths downloaded more than once during the replay (set by `replay`).
    repeated_page_downloads: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        """True positives over received alerts; 1.0 when nothing was sent (no false alarm)."""
        return self.true_positives / self.received if self.received else 1.0

    @property
    def recall(self) -> float:
        """True positives over expected alerts; 1.0 when nothing was expected."""
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def missed_updates(self) -> list[dict[str, Any]]:
        return [alert for alert in self.missed if alert["kind"] == "update"]


def expected_source_urls(manifest: dict[str, Any], base_url: str) -> list[set[str]]:
    """For each expected alert, the URLs whose presence among an alert's sources identifies it:
    its first article and every article whose current events carry its key."""
    articles = {article["id"]: article for article in manifest["articles"]}
    urls = []
    for expected in manifest["expected_alerts"]:
        ids = {expected["first_article"]} | {
            article["id"]
            for article in manifest["articles"]
            if any(event.get("key") == expected["key"] for event in article["current_events"])
        }
        urls.append({base_url + articles[article_id]["path"] for article_id in ids})
    return urls


def copy_urls(manifest: dict[str, Any], base_url: str) -> set[str]:
    return {base_url + article["path"] for article in manifest["articles"] if article.get("duplicate_of")}


def candidate_matches(
    alert: ReceivedAlert, expected_alerts: list[dict[str, Any]], identifying_urls: list[set[str]]
) -> list[int]:
    return [
        index
        for index, expected in enumerate(expected_alerts)
        if (alert.kind, alert.type, alert.status) == (expected["kind"], expected["type"], expected["status"])
        and identifying_urls[index].intersection(alert.source_urls)
    ]


def maximum_matching(candidates: list[list[int]]) -> dict[int, int]:
    """Pair received alerts with expected alerts, each at most once, pairing as many as possible
    (augmenting paths; the sets are small). Returns {expected index: received index}."""
    owner: dict[int, int] = {}

    def assign(received: int, seen: set[int]) -> bool:
        for expected in candidates[received]:
            if expected in seen:
                continue
            seen.add(expected)
            if expected not in owner or assign(owner[expected], seen):
                owner[expected] = received
                return True
        return False

    for received in range(len(candidates)):
        assign(received, set())
    return owner


def score_alerts(received: list[ReceivedAlert], manifest: dict[str, Any], base_url: str) -> ReplayScore:
    """Match received alerts to the manifest's expected alerts (see ReplayScore for the counts).

    An alert whose sources are all syndicated copies (`duplicate_of`) is a duplicate, never a
    true positive: the copy's original should have produced, or been added to, the alert.
    """
    expected_alerts = manifest["expected_alerts"]
    identifying_urls = expected_source_urls(manifest, base_url)
    copies = copy_urls(manifest, base_url)
    copy_only = [bool(alert.source_urls) and set(alert.source_urls) <= copies for alert in received]
    candidates = [
        [] if only_copies else candidate_matches(alert, expected_alerts, identifying_urls)
        for alert, only_copies in zip(received, copy_only, strict=True)
    ]
    matching = maximum_matching(candidates)
    matched_received = set(matching.values())
    duplicates = [
        alert
        for index, alert in enumerate(received)
        if index not in matched_received and (copy_only[index] or candidates[index])
    ]
    unmatched = [
        alert
        for index, alert in enumerate(received)
        if index not in matched_received and not copy_only[index] and not candidates[index]
    ]
    return ReplayScore(
        received=len(received),
        expected=len(expected_alerts),
        true_positives=len(matching),
        duplicates=duplicates,
        missed=[expected for index, expected in enumerate(expected_alerts) if index not in matching],
        unmatched=unmatched,
    )


def render_score(score: ReplayScore) -> Table:
    table = Table(title="Replay score", show_header=True)
    table.add_column("measure")
    table.add_column("value", overflow="fold")
    rows = [
        ("alerts received", str(score.received)),
        ("alerts expected", str(score.expected)),
        ("true positives", str(score.true_positives)),
        ("precision", f"{score.precision:.2f}"),
        ("recall", f"{score.recall:.2f}"),
        ("duplicate alerts", str(len(score.duplicates))),
        ("missed updates", str(len(score.missed_updates))),
        ("repeated page downloads", str(sum(score.repeated_page_downloads.values()))),
    ]
    rows += [("missed", f"{e['kind']} {e['type']} {e['status']} ({e['key']})") for e in score.missed]
    rows += [("duplicate", describe_alert(alert)) for alert in score.duplicates]
    rows += [("unmatched", describe_alert(alert)) for alert in score.unmatched]
    rows += [
        ("downloaded again", f"{path} ({count} times)")
        for path, count in sorted(score.repeated_page_downloads.items())
    ]
    for measure, value in rows:
        # Text, not markup: alert titles and URLs may hold square brackets.
        table.add_row(measure, Text(value))
    return table


def describe_alert(alert: ReceivedAlert) -> str:
    sources = ", ".join(alert.source_urls) or "no sources"
    return f"{alert.kind or '?'} {alert.type or '?'} {alert.status or '?'}: {alert.title} [{sources}]"


class AlertReceiver(BackgroundHTTPServer):
    """A local endpoint for apprise's `json://host:port/` notifier; use as a context manager.

    Every JSON POST body is appended to `alerts` before the response goes out, so a notification
    sent with apprise (which waits for the response) is visible as soon as `notify` returns.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.alerts: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        super().__init__((host, port), _AlertRequestHandler, name="alert-receiver")

    @property
    def url(self) -> str:
        """The apprise URL that delivers to this receiver."""
        host, port = self.host_and_port
        return f"json://{host}:{port}/"

    def received(self) -> list[ReceivedAlert]:
        with self._lock:
            return [parse_alert(payload) for payload in self.alerts]

    def record(self, payload: dict[str, Any]) -> None:
        with self._lock:
            self.alerts.append(payload)


class _AlertRequestHandler(QuietRequestHandler):

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            payload = json.loads(body)
        except ValueError:
            self._reply(HTTPStatus.BAD_REQUEST)
            return
        if not isinstance(payload, dict):
            self._reply(HTTPStatus.BAD_REQUEST)
            return
        receiver: AlertReceiver = self.server.owner
        receiver.record(payload)
        self._reply(HTTPStatus.OK)

    def _reply(self, status: HTTPStatus) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


def repeated_downloads(server: StreamServer) -> dict[str, int]:
    article_paths = {article.path for article in server.articles}
    return {path: count for path, count in server.downloads.items() if path in article_paths and count > 1}


def replay(stream_dir: Path, run_cycle: RunCycle) -> ReplayScore:
    """Serve the stream, call `run_cycle(feed_urls, alert_url, tick_index)` once per tick, score."""
    with StreamServer(stream_dir) as server, AlertReceiver() as receiver:
        for tick_index in range(len(server.ticks)):
            server.set_tick(tick_index)
            run_cycle(server.feed_urls(), receiver.url, tick_index)
        score = score_alerts(receiver.received(), server.manifest, server.base_url)
        score.repeated_page_downloads = repeated_downloads(server)
    return score

