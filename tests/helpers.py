"""Small helpers shared by tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when that corpus is not beside the project."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def run_together(action: Callable[[], object], times: int) -> list[BaseException]:
    """Run `action` in `times` threads at once; the exceptions they raised."""
    errors: list[BaseException] = []

    def guarded() -> None:
        try:
            action()
        except BaseException as exc:  # returned to the test
            errors.append(exc)

    threads = [threading.Thread(target=guarded) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
