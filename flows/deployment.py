"""`mediawatch serve`: the cycle as a Prefect deployment served by this process, on the config's schedule.

One run at a time: a run that would start while the previous one is still going is cancelled
(collision strategy CANCEL_NEW), and the schedule is not paused when the process stops, so a
restart by systemd carries on where it was.
"""

from __future__ import annotations

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

from mediawatch.flows.pipeline import monitor
from mediawatch.flows.settings import Settings


def serve(settings: Settings) -> None:
    kind, value = settings.schedule_parts()
    schedule = {"cron": value} if kind == "cron" else {"interval": value}
    monitor.serve(
        name=settings.name,
        parameters={"config": str(settings.source.resolve()), "name": settings.name},
        global_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        pause_on_shutdown=False,
        **schedule,
    )
