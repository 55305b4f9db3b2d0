"""Ingest: articles, events, sources and the outbox, as stored rows, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from mediawatch.extractors import similarity
from mediawatch.extractors.article import text_fingerprint
from mediawatch.extractors.models import Event as TaggedEvent
from mediawatch.extractors.models import FeedEntry
from mediawatch.flows.cycle import (
    ARTICLE_RETRY_LIMIT,
    Download,
    ingest,
    match_pending,
    retry_entries,
    store_downloads,
)
from mediawatch.flows.storage import Article, Event, EventSource, PendingMatch, Store
from tests.helpers import run_together

TYPES = ["talks", "prisoner_exchange"]

TALKS_TEXT = (
    "Negotiators for Northland and Southland met for six hours in Geneva on Tuesday, the first round of talks "
    "since the border war began. The Swiss foreign ministry, which hosted the meeting, said both delegations "
    "agreed to meet again within a month. Officials described the mood as businesslike but cold."
)


def download(url: str, text: str, events: list[TaggedEvent], published: str = "2024-03-05T18:00:00+00:00",
             error: str | None = None) -> Download:
    moment = datetime.fromisoformat(published)
    signature = similarity.text_signature(text) if text else None
    return Download(
        feed_id=None, entry=FeedEntry(url=url, title="t", published=moment), canonical_url=url, final_url=url,
        title="A headline", published=moment, text=text or None,
        fingerprint=text_fingerprint(text) if text else None,
        signature=similarity.signature_bytes(signature) if signature else None,
        band_keys=similarity.band_keys(signature) if signature else [], events=events, error=error,
    )


def talks(status: str = "held", day: date | None = date(2024, 3, 5), current: bool = True) -> TaggedEvent:
    return TaggedEvent(type="talks", status=status, current=current, parties=["XN", "XS"], mediators=["CH"],
                       location="Geneva", date=day, evidence=["Negotiators met in Geneva on Tuesday."])


def fresh_store(url: str) -> Store:
    store = Store(url)
    store.create_schema()
    return store


def rows(store: Store, model):
    with store.session() as session:
        return list(session.exec(select(model)).all())


def test_new_event_is_stored_with_its_source_and_one_queued_alert(database_url: str) -> None:
    store = fresh_store(database_url)
    report = ingest(store, [download("https://a.example/1", TALKS_TEXT, [talks()])], TYPES)
    assert (report.new_articles, len(report.new_events), report.alerts_queued) == (1, 1, 1)
    [event] = rows(store, Event)
    assert (event.type, event.status, event.parties, event.mediators, event.location, event.date) == (
        "talks", "held", ["XN", "XS"], ["CH"], "Geneva", date(2024, 3, 5))
    assert store.sources([event.id]) == {event.id: ["https://a.example/1"]}
    [alert] = store.alerts()
    assert (alert.kind, alert.status, alert.state, alert.key) == ("new", "held", "pending", f"{event.id}:held")


def test_second_report_adds_a_source_and_no_alert(database_url: str) -> None:
    store = fresh_store(database_url)
    ingest(store, [download("https://a.example/1", TALKS_TEXT, [talks()])], TYPES)
    rewrite = "A different write-up: delegations from both countries sat down in Switzerland for the talks."
    report = ingest(store, [download("https://b.example/2", rewrite, [talks(day=date(2024, 3, 5))],
                                     published="2024-03-06T08:00:00+00:00")], TYPES)
    assert report.alerts_queued == 0 and report.new_events == []
    [event] = rows(store, Event)
    assert store.sources([event.id])[event.id] == ["https://a.example/1", "https://b.example/2"]
    assert len(store.alerts()) == 1


def test_planned_then_held_is_one_update_alert(database_url: str) -> None:
    store = fresh_store(database_url)
    ingest(store, [download("https://a.example/plan", "Talks are planned for next week in Geneva, officials said.",
                            [talks(status="planned", day=None)], published="2024-03-01T08:00:00+00:00")], TYPES)
    report = ingest(store, [download("https://a.example/held", TALKS_TEXT, [talks()])], TYPES)
    assert report.updated_events and report.alerts_queued == 1
    [event] = rows(store, Event)
    assert (event.status, event.date) == ("held", date(2024, 3, 5))
    assert [(a.kind, a.status) for a in store.alerts()] == [("new", "planned"), ("update", "held")]
    again = ingest(store, [download("https://c.example/held-again", "Yet another report on the Geneva round.",
                                    [talks()])], TYPES)
    assert again.alerts_queued == 0


def test_exchanges_sharing_one_side_the_same_week_are_two_events_and_two_alerts(database_url: str) -> None:
    store = fresh_store(database_url)

    def swap(parties: list[str]) -> TaggedEvent:
        return TaggedEvent(type="prisoner_exchange", status="completed", current=True, parties=parties,
                           mediators=["TR"], evidence=["The prisoners were exchanged on Thursday."])

    ingest(store, [download("https://a.example/ua", "Moscow and Kyiv swapped prisoners.", [swap(["RU", "UA"])])],
           TYPES)
    report = ingest(store, [
        download("https://b.example/us", "Moscow and Washington swapped prisoners.", [swap(["RU", "US"])]),
        download("https://c.example/ua-side", "Kyiv welcomed its soldiers home.", [swap(["UA"])]),
    ], TYPES)
    assert (len(report.new_events), report.alerts_queued) == (1, 1)
    assert sorted(e.parties for e in rows(store, Event)) == [["RU", "UA"], ["RU", "US"]]
    assert len(store.alerts()) == 2


def test_a_feed_listing_newest_first_gives_one_event_announced_then_held(database_url: str) -> None:
    store = fresh_store(database_url)
    held = download("https://a.example/held", TALKS_TEXT, [talks()])
    planned = download("https://a.example/plan", "Talks are planned for next week in Geneva, officials said.",
                       [talks(status="planned", day=None)], published="2024-03-01T08:00:00+00:00")
    report = ingest(store, [held, planned], TYPES)
    assert (len(report.new_events), len(report.updated_events)) == (1, 1)
    [event] = rows(store, Event)
    assert event.status == "held"
    assert [(a.kind, a.status) for a in store.alerts()] == [("new", "planned"), ("update", "held")]


def test_a_feed_finishing_later_with_the_announcement_adds_a_source_not_an_alert(database_url: str) -> None:
    store = fresh_store(database_url)
    ingest(store, [download("https://a.example/held", TALKS_TEXT, [talks()])], TYPES)
    report = ingest(store, [download("https://b.example/plan", "Talks are planned for next week in Geneva.",
                                     [talks(status="planned", day=None)], published="2024-03-01T08:00:00+00:00")],
                    TYPES)
    assert (report.new_events, report.updated_events, report.alerts_queued) == ([], [], 0)
    [event] = rows(store, Event)
    assert event.status == "held"
    assert store.sources([event.id])[event.id] == ["https://b.example/plan", "https://a.example/held"]
    assert [(a.kind, a.status) for a in store.alerts()] == [("new", "held")]


@pytest.mark.parametrize("held_feed_first", [True, False])
def test_feeds_finishing_in_either_order_in_one_cycle_give_the_announcement_then_the_update(
        database_url: str, held_feed_first: bool) -> None:
    """A cycle stores each feed's articles as the feed finishes, and matches them all at the end
    in publication order: the feed that finished first does not decide the alerts."""
    store = fresh_store(database_url)
    planned = download("https://b.example/plan", "Talks are planned for next week in Geneva.",
                       [talks(status="planned", day=None)], published="2024-03-01T08:00:00+00:00")
    held = download("https://a.example/held", TALKS_TEXT, [talks()])
    for feed in ([held], [planned]) if held_feed_first else ([planned], [held]):
        assert store_downloads(store, feed).new_articles == 1
    assert rows(store, Event) == [] and len(rows(store, PendingMatch)) == 2
    report = match_pending(store, TYPES)
    assert (len(report.new_events), len(report.updated_events), report.alerts_queued) == (1, 1, 2)
    [event] = rows(store, Event)
    assert (event.status, event.date) == ("held", date(2024, 3, 5))
    assert store.sources([event.id])[event.id] == ["https://b.example/plan", "https://a.example/held"]
    assert [(a.kind, a.status) for a in store.alerts()] == [("new", "planned"), ("update", "held")]
    assert rows(store, PendingMatch) == []


def test_of_two_copies_the_earlier_published_one_speaks_for_the_text(database_url: str) -> None:
    """A week-old wire story republished by a second outlet: whichever feed finishes first, the
    event is read from the original publication ("on Tuesday" is 5 March, not 12 March)."""
    store = fresh_store(database_url)
    republished = download("https://late.example/copy", TALKS_TEXT + " Edited by our desk.",
                           [talks(day=date(2024, 3, 12))], published="2024-03-14T08:00:00+00:00")
    wire = download("https://wire.example/1", TALKS_TEXT, [talks()])
    store_downloads(store, [republished])
    report = store_downloads(store, [wire])
    assert (report.new_articles, report.duplicates) == (0, 1)  # stored second, so stored as the copy
    report = match_pending(store, TYPES)
    assert (len(report.new_events), report.alerts_queued) == (1, 1)
    [event] = rows(store, Event)
    assert event.date == date(2024, 3, 5)
    assert store.sources([event.id])[event.id] == ["https://wire.example/1", "https://late.example/copy"]
    later = ingest(store, [download("https://third.example/copy", TALKS_TEXT, [talks(day=date(2024, 3, 19))],
                                    published="2024-03-21T08:00:00+00:00")], TYPES)
    assert (later.duplicates, later.new_events, later.alerts_queued) == (1, [], 0)
    assert len(store.sources([event.id])[event.id]) == 3


def test_articles_a_killed_run_stored_are_matched_by_the_next_run(database_url: str) -> None:
    store = fresh_store(database_url)
    store_downloads(store, [download("https://a.example/1", TALKS_TEXT, [talks()])])
    store.engine.dispose()  # the run dies before matching
    next_run = Store(database_url)
    next_run.create_schema()
    report = match_pending(next_run, TYPES)
    assert (len(report.new_events), report.alerts_queued) == (1, 1)
    [event] = rows(next_run, Event)
    assert next_run.sources([event.id]) == {event.id: ["https://a.example/1"]}
    assert match_pending(next_run, TYPES).alerts_queued == 0


def test_one_batch_finds_known_events_months_apart_and_links_an_article_once(database_url: str) -> None:
    store = fresh_store(database_url)
    ingest(store, [download("https://a.example/march", TALKS_TEXT, [talks()]),
                   download("https://a.example/sept", "Negotiators met again in Geneva in September.",
                            [talks(day=date(2024, 9, 10))], published="2024-09-10T18:00:00+00:00")], TYPES)
    # Both reports of the March round are in one article; the September report is in another.
    report = ingest(store, [
        download("https://b.example/march", "Two accounts of the Geneva round in March.",
                 [talks(), talks(status="held", day=date(2024, 3, 6))], published="2024-03-06T08:00:00+00:00"),
        download("https://b.example/sept", "A later account of the September round.",
                 [talks(day=date(2024, 9, 10))], published="2024-09-11T08:00:00+00:00"),
    ], TYPES)
    assert (report.new_events, report.alerts_queued) == ([], 0)
    march, september = sorted(rows(store, Event), key=lambda event: event.date)
    sources = store.sources([march.id, september.id])
    assert sources == {march.id: ["https://a.example/march", "https://b.example/march"],
                       september.id: ["https://a.example/sept", "https://b.example/sept"]}


def test_exact_and_syndicated_copies_are_sources_not_events(database_url: str) -> None:
    store = fresh_store(database_url)
    ingest(store, [download("https://wire.example/1", TALKS_TEXT, [talks()])], TYPES)
    copy = TALKS_TEXT + " Read also: Markets steady as talks begin."
    report = ingest(store, [download("https://wire.example/copy", TALKS_TEXT, [talks()]),
                            download("https://paper.example/syndicated", copy, [talks()])], TYPES)
    assert (report.duplicates, report.new_articles, report.alerts_queued) == (2, 0, 0)
    [event] = rows(store, Event)
    assert len(store.sources([event.id])[event.id]) == 3
    states = sorted(a.state for a in rows(store, Article))
    assert states == ["duplicate", "duplicate", "ok"]


def test_a_copy_of_an_article_stored_in_the_same_batch_is_found(database_url: str) -> None:
    store = fresh_store(database_url)
    copy = "Wire report. " + TALKS_TEXT + " Read also: Markets steady as talks begin."
    report = ingest(store, [download("https://wire.example/1", TALKS_TEXT, [talks()]),
                            download("https://paper.example/copy", copy, [talks()])], TYPES)
    assert (report.new_articles, report.duplicates, report.alerts_queued) == (1, 1, 1)
    later = ingest(store, [download("https://other.example/copy", copy + " Edited by our desk.", [talks()])], TYPES)
    assert (later.new_articles, later.duplicates) == (0, 1)
    [event] = rows(store, Event)
    assert store.sources([event.id])[event.id] == [
        "https://wire.example/1", "https://paper.example/copy", "https://other.example/copy"]


def test_background_and_denied_are_stored_but_never_alert(database_url: str) -> None:
    store = fresh_store(database_url)
    old = talks(day=date(2022, 3, 29), current=False)
    denied = TaggedEvent(type="talks", status="denied", current=False, parties=["XN", "XS"])
    report = ingest(store, [download("https://a.example/1", TALKS_TEXT, [old, denied])], TYPES)
    assert report.alerts_queued == 0
    assert sorted((e.status, e.current) for e in rows(store, Event)) == [("denied", False), ("held", False)]
    assert store.alerts() == []


def test_a_rerun_stores_nothing_twice(database_url: str) -> None:
    store = fresh_store(database_url)
    batch = [download("https://a.example/1", TALKS_TEXT, [talks()])]
    ingest(store, batch, TYPES)
    report = ingest(store, batch, TYPES)
    assert (report.new_articles, report.alerts_queued) == (0, 0)
    assert len(rows(store, Article)) == 1 and len(rows(store, EventSource)) == 1


def test_failed_page_is_recorded_and_retried_a_few_times(database_url: str) -> None:
    store = fresh_store(database_url)
    failed = download("https://a.example/broken", "", [], error="HTTP 503")
    for attempt in range(1, ARTICLE_RETRY_LIMIT + 1):
        assert [e.url for _, e in retry_entries(store)] == ([] if attempt == 1 else ["https://a.example/broken"])
        ingest(store, [failed], TYPES)
    [article] = rows(store, Article)
    assert (article.state, article.error, article.attempts) == ("failed", "HTTP 503", ARTICLE_RETRY_LIMIT)
    assert retry_entries(store) == []


def test_two_runs_racing_on_one_database_store_and_queue_once(database_url: str) -> None:
    fresh_store(database_url)
    batch = [download(f"https://a.example/{i}", f"{TALKS_TEXT} Item {i}.", [talks()]) for i in range(5)]
    errors = run_together(lambda: ingest(Store(database_url), batch, TYPES), times=2)
    store = Store(database_url)
    assert errors == []
    assert len([a for a in rows(store, Article) if a.state == "ok"]) == 1
    assert len(rows(store, Event)) == 1 and len(store.alerts()) == 1
