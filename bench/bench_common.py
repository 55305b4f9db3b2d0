"""What both benchmark scripts record about the machine they ran on."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def machine() -> dict[str, Any]:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "?")
    return {"nproc": os.cpu_count(), "cpu": model, "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "python": sys.version.split()[0]}
