"""Alert text and delivery: a real webhook receiver and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import socket
from datetime import date, timedelta
from email.message import Message

import pytest

from mediawatch.extractors.models import Event as TaggedEvent
from mediawatch.flows.alerts import Destination, compose_alert, deliver_pending
from mediawatch.flows.cycle import ingest
from mediawatch.flows.replay import AlertReceiver
from mediawatch.flows.storage import Event, Store, utcnow

from .test_ingest import TALKS_TEXT, download

NAMES = {"RU": "Russia", "UA": "Ukraine", "TR": "Türkiye", "XN": "Northland", "XS": "Southland", "CH": "Switzerland"}


def swap_event() -> Event:
    return Event(id=7, type="prisoner_exchange", status="completed", parties=["RU", "UA"], mediators=["TR"],
                 location="the Belarus border", date=date(2024, 6, 25), count=90,
                 evidence=["Both sides handed over 90 prisoners of war each on Tuesday."])


def test_alert_names_who_what_where_when_how_many_and_every_source() -> None:
    message = compose_alert(swap_event(), "new", ["https://a.example/1", "https://b.example/2"], NAMES)
    assert message.title == "New prisoner exchange (completed): Russia-Ukraine, mediated by Türkiye, 90 each"
    assert message.body.splitlines() == [
        "Russia and Ukraine: prisoner exchange completed, 90 each in the Belarus border on 2024-06-25, "
        "mediated by Türkiye.",
        "",
        "Type: prisoner_exchange",
        "Status: completed",
        "Parties: Russia (RU), Ukraine (UA)",
        "Mediators: Türkiye (TR)",
        "Place: the Belarus border",
        "Date: 2024-06-25",
        "Count: 90 each",
        "Evidence: \u201cBoth sides handed over 90 prisoners of war each on Tuesday.\u201d",
        "Sources:",
        "- https://a.example/1",
        "- https://b.example/2",
    ]
    update = compose_alert(swap_event(), "update", ["https://a.example/1"], NAMES, previous_status="agreed")
    assert update.title.startswith("Update: prisoner exchange now completed: Russia-Ukraine")
    assert "Status: completed (was agreed)" in update.body


def to(*urls: str) -> list[Destination]:
    return [Destination(url, frozenset({"talks", "prisoner_exchange"})) for url in urls]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def queued_store(database_url: str) -> Store:
    store = Store(database_url)
    store.create_schema()
    talks = TaggedEvent(type="talks", status="held", current=True, parties=["XN", "XS"], mediators=["CH"],
                        location="Geneva", date=date(2024, 3, 5), evidence=["They met in Geneva."])
    ingest(store, [download("https://a.example/1", TALKS_TEXT, [talks])], ["talks"])
    return store


def test_channel_down_keeps_the_alert_pending_then_delivers_it_once(database_url: str) -> None:
    store = queued_store(database_url)
    port = free_port()
    url = f"json://watcher:t0ken-s3cret@127.0.0.1:{port}/"
    down = deliver_pending(store, to(url), NAMES, max_attempts=5)
    assert "t0ken-s3cret" not in " ".join(down.errors)
    assert down.pending == ["New talks (held): Northland-Southland, mediated by Switzerland"]
    [alert] = store.alerts()
    assert (alert.state, alert.attempts, alert.last_error) == ("pending", 1, "json:// delivery failed")
    assert alert.next_attempt_at is not None
    with AlertReceiver(port=port) as receiver:
        assert deliver_pending(store, to(url), NAMES, max_attempts=5).sent == []  # backing off
        later = utcnow() + timedelta(hours=1)
        assert len(deliver_pending(store, to(url), NAMES, max_attempts=5, now=later).sent) == 1
        assert deliver_pending(store, to(url), NAMES, max_attempts=5, now=later).sent == []
        assert [a.title for a in receiver.received()] == [down.pending[0]]
    assert store.alerts()[0].state == "sent"


def test_a_partial_failure_is_retried_only_where_it_failed(database_url: str) -> None:
    store = queued_store(database_url)
    port = free_port()
    with AlertReceiver() as up:
        report = deliver_pending(store, to(up.url, f"json://127.0.0.1:{port}/"), NAMES, max_attempts=5)
        assert len(report.pending) == 1 and len(up.alerts) == 1
        with AlertReceiver(port=port) as back:
            later = utcnow() + timedelta(hours=1)
            deliver_pending(store, to(up.url, back.url), NAMES, max_attempts=5, now=later)
            assert (len(up.alerts), len(back.alerts)) == (1, 1)


def test_gives_up_after_max_attempts(tmp_path) -> None:
    store = queued_store(f"sqlite:///{tmp_path / 'x.db'}")
    url = f"json://127.0.0.1:{free_port()}/"
    moment = utcnow()
    for _ in range(3):
        moment += timedelta(days=1)
        report = deliver_pending(store, to(url), NAMES, max_attempts=3, now=moment)
    assert len(report.failed) == 1 and store.alerts()[0].state == "failed"


@pytest.fixture
def smtp_inbox():
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.messages: list[Message] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            self.messages.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_email_alert_reaches_a_real_smtp_server(smtp_inbox, tmp_path) -> None:
    inbox, port = smtp_inbox
    store = queued_store(f"sqlite:///{tmp_path / 'x.db'}")
    url = f"mailto://watch@127.0.0.1:{port}?mode=insecure&from=watch@example.org&to=desk@example.org"
    report = deliver_pending(store, to(url), NAMES, max_attempts=3)
    assert report.sent and not report.errors
    [message] = inbox.messages
    assert message["Subject"] == "New talks (held): Northland-Southland, mediated by Switzerland"
    assert message["To"] == "desk@example.org"
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk()
             if not part.is_multipart()}
    assert "Place: Geneva" in parts["text/plain"]
    assert "https://a.example/1" in parts["text/html"]


def test_routes_send_each_type_only_where_it_belongs(tmp_path, monkeypatch) -> None:
    from mediawatch.flows.alerts import destinations
    from mediawatch.flows.settings import parse_settings

    store = queued_store(f"sqlite:///{tmp_path / 'x.db'}")
    swap = TaggedEvent(type="prisoner_exchange", status="completed", current=True, parties=["XN", "XS"],
                       date=date(2024, 3, 5), count=40)
    ingest(store, [download("https://a.example/swap", "Forty prisoners each were exchanged at the border.",
                            [swap])], ["talks", "prisoner_exchange"])
    with AlertReceiver() as talks_room, AlertReceiver() as swaps_room:
        monkeypatch.setenv("SWAPS_ROOM", swaps_room.url)
        settings = parse_settings({"alerts": {"urls": [talks_room.url], "types": ["talks"],
                                              "routes": [{"urls": ["env:SWAPS_ROOM"], "types": ["prisoner_exchange"]}]}})
        assert settings.alerts.alerting_types() == ["prisoner_exchange", "talks"]
        deliver_pending(store, destinations(settings.alerts), NAMES, max_attempts=3)
        assert [a.type for a in talks_room.received()] == ["talks"]
        assert [a.type for a in swaps_room.received()] == ["prisoner_exchange"]


def test_digest_sends_one_message_per_period(tmp_path) -> None:
    store = queued_store(f"sqlite:///{tmp_path / 'x.db'}")
    swap = TaggedEvent(type="prisoner_exchange", status="completed", current=True, parties=["XN", "XS"],
                       date=date(2024, 3, 5), count=40)
    ingest(store, [download("https://a.example/swap", "Forty prisoners each were exchanged at the border.",
                            [swap])], ["talks", "prisoner_exchange"])
    day = timedelta(hours=24)
    with AlertReceiver() as room:
        deliver_pending(store, to(room.url), NAMES, max_attempts=3, digest=day)
        [digest] = room.alerts
        assert digest["title"] == "mediawatch digest: 2 alerts"
        assert "New talks (held)" in digest["message"] and "https://a.example/swap" in digest["message"]
        ingest(store, [download("https://b.example/new", "Another round of talks was held in Oslo on Monday.",
                                [TaggedEvent(type="talks", status="held", current=True, parties=["XN", "XS"],
                                             location="Oslo", date=date(2024, 4, 1))])], ["talks"])
        deliver_pending(store, to(room.url), NAMES, max_attempts=3, digest=day)
        assert len(room.alerts) == 1, "the next digest waits for its period"
        deliver_pending(store, to(room.url), NAMES, max_attempts=3, digest=day, now=utcnow() + day)
        assert len(room.alerts) == 2 and room.alerts[1]["title"] == "mediawatch digest: 1 alert"


def test_email_html_escapes_page_text(smtp_inbox, tmp_path) -> None:
    inbox, port = smtp_inbox
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    store.create_schema()
    hostile = TaggedEvent(type="talks", status="held", current=True, parties=["XN", "XS"],
                          location="<script>alert(1)</script>", date=date(2024, 3, 5),
                          evidence=["Talks were held <img src=x onerror=alert(2)> in the capital."])
    ingest(store, [download("https://a.example/x", TALKS_TEXT, [hostile])], ["talks"])
    deliver_pending(store, to(f"mailto://watch@127.0.0.1:{port}?mode=insecure&from=w@example.org&to=d@example.org"),
                    NAMES, max_attempts=3)
    [message] = inbox.messages
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_payload(decode=True).decode()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert '<a href="https://a.example/x">' in html
