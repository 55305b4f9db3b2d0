"""Is a newly read event one already known, and does it move that event forward?

Pure decisions over plain values, so that storage only has to fetch candidates and apply them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# How far along an event is. proposed -> planned -> held for talks, calls and meetings;
# proposed -> agreed -> completed for exchanges; an agreed ceasefire or deal is as far as it goes.
STATUS_RANK = {"denied": -1, "proposed": 0, "planned": 1, "agreed": 1, "held": 2, "completed": 2}

# Reports of one event give dates this close (time zones, "overnight", a late report).
SAME_DAY_SLACK = 2
# An undated event (a planned round, an agreed swap) is matched to a report this many days later.
UNDATED_WINDOW = 14


@dataclass(frozen=True)
class KnownEvent:
    """What matching needs of a stored event."""

    id: int
    type: str
    status: str
    parties: tuple[str, ...]
    date: date | None
    reference_date: date


def advances(old_status: str, new_status: str) -> bool:
    """True when new_status is further along than old_status (an update worth an alert)."""
    return STATUS_RANK.get(new_status, -1) > STATUS_RANK.get(old_status, -1)


def match_event(
    event_type: str,
    status: str,
    parties: set[str],
    event_date: date | None,
    reported_on: date,
    candidates: list[KnownEvent],
) -> KnownEvent | None:
    """The stored event this report describes, or None for a new event.

    Same type and compatible parties (`_parties_overlap`) are required; then dates decide. Two known dates must be
    within SAME_DAY_SLACK days (so consecutive rounds a few days apart stay apart). When either
    date is unknown, the report must fall within UNDATED_WINDOW days of the other's reference day.
    An undated report of an earlier stage (talks "to meet again in the coming days") is not the
    event already further along (the round just held): it is the next one, unless that event is
    dated and the report was published before its date, when it is the event's announcement,
    whichever of the two reports was stored first (feeds finish in any order).
    Location is not compared: reports write it at different scopes ("Gomel region", "Homel";
    "Ankara", "Türkiye"). Among several fits the closest in time wins.
    """
    best: tuple[int, KnownEvent] | None = None
    for known in candidates:
        if known.type != event_type or not _parties_overlap(parties, set(known.parties)):
            continue
        if _next_stage_after(known, status, event_date, reported_on):
            continue
        distance = _distance(event_date, reported_on, known)
        if distance is None:
            continue
        if best is None or distance < best[0]:
            best = (distance, known)
    return best[1] if best else None


def _next_stage_after(known: KnownEvent, status: str, event_date: date | None, reported_on: date) -> bool:
    """Whether a report of an earlier stage than `known`'s is of the next such event: an undated
    one, unless `known` is dated after the report (only a known event's own date tells: an
    undated one's reference day is that of whichever report was stored first); or one still to
    come on a day after its report, when `known`, undated, was reported further along before
    ("talks in Istanbul on June 2" announced on May 28, after "last week's talks" reported on
    May 23)."""
    if STATUS_RANK.get(status, -1) >= STATUS_RANK.get(known.status, -1):
        return False
    if event_date is None:
        return known.date is None or reported_on >= known.date
    return known.date is None and event_date > reported_on and known.reference_date < reported_on


def _parties_overlap(a: set[str], b: set[str]) -> bool:
    """Whether two reports can be of one event's sides: one names a subset of the other's (a
    report often names one side only: "Ukraine received 95 of its soldiers"), or they share two
    (a third party read by mistake). Sharing one side is not enough: Russia's exchange with
    Ukraine and its exchange with the United States the same week are two exchanges."""
    if not (a or b):
        return True
    shared = a & b
    return bool(shared) and (a <= b or b <= a or len(shared) >= 2)


def _distance(event_date: date | None, reported_on: date, known: KnownEvent) -> int | None:
    if event_date and known.date:
        gap = abs((event_date - known.date).days)
        return gap if gap <= SAME_DAY_SLACK else None
    # An undated side: compare with the report's own day, and prefer exact-date matches above.
    ours = event_date or reported_on
    gap = abs((ours - known.reference_date).days)
    return SAME_DAY_SLACK + 1 + gap if gap <= UNDATED_WINDOW else None
