"""Rows for the views a person reads: Prefect artifacts, `mediawatch events` and `mediawatch status`.

Text from feeds and pages is data: it is escaped before it goes into Markdown, so a title with
<script> or a | stays text in the Prefect UI.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from mediawatch.flows.storage import Feed, Store, as_utc


def markdown_text(value: object) -> str:
    return html.escape(str(value), quote=False).replace("|", "\\|").replace("\n", " ")


def _link(url: str) -> str:
    safe = url.replace(")", "%29").replace(" ", "%20")
    return f"[{markdown_text(url)}]({safe})"


def event_rows(store: Store, event_ids: Sequence[int]) -> list[dict[str, Any]]:
    if not event_ids:
        return [{"type": "no new events", "status": "", "parties": "", "mediators": "", "place": "", "date": "",
                 "count": "", "sources": ""}]
    sources = store.sources(list(event_ids))
    rows = []
    for event_id in event_ids:
        event = store.event(event_id)
        rows.append({
            "type": event.type,
            "status": event.status,
            "parties": ", ".join(event.parties),
            "mediators": ", ".join(event.mediators),
            "place": markdown_text(event.location or ""),
            "date": event.date.isoformat() if event.date else "",
            "count": event.count or "",
            "sources": " ".join(_link(u) for u in sources[event_id]),
        })
    return rows


def feed_health_rows(feeds: Sequence[Feed], polls: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """One row per feed: last HTTP status, entries, new entries, error, last success, backoff."""
    this_run = {p.feed.name: p for p in polls}
    rows = []
    for feed in feeds:
        poll = this_run.get(feed.name)
        state = ""
        if poll is not None:
            state = "backing off" if poll.skipped else "not modified" if poll.not_modified else ""
        rows.append({
            "feed": markdown_text(feed.name),
            "status": feed.last_status if feed.last_status is not None else "",
            "entries": feed.entries_last,
            "new": feed.new_last,
            "error": markdown_text(feed.last_error or state),
            "failures in a row": feed.consecutive_failures,
            "last success": _when(feed.last_success_at),
            "next try": _when(feed.next_check_at),
        })
    return rows


def _when(moment: Any) -> str:
    return as_utc(moment).strftime("%Y-%m-%d %H:%M UTC") if moment else ""
