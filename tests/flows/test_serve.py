"""`mediawatch serve` against a real Prefect server: schedule, one run at a time, kept on restart."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL


def write_config(folder: Path) -> Path:
    config = folder / "mediawatch.toml"
    config.write_text(
        'name = "serve-test"\n'
        f'database_url = "sqlite:///{folder / "c.db"}"\n'
        # Once a year: a run falling due while the test serves would hold up its shutdown.
        'schedule = "0 4 1 1 *"\n'
        '[[feeds]]\nname = "wire"\nurl = "https://example.org/rss"\n',
        encoding="utf-8",
    )
    return config


async def find_deployment(name: str):
    async with get_client() as client:
        try:
            return await client.read_deployment_by_name(f"mediawatch-cycle/{name}")
        except Exception:
            return None


def default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(process: subprocess.Popen, log: Path) -> None:
    """Interrupt serve as Ctrl-C would; if it has not exited within a minute, fail with what it printed."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError("serve did not stop within 60 s of SIGINT:\n" + log.read_text(encoding="utf-8")) from None


def test_serve_registers_a_scheduled_deployment_that_survives_a_restart(prefect_harness: None, tmp_path: Path):
    config = write_config(tmp_path)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    # Output goes to a file, not a pipe nobody reads while the test waits: a full pipe would block serve.
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        # Ctrl-C reaches serve as it would from a terminal, even when the suite itself runs in the
        # background of a script, where SIGINT is ignored and children inherit that.
        process = subprocess.Popen([sys.executable, "-m", "mediawatch.flows.cli", "serve", "--config", str(config)],
                                   env=env, stdout=output, stderr=subprocess.STDOUT, preexec_fn=default_sigint)
    try:
        deployment = None
        deadline = time.monotonic() + 90
        while deployment is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(1)
            deployment = asyncio.run(find_deployment("serve-test"))
        assert deployment is not None, log.read_text(encoding="utf-8")
        assert [s.schedule.cron for s in deployment.schedules] == ["0 4 1 1 *"]
        assert deployment.parameters == {"config": str(config.resolve()), "name": "serve-test"}
        assert deployment.global_concurrency_limit.limit == 1
        assert deployment.concurrency_options.collision_strategy == "CANCEL_NEW"
    finally:
        stop(process, log)
    after = asyncio.run(find_deployment("serve-test"))
    assert after is not None and not after.paused and all(s.active for s in after.schedules)
