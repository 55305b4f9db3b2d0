"""Secrets never leak, and text from feeds and pages stays text, in one real `mediawatch run`.

The run (a subprocess, against the session's Prefect test server) polls a page whose headline and
talks sentence carry <script>, and a failing feed whose name is <script>; its alerts go to a webhook
whose URL carries a token and is down, to a mail server that refuses a password, and to a real SMTP
server (aiosmtpd). Then everything it wrote is searched for the secrets: stdout and stderr of `run`,
`status` and `events --json`, every text column of the database, the flow run's Prefect logs and
artifacts. The email that did go out, and the artifacts, are checked for escaping.
"""

from __future__ import annotations

import asyncio
import email
import json
import os
import socket
import sqlite3
import subprocess
import sys
from email.message import Message
from pathlib import Path

import pytest

from mediawatch.flows.demo import write_local_config

from .support import REPO, Reply, Site, rss

HERE = Path(__file__).parent
TOKEN = "T0kEn-9f8e7d6c5b4a"
MAIL_PASSWORD = "mAil-Pw-314159"
DB_PASSWORD = "dB-Pw-271828"
SECRETS = (TOKEN, MAIL_PASSWORD, DB_PASSWORD)
SCRIPT = "<script"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mediawatch.flows.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=REPO, env=env)


@pytest.fixture(scope="module")
def one_run(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory):
    from aiosmtpd.controller import Controller
    from prefect.settings import PREFECT_API_URL

    tmp = tmp_path_factory.mktemp("secrets")
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    page = (HERE / "fixtures" / "script_talks.html").read_bytes()
    try:
        with Site({"/talks": Reply(200, page, {"Content-Type": "text/html; charset=utf-8"})}) as site:
            items = [('Talks <script>alert("item")</script>', site.url("/talks"), None)]
            site.routes["/feed.xml"] = Reply(200, rss('Wire <script>alert("feed title")</script>', items))
            feeds = {"wire": site.url("/feed.xml"), '<script>alert("feed")</script>': site.url("/gone.xml")}
            alert_urls = [f"json://watch:{TOKEN}@127.0.0.1:{free_port()}/?token={TOKEN}", "env:MEDIAWATCH_TEST_MAIL"]
            database = os.environ.get("MEDIAWATCH_TEST_POSTGRES_URL")
            database_url = None
            if database:  # trust authentication: any password is accepted, so it can be a secret here
                from sqlalchemy.engine import make_url

                from .support import reset_database

                reset_database(database)
                database_url = make_url(database).set(password=DB_PASSWORD).render_as_string(hide_password=False)
            config = write_local_config(tmp, feeds, alert_urls, "secrets")
            env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIAWATCH_", "PREFECT_"))}
            env.update({
                "PREFECT_API_URL": PREFECT_API_URL.value(),
                "MEDIAWATCH_TEST_MAIL": f"mailto://watch:{MAIL_PASSWORD}@127.0.0.1:{free_port()}"
                                        "?mode=insecure&from=watch@example.org&to=desk@example.org",
                "MEDIAWATCH_ALERT_URLS": f"mailto://watch@127.0.0.1:{smtp.port}"
                                         "?mode=insecure&from=watch@example.org&to=desk@example.org",
                "COLUMNS": "200",
            })
            if database_url:
                env["MEDIAWATCH_DATABASE_URL"] = database_url
            outputs = {"run": run_cli(["run", "--config", str(config)], env)}
        outputs["status"] = run_cli(["status", "--config", str(config)], env)
        outputs["events"] = run_cli(["events", "--json", "--all", "--config", str(config)], env)
    finally:
        smtp.stop()
    yield {"outputs": outputs, "inbox": inbox, "config": config, "database_url": database_url,
           "sqlite": tmp / "secrets.db", "prefect": prefect_records()}


def prefect_records() -> dict[str, list]:
    """Logs and artifacts of the newest flow run named after the config ("secrets ...")."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterName,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.client.schemas.sorting import FlowRunSort

    async def read():
        async with get_client() as client:
            [run] = await client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_="secrets")),
                                                sort=FlowRunSort.START_TIME_DESC, limit=1)
            logs = await client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])),
                                          limit=200)
            artifacts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id])))
            return {"run": [run], "logs": logs, "artifacts": artifacts}

    return asyncio.run(read())


def database_text(one_run) -> str:
    """Every value of every table, as text."""
    if one_run["database_url"]:
        from sqlalchemy import create_engine, inspect, text

        engine = create_engine(one_run["database_url"])
        with engine.connect() as connection:
            values = [str(row) for table in inspect(engine).get_table_names()
                      for row in connection.execute(text(f'SELECT * FROM "{table}"'))]
        engine.dispose()
        return "\n".join(values)
    with sqlite3.connect(one_run["sqlite"]) as connection:
        return "\n".join(connection.iterdump())


def test_the_run_did_what_the_checks_below_rely_on(one_run) -> None:
    run = one_run["outputs"]["run"]
    assert run.returncode == 0, run.stderr[-3000:]
    assert "articles: 1 new" in run.stdout and "1 failed" in run.stdout, run.stdout
    assert len(one_run["inbox"].messages) == 1
    assert {a.key for a in one_run["prefect"]["artifacts"]} >= {"new-events", "feed-health", "alerts"}
    assert one_run["prefect"]["logs"]
    status = one_run["outputs"]["status"]
    assert status.returncode == 0 and "pending" in status.stdout, status.stdout


def test_secrets_appear_nowhere(one_run) -> None:
    places = {name: result.stdout + result.stderr for name, result in one_run["outputs"].items()}
    places["database"] = database_text(one_run)
    places["prefect logs"] = "\n".join(log.message for log in one_run["prefect"]["logs"])
    places["prefect artifacts"] = "\n".join(
        json.dumps(a.data, default=str) + (a.description or "") for a in one_run["prefect"]["artifacts"])
    places["prefect flow run"] = one_run["prefect"]["run"][0].model_dump_json()
    places["email"] = one_run["inbox"].messages[0].as_string()
    assert "delivery failed" in places["database"]  # the failures are recorded, by scheme
    for place, text in places.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret} in {place}"


def test_page_text_is_escaped_in_the_html_email(one_run) -> None:
    [message] = one_run["inbox"].messages
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk()
             if not part.is_multipart()}
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in parts["text/html"], parts["text/html"]
    assert SCRIPT not in parts["text/html"].lower()


def test_feed_and_page_text_is_escaped_in_the_prefect_artifacts(one_run) -> None:
    artifacts = {a.key: a for a in one_run["prefect"]["artifacts"]}
    for key, artifact in artifacts.items():
        cells = artifact.data if isinstance(artifact.data, list) else json.loads(artifact.data)
        text = json.dumps(cells) + (artifact.description or "")
        assert SCRIPT not in text.lower(), (key, text)
    health = json.loads(artifacts["feed-health"].data) if isinstance(artifacts["feed-health"].data, str) \
        else artifacts["feed-health"].data
    assert '&lt;script&gt;alert("feed")&lt;/script&gt;' in {row["feed"] for row in health}
