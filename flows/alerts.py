"""Alerts: what they say, and their delivery from the outbox through apprise.

apprise's notify() returns False instead of raising and, given several URLs, cannot say which
failed; so each destination is notified on its own and the outbox row remembers which ones have
been reached. A destination that fails is retried on later cycles with exponential backoff.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mediawatch.extractors.watch import Watch
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
    title: str
    body: str


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def display_names(watch: Watch) -> dict[str, str]:
    """Country and organisation names for alerts, from the watch file ("TR" -> "Türkiye")."""
    return {code: actor.name for code, actor in watch.actors.items()}


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
    lines = [summary_line(event, names), ""]
    lines.append(f"Type: {event.type}")
    status = event.status + (f" (was {previous_status})" if previous_status else "")
    lines.append(f"Status: {status}")
    lines.append(f"Parties: {_named(event.parties, names) or 'not stated'}")
    lines.append(f"Mediators: {_named(event.mediators, names) or 'none named'}")
    lines.append(f"Place: {event.location or 'not stated'}")
    lines.append(f"Date: {event.date.isoformat() if event.date else 'not stated'}")
    if event.type == "prisoner_exchange":
        lines.append(f"Count: {f'{event.count:,} each' if event.count else 'not stated'}")
    if event.evidence:
        lines.append(f"Evidence: \u201c{event.evidence[0]}\u201d")
    lines.append("Sources:")
    lines.extend(f"- {url}" for url in sources)
    return AlertMessage(title=title, body="\n".join(lines))


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


def notify(url: str, message: AlertMessage) -> str | None:
    """Send to one apprise URL; None when it went, else a reason that names no secret."""
    import apprise

    client = apprise.Apprise()
    scheme = url.split("://", 1)[0] if "://" in url else "?"
    if not client.add(url):
        return f"not a valid apprise URL (scheme {scheme}://)"
    ok = client.notify(title=message.title, body=message.body, body_format=apprise.NotifyFormat.TEXT)
    return None if ok else f"{scheme}:// delivery failed"


def deliver_pending(
    store: Store,
    urls: Sequence[str],
    names: Mapping[str, str],
    max_attempts: int,
    now: datetime | None = None,
) -> DeliveryReport:
    """Send every due alert of the outbox to the destinations it has not reached yet."""
    now = now or utcnow()
    report = DeliveryReport()
    alerts = store.claim_due_alerts(now)
    if not alerts:
        return report
    events = {a.event_id: store.event(a.event_id) for a in alerts}
    sources = store.sources(list(events))
    for alert in alerts:
        event = events[alert.event_id]
        message = compose_alert(_at_status(event, alert), alert.kind, sources[alert.event_id], names,
                                previous_status=store.previous_alert_status(alert) if alert.kind == "update" else None)
        delivered, errors = list(alert.delivered), []
        for url in urls:
            if destination_id(url) in delivered:
                continue
            error = notify(url, message)
            if error is None:
                delivered.append(destination_id(url))
            else:
                errors.append(error)
        done = not errors
        failed = not done and alert.attempts + 1 >= max_attempts
        store.record_delivery(
            alert, delivered, "; ".join(errors) or None, done=done, failed=failed,
            next_attempt_at=None if done or failed else now + backoff(alert.attempts),
        )
        bucket = report.sent if done else report.failed if failed else report.pending
        bucket.append(message.title)
        report.errors.extend(f"{message.title}: {e}" for e in errors)
    return report


def _at_status(event: Event, alert: Alert) -> Event:
    """The event as it was when the alert was queued (a later update may have moved it on)."""
    return event.model_copy(update={"status": alert.status})
