"""`mediawatch demo`: the whole pipeline, offline, on a small sample stream the project wrote itself.

The sample (flows/demo/) is served tick by tick from a local HTTP server, each tick is one real
Prefect flow run into a temporary SQLite database, and alerts go to an apprise handler that
prints them, so a newcomer sees exactly what would reach their inbox.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

DEMO_STREAM = Path(__file__).parent / "demo"
PRINT_SCHEMA = "mwprint"


def _register_printer() -> None:
    from apprise.decorators import notify

    @notify(on=PRINT_SCHEMA, name="mediawatch demo printer")
    def _print_alert(body: str, title: str, notify_type: str, *args, **kwargs) -> bool:
        bar = "-" * 72
        print(f"\n{bar}\nALERT  {title}\n{bar}\n{body}\n{bar}\n", flush=True)
        return True


def write_local_config(folder: Path, feed_urls: dict[str, str], alert_urls: list[str], name: str,
                       database_url: str | None = None) -> Path:
    """A config for feeds served on this machine (demo, replay, tests): loopback allowed."""
    import json

    database_url = database_url or f"sqlite:///{folder / name}.db"
    feeds = "\n".join(f"[[feeds]]\nname = {json.dumps(n)}\nurl = {json.dumps(u)}\n" for n, u in feed_urls.items())
    config = folder / "mediawatch.toml"
    config.write_text(
        f"name = {json.dumps(name)}\n"
        f"database_url = {json.dumps(database_url)}\n"
        "allow_private_networks = true\n\n"
        f"{feeds}\n"
        "[alerts]\n"
        f"urls = {json.dumps(alert_urls)}\n",
        encoding="utf-8",
    )
    return config


def run_demo() -> int:
    from mediawatch.flows.pipeline import CycleSummary, monitor
    from mediawatch.flows.stream_server import StreamServer

    _register_printer()
    with tempfile.TemporaryDirectory(prefix="mediawatch-demo-") as tmp, StreamServer(DEMO_STREAM) as server:
        config = write_local_config(Path(tmp), server.feed_urls(), [f"{PRINT_SCHEMA}://"], "demo")
        ticks = server.manifest["ticks"]
        print(f"Serving the sample stream at {server.base_url} ({len(ticks)} moments in time).")
        for index, tick in enumerate(ticks):
            server.set_tick(index)
            print(f"\n=== Cycle {index + 1} of {len(ticks)}: the feeds as they stood at {tick} ===")
            summary = CycleSummary(**monitor(config=str(config), name="demo"))
            print(summary.render())
        print("\nThe events stored, as `mediawatch events` shows them:")
        from mediawatch.flows.cli import main

        main(["events", "--config", str(config)])
    return 0
