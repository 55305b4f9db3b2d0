"""Replay scoring against the mini stream's labels, and alerts received from real apprise."""

from __future__ import annotations

import io
import json
from xml.etree import ElementTree

import apprise
import httpx
import pytest
from rich.console import Console

from mediawatch.flows.demo import DEMO_STREAM
from mediawatch.flows.replay import (
    AlertReceiver,
    ReceivedAlert,
    parse_alert,
    render_score,
    replay,
    score_alerts,
)

BASE = "http://stream.test"
M1 = BASE + "/wire/2025/05/13/russia-ukraine-delegations-istanbul-friday"
M2 = BASE + "/wire/2025/05/16/russia-ukraine-istanbul-talks-prisoner-swap"
M3 = BASE + "/daily/world/istanbul-talks-end-with-deal-on-prisoner-exchange-20518"
M4 = BASE + "/daily/sports/harbour-city-in-transfer-talks-over-brazilian-forward-20466"

TALKS_PLANNED = ReceivedAlert("new", "talks", "planned", (M1,))
TALKS_HELD = ReceivedAlert("update", "talks", "held", (M1, M2, M3))
EXCHANGE_AGREED = ReceivedAlert("new", "prisoner_exchange", "agreed", (M2, M3))


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((DEMO_STREAM / "manifest.json").read_text("utf-8"))


def alert_body(alert_type: str, status: str, sources: list[str]) -> str:
    """A message body in the pipeline's alert format, with the lines the scorer does not read."""
    lines = ["Russia and Ukraine: talks in Istanbul.", "", f"Type: {alert_type}", f"Status: {status}"]
    lines += ["Parties: Russia (RU), Ukraine (UA)", "Place: Istanbul", "Sources:"]
    return "\n".join(lines + [f"- {url}" for url in sources])


def test_parse_alert_reads_kind_type_status_and_sources() -> None:
    payload = {
        "version": "1.0",
        "title": "Update: Talks now held: Russia-Ukraine, mediated by Türkiye",
        "message": alert_body("talks", "held (was planned)", [M1, M2]),
        "type": "info",
    }
    assert parse_alert(payload) == ReceivedAlert(
        "update", "talks", "held", (M1, M2), title=payload["title"]
    )
    title_only = {"title": "New Prisoner exchange (agreed): Russia-Ukraine", "message": ""}
    assert parse_alert(title_only).kind == "new"
    assert parse_alert({"title": "Something else", "message": "no fields"}) == ReceivedAlert(
        "", "", "", (), title="Something else"
    )


def test_perfect_alerts_score_one_and_one(manifest: dict) -> None:
    score = score_alerts([TALKS_PLANNED, TALKS_HELD, EXCHANGE_AGREED], manifest, BASE)
    assert (score.received, score.expected, score.true_positives) == (3, 3, 3)
    assert (score.precision, score.recall) == (1.0, 1.0)
    assert score.duplicates == score.unmatched == score.missed == []


def test_any_report_of_the_event_identifies_it_not_only_the_first_article(manifest: dict) -> None:
    held_citing_the_plan = ReceivedAlert("update", "talks", "held", (M1,))
    score = score_alerts([TALKS_PLANNED, held_citing_the_plan, EXCHANGE_AGREED], manifest, BASE)
    assert score.true_positives == 3


def test_second_alert_for_one_event_and_copy_only_alert_are_duplicates(manifest: dict) -> None:
    again = ReceivedAlert("new", "prisoner_exchange", "agreed", (M2,))
    from_copy = ReceivedAlert("new", "prisoner_exchange", "agreed", (M3,))
    score = score_alerts([TALKS_PLANNED, TALKS_HELD, EXCHANGE_AGREED, again, from_copy], manifest, BASE)
    assert score.true_positives == 3
    assert score.duplicates == [again, from_copy]
    assert score.unmatched == []
    assert score.precision == pytest.approx(3 / 5)
    assert score.recall == 1.0


def test_missing_update_is_counted_and_a_new_alert_for_it_does_not_match(manifest: dict) -> None:
    held_as_new = ReceivedAlert("new", "talks", "held", (M2,))
    score = score_alerts([TALKS_PLANNED, EXCHANGE_AGREED, held_as_new], manifest, BASE)
    assert score.missed_updates == [manifest["expected_alerts"][1]]
    assert score.unmatched == [held_as_new]
    assert score.recall == pytest.approx(2 / 3)
    assert score.precision == pytest.approx(2 / 3)


def test_alert_from_the_football_page_is_unmatched(manifest: dict) -> None:
    transfer = ReceivedAlert("new", "talks", "held", (M4,))
    score = score_alerts([TALKS_PLANNED, TALKS_HELD, EXCHANGE_AGREED, transfer], manifest, BASE)
    assert score.unmatched == [transfer]
    assert score.duplicates == []


def test_no_alerts_scores_recall_zero_and_render_lists_what_was_missed(manifest: dict) -> None:
    score = score_alerts([], manifest, BASE)
    assert (score.precision, score.recall) == (1.0, 0.0)
    console = Console(file=io.StringIO(), width=200)
    console.print(render_score(score))
    lines = console.file.getvalue().splitlines()
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines]
    assert [value for measure, value in filter(None, rows) if measure == "missed"] == [
        "new talks planned (E1)",
        "update talks held (E1)",
        "new prisoner_exchange agreed (E2)",
    ]
    assert ["missed updates", "1"] in rows


def test_receiver_captures_a_real_apprise_notification() -> None:
    with AlertReceiver() as receiver:
        notifier = apprise.Apprise()
        assert notifier.add(receiver.url)
        title = "New Talks (planned): Russia-Ukraine, mediated by Turkey"
        assert notifier.notify(title=title, body=alert_body("talks", "planned", [M1]))
    assert len(receiver.alerts) == 1
    payload = receiver.alerts[0]
    assert {"version", "title", "message", "type"} <= payload.keys()
    assert payload["title"] == title
    assert receiver.received() == [ReceivedAlert("new", "talks", "planned", (M1,), title=title)]


class OracleCycle:
    """A stand-in pipeline that knows the labels: polls feeds with validators, fetches each new page
    once, and sends through apprise the expected alerts whose first article it just fetched."""

    def __init__(self, manifest: dict) -> None:
        self.manifest = manifest
        self.validators: dict[str, dict[str, str]] = {}
        self.seen: set[str] = set()

    def __call__(self, feed_urls: dict[str, str], alert_url: str, tick_index: int) -> None:
        notifier = apprise.Apprise()
        notifier.add(alert_url)
        with httpx.Client() as client:
            for url in feed_urls.values():
                for link in self.new_links(client, url):
                    assert client.get(link).status_code == 200
                    self.alert_for(link, notifier)

    def new_links(self, client: httpx.Client, feed_url: str) -> list[str]:
        response = client.get(feed_url, headers=self.validators.get(feed_url, {}))
        if response.status_code == 304:
            return []
        self.validators[feed_url] = {"If-None-Match": response.headers["etag"]}
        links = [item.findtext("link") for item in ElementTree.fromstring(response.content).iter("item")]
        fresh = [link for link in links if link not in self.seen]
        self.seen.update(fresh)
        return fresh

    def alert_for(self, link: str, notifier: apprise.Apprise) -> None:
        article_id = next(a["id"] for a in self.manifest["articles"] if link.endswith(a["path"]))
        for expected in self.manifest["expected_alerts"]:
            if expected["first_article"] == article_id:
                prefix = "New " if expected["kind"] == "new" else "Update: "
                body = alert_body(expected["type"], expected["status"], [link])
                assert notifier.notify(title=f"{prefix}{expected['type']}", body=body)


def test_replay_with_an_oracle_cycle_scores_perfectly_and_fetches_each_page_once(manifest: dict) -> None:
    cycle = OracleCycle(manifest)
    score = replay(DEMO_STREAM, cycle)
    assert (score.received, score.true_positives, score.precision, score.recall) == (3, 3, 1.0, 1.0)
    assert score.repeated_page_downloads == {}
    assert len(cycle.seen) == 4
