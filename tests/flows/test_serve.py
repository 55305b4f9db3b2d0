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


def test_serve_registers_a_scheduled_deployment_that_survives_a_restart(prefect_harness: None, tmp_path: Path):
    config = write_config(tmp_path)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    process = subprocess.Popen([sys.executable, "-m", "mediawatch.flows.cli", "serve", "--config", str(config)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deployment = None
        deadline = time.monotonic() + 90
        while deployment is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(1)
            deployment = asyncio.run(find_deployment("serve-test"))
        assert deployment is not None, process.stdout.read() if process.poll() is not None else "no deployment"
        assert [s.schedule.cron for s in deployment.schedules] == ["0 4 1 1 *"]
        assert deployment.parameters == {"config": str(config.resolve()), "name": "serve-test"}
        assert deployment.global_concurrency_limit.limit == 1
        assert deployment.concurrency_options.collision_strategy == "CANCEL_NEW"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    after = asyncio.run(find_deployment("serve-test"))
    assert after is not None and not after.paused and all(s.active for s in after.schedules)
