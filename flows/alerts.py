"""Alerts: what they say, and their delivery from the outbox through apprise.

apprise's notify() returns False instead of raising and, given several URLs, cannot say which
failed; so each destination is notified on its own and the outbox row remembers which ones have
been reached. A destination that fails is retried on later cycles with exponential backoff.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mediawatch.extractors.watch import Actor
from mediawatch.flows.settings import AlertSettings
from mediawatch.flows.storage import Alert, Event, Store, destination_id, utcnow

TYPE_LABELS = {
    "talks": "talks",
    "prisoner_exchange": "prisoner exchange",
    "leader_call": "leaders' call",
    "leader_meeting": "leaders' meeting",
    "mediation_offer": "mediation offer",
    "ceasefire": "ceasefire",
    "agreement": "agreement",
}
MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True)
class AlertMessage:
    """An alert's parts; `body` renders them as text, `render_html` as HTML."""

    title: str
    summary: str
    fields: tuple[tuple[str, str], ...] = ()
    evidence: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        lines = [self.summary]
        if self.fields:
            lines += [""] + [f"{name}: {value}" for name, value in self.fields]
        if self.evidence:
            lines.append(f"Evidence: \u201c{self.evidence}\u201d")
        if self.sources:
            lines += ["Sources:"] + [f"- {url}" for url in self.sources]
        return "\n".join(lines)


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def display_names(actors: Mapping[str, Actor]) -> dict[str, str]:
    """Country and organisation names for alerts, from the watch file's actors ("TR" -> "Türkiye")."""
    return {code: actor.name for code, actor in actors.items()}


def country_list(codes: Sequence[str], names: Mapping[str, str]) -> str:
    return "-".join(names.get(code, code) for code in codes)


def compose_alert(
    event: Event,
    kind: str,
    sources: Sequence[str],
    names: Mapping[str, str],
    previous_status: str | None = None,
) -> AlertMessage:
    """The alert a person reads: a triage title, a one-line summary, the fields and every source."""
    label = TYPE_LABELS.get(event.type, event.type)
    who = country_list(event.parties, names) or "unknown parties"
    headline = f"{who}"
    if event.mediators:
        headline += f", mediated by {_and_list([names.get(m, m) for m in event.mediators])}"
    if event.count:
        headline += f", {event.count:,} each"
    if kind == "update":
        title = f"Update: {label} now {event.status}: {headline}"
    else:
        title = f"New {label} ({event.status}): {headline}"
    status = event.status + (f" (was {previous_status})" if previous_status else "")
    fields = [
        ("Type", event.type),
        ("Status", status),
        ("Parties", _named(event.parties, names) or "not stated"),
        ("Mediators", _named(event.mediators, names) or "none named"),
        ("Place", event.location or "not stated"),
        ("Date", event.date.isoformat() if event.date else "not stated"),
    ]
    if event.type == "prisoner_exchange":
        fields.append(("Count", f"{event.count:,} each" if event.count else "not stated"))
    return AlertMessage(title=title, summary=summary_line(event, names), fields=tuple(fields),
                        evidence=event.evidence[0] if event.evidence else None, sources=tuple(sources))


def summary_line(event: Event, names: Mapping[str, str]) -> str:
    """'Russia and Ukraine: talks held in Istanbul on 2025-05-16, mediated by Türkiye.'"""
    who = _and_list([names.get(p, p) for p in event.parties]) or "Unnamed parties"
    text = f"{who}: {TYPE_LABELS.get(event.type, event.type)} {event.status}"
    if event.count:
        text += f", {event.count:,} each"
    if event.location:
        text += f" in {event.location}"
    if event.date:
        text += f" on {event.date.isoformat()}"
    if event.mediators:
        text += f", mediated by {_and_list([names.get(m, m) for m in event.mediators])}"
    return text + "."


def _named(codes: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(f"{names[c]} ({c})" if c in names else c for c in codes)


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4 ... minutes, at most MAX_BACKOFF."""
    return min(timedelta(minutes=2 ** min(attempts, 20)), MAX_BACKOFF)


@dataclass(frozen=True)
class Destination:
    """An apprise URL and the event types routed to it (apprise-style tags: one room for exchanges,
    another for talks)."""

    url: str
    types: frozenset[str]

    @property
    def id(self) -> str:
        return destination_id(self.url)

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0].lower() if "://" in self.url else "?"


EMAIL_SCHEMES = {"mailto", "mailtos"}


def destinations(alerts: AlertSettings) -> list[Destination]:
    """One Destination per distinct URL: the general URLs take every alerting type in
    `alerts.types`, a route's URLs its own types (a URL in both gets the union)."""
    routed: dict[str, set[str]] = {}
    for url in alerts.resolved_urls():
        routed.setdefault(url, set()).update(alerts.types)
    for urls, types in alerts.resolved_routes():
        for url in urls:
            routed.setdefault(url, set()).update(types)
    return [Destination(url, frozenset(types)) for url, types in routed.items()]


def notify(destination: Destination, message: AlertMessage, html: str | None = None) -> str | None:
    """Send to one destination; None when it went, else a reason that names no secret.

    Email gets the HTML rendering (apprise adds the plain-text part from it); chat and webhooks
    get the text, which reads as Markdown where the service renders it.
    """
    import apprise

    client = apprise.Apprise()
    if not client.add(destination.url):
        return f"not a valid apprise URL (scheme {destination.scheme}://)"
    if html is not None and destination.scheme in EMAIL_SCHEMES:
        ok = client.notify(title=message.title, body=html, body_format=apprise.NotifyFormat.HTML)
    else:
        ok = client.notify(title=message.title, body=message.body, body_format=apprise.NotifyFormat.TEXT)
    return None if ok else f"{destination.scheme}:// delivery failed"


def render_html(message: AlertMessage) -> str:
    """The alert as a small HTML document: every value escaped, sources as links."""
    esc = html.escape
    rows = "<br/>".join(f"<strong>{esc(k)}:</strong> {esc(v)}" for k, v in message.fields)
    links = "".join(f"<li><a href=\"{esc(u)}\">{esc(u)}</a></li>" for u in message.sources)
    quote = f"<blockquote>\u201c{esc(message.evidence)}\u201d</blockquote>" if message.evidence else ""
    return (f"<html><body><p><strong>{esc(message.summary)}</strong></p><p>{rows}</p>{quote}"
            f"<p>Sources:</p><ul>{links}</ul></body></html>")


def deliver_pending(
    store: Store,
    destinations: Sequence[Destination],
    names: Mapping[str, str],
    max_attempts: int,
    now: datetime | None = None,
    digest: timedelta | None = None,
) -> DeliveryReport:
    """Send the due alerts of the outbox to the destinations they have not reached yet.

    With `digest`, alerts wait until a period has passed since the last delivery and then go
    out together, one message per destination.
    """
    now = now or utcnow()
    report = DeliveryReport()
    if digest is not None and not store.digest_due(now, digest):
        return report
    alerts = store.claim_due_alerts(now)
    if not alerts:
        return report
    messages = _messages(store, alerts, names)
    delivered = {a.id: list(a.delivered) for a in alerts}
    errors: dict[int, list[str]] = {a.id: [] for a in alerts}
    for destination in destinations:
        mine = [a for a in alerts if a.event_type in destination.types and destination.id not in delivered[a.id]]
        batches = [mine] if digest is not None and mine else [[a] for a in mine]
        for batch in batches:
            message = messages[batch[0].id] if len(batch) == 1 and digest is None else compose_digest(
                [messages[a.id] for a in batch])
            error = notify(destination, message, render_html(message) if digest is None else None)
            for alert in batch:
                if error is None:
                    delivered[alert.id].append(destination.id)
                else:
                    errors[alert.id].append(error)
    for alert in alerts:
        done = not errors[alert.id]
        failed = not done and alert.attempts + 1 >= max_attempts
        store.record_delivery(
            alert, delivered[alert.id], "; ".join(errors[alert.id]) or None, done=done, failed=failed,
            next_attempt_at=None if done or failed else now + backoff(alert.attempts),
        )
        title = messages[alert.id].title
        (report.sent if done else report.failed if failed else report.pending).append(title)
        report.errors.extend(f"{title}: {e}" for e in errors[alert.id])
    return report


def compose_digest(messages: Sequence[AlertMessage]) -> AlertMessage:
    """Several alerts in one message: each title and summary, then its sources."""
    parts = []
    for message in messages:
        sources = "\n".join(f"- {url}" for url in message.sources)
        parts.append(f"{message.title}\n{message.summary}\nSources:\n{sources}")
    count = len(messages)
    return AlertMessage(title=f"mediawatch digest: {count} alert{'s' if count != 1 else ''}",
                        summary="\n\n".join(parts))


def _messages(store: Store, alerts: Sequence[Alert], names: Mapping[str, str]) -> dict[int, AlertMessage]:
    events = {a.event_id: store.event(a.event_id) for a in alerts}
    sources = store.sources(list(events))
    return {
        a.id: compose_alert(_at_status(events[a.event_id], a), a.kind, sources[a.event_id], names,
                            previous_status=store.previous_alert_status(a) if a.kind == "update" else None)
        for a in alerts
    }


def _at_status(event: Event, alert: Alert) -> Event:
    """The event as it was when the alert was queued (a later update may have moved it on)."""
    return event.model_copy(update={"status": alert.status})
