"""Plain data passed between the extractors and the rest of mediawatch.

These are frozen dataclasses, not database rows: the extractors build them from bytes and text,
and the storage layer (mediawatch.flows.storage) turns them into rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

EVENT_TYPES = (
    "talks",
    "prisoner_exchange",
    "leader_call",
    "leader_meeting",
    "mediation_offer",
    "ceasefire",
    "agreement",
)
STATUSES = ("proposed", "planned", "held", "agreed", "completed", "denied")


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where the article is and what the feed says about it."""

    url: str
    title: str = ""
    summary: str = ""
    published: datetime | None = None
    guid: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[FeedEntry]
    # feedparser's "bozo" note when the document was not well formed but still yielded entries.
    warning: str | None = None


@dataclass(frozen=True)
class Article:
    """The readable part of a news page."""

    title: str
    text: str
    published: datetime | None = None


@dataclass(frozen=True)
class Event:
    """A mediation event read from one article (see ../shared/EVENTS.md for the model)."""

    type: str
    status: str
    current: bool
    parties: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    location: str | None = None
    date: date | None = None
    count: int | None = None
    evidence: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        """The event `to_json` gave."""
        day = data.get("date")
        return cls(**{**data, "date": date.fromisoformat(day) if day else None})
