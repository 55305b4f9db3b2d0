"""Prefect orchestration of the extractors.

Prefect's own server sends usage telemetry to Prefect's servers unless told not to; the
ephemeral server that `mediawatch run`, `demo` and `replay` start without PREFECT_API_URL would
do so too. Nothing but the configured feeds and their articles is fetched, so it is switched off
here, before any module of this package imports Prefect (an operator's own setting wins).
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
