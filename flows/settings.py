"""The configuration file: TOML, validated at start, with errors that name the bad key.

Every setting is declared here, with its default and meaning; config/mediawatch.example.toml
shows them all and tests/flows/test_settings.py checks that every one is documented there.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mediawatch.flows.errors import ConfigError

CONFIG_ENV = "MEDIAWATCH_CONFIG"
DATABASE_URL_ENV = "MEDIAWATCH_DATABASE_URL"
ALERT_URLS_ENV = "MEDIAWATCH_ALERT_URLS"
DEFAULT_ALERT_TYPES = ["talks", "prisoner_exchange"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeedSettings(_Strict):
    name: str = Field(min_length=1, description="Short unique name, shown in feed health and alerts.")
    url: str = Field(description="http(s) URL of an RSS or Atom feed.")

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str) -> str:
        if not re.match(r"^https?://[^/\s]+", url, re.IGNORECASE):
            raise ValueError("must be an http:// or https:// URL")
        return url


def _expand(entries: list[str], where: str) -> list[str]:
    """apprise URLs with 'env:NAME' entries read from the environment (never log the result)."""
    urls: list[str] = []
    for entry in entries:
        if entry.startswith("env:"):
            value = os.environ.get(entry[4:], "").strip()
            if not value:
                raise ConfigError(f"{where}: environment variable {entry[4:]} is not set")
            urls.extend(value.split())
        else:
            urls.append(entry)
    return urls


def _known_types(types: list[str]) -> list[str]:
    from mediawatch.extractors.models import EVENT_TYPES

    unknown = sorted(set(types) - set(EVENT_TYPES))
    if unknown:
        raise ValueError(f"unknown event type(s) {unknown}; known: {list(EVENT_TYPES)}")
    return types


class RouteSettings(_Strict):
    urls: list[str] = Field(min_length=1, description="apprise URLs (or 'env:NAME') that receive these types.")
    types: list[str] = Field(min_length=1, description="Event types routed to these URLs, e.g. ['prisoner_exchange'].")

    @field_validator("types")
    @classmethod
    def _types(cls, types: list[str]) -> list[str]:
        return _known_types(types)


class AlertSettings(_Strict):
    urls: list[str] = Field(
        default_factory=list,
        description=(
            "apprise URLs to notify. An entry 'env:NAME' is read from the environment variable NAME, "
            f"and {ALERT_URLS_ENV} (whitespace-separated) adds more, so tokens need not sit in the file."
        ),
    )
    types: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ALERT_TYPES),
        description="Event types that alert when new or when their status moves forward.",
    )
    max_attempts: int = Field(
        default=20, ge=1, description="Deliveries tried per destination before an alert is marked failed."
    )
    digest: str = Field(
        default="",
        description="Empty: one message per alert. An interval such as '24h' or '6h': one digest message per period.",
    )
    routes: list[RouteSettings] = Field(
        default_factory=list,
        description="Extra destinations for chosen types only ([[alerts.routes]] with urls and types).",
    )

    @field_validator("types")
    @classmethod
    def _types(cls, types: list[str]) -> list[str]:
        return _known_types(types)

    @field_validator("digest")
    @classmethod
    def _digest_interval(cls, digest: str) -> str:
        if digest and schedule_kind(digest)[0] != "interval":
            raise ValueError("must be empty or an interval such as '24h'")
        return digest

    def digest_period(self) -> timedelta | None:
        return schedule_kind(self.digest)[1] if self.digest else None  # type: ignore[return-value]

    def alerting_types(self) -> list[str]:
        """Every type that queues alerts: the general ones and the routed ones."""
        return sorted(set(self.types).union(*(r.types for r in self.routes)))

    def resolved_urls(self) -> list[str]:
        """The general apprise URLs, environment references expanded (never log the result)."""
        return _expand(self.urls, "alerts.urls") + os.environ.get(ALERT_URLS_ENV, "").split()

    def resolved_routes(self) -> list[tuple[list[str], list[str]]]:
        """(urls, types) of every route, environment references expanded."""
        return [(_expand(r.urls, f"alerts.routes.{i}.urls"), r.types) for i, r in enumerate(self.routes)]


class FetchSettings(_Strict):
    timeout_seconds: float = Field(default=20.0, gt=0, description="Connect/read timeout of one HTTP request.")
    max_bytes: int = Field(default=10_000_000, gt=0, description="Largest feed or page body read (decompressed).")
    concurrency: int = Field(default=8, ge=1, description="Pages downloaded at once in a cycle.")
    per_host: int = Field(default=2, ge=1, description="Requests at once to one host.")
    processes: int = Field(default=0, ge=0, description="Worker processes extracting pages; 0 = one per CPU core.")


class Settings(_Strict):
    name: str = Field(default="mediawatch", description="Name of this watch; flow runs are named after it.")
    database_url: str = Field(
        default="sqlite:///data/mediawatch.db",
        description=(
            "SQLAlchemy URL of the corpus. A relative SQLite path is taken from the config file's folder. "
            f"{DATABASE_URL_ENV} overrides it."
        ),
    )
    max_entry_age_days: int = Field(default=0, ge=0, description="Skip feed entries older than this; 0 = no limit.")
    allow_private_networks: bool = Field(
        default=False,
        description="Let feeds and articles on loopback/private addresses be fetched (local testing only).",
    )
    schedule: str = Field(
        default="*/15 * * * *",
        description="When `mediawatch serve` runs a cycle: a cron expression or an interval such as '15m' or '1h'.",
    )
    watch: str | None = Field(
        default=None,
        description="Path of the watch file (actors, aliases, trigger words); default: the bundled config/watch.toml.",
    )
    feeds: list[FeedSettings] = Field(default_factory=list, description="The feeds to poll.")
    alerts: AlertSettings = Field(default_factory=AlertSettings, description="Where and on what to alert.")
    fetch: FetchSettings = Field(default_factory=FetchSettings, description="HTTP limits.")
    source: Path | None = Field(default=None, exclude=True, description="The file these settings came from.")

    @field_validator("feeds")
    @classmethod
    def _unique_names(cls, feeds: list[FeedSettings]) -> list[FeedSettings]:
        names = [f.name for f in feeds]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"feed names must be unique; repeated: {duplicates}")
        return feeds

    @field_validator("schedule")
    @classmethod
    def _valid_schedule(cls, schedule: str) -> str:
        schedule_kind(schedule)
        return schedule

    def watch_path(self) -> Path | None:
        """The watch file, a relative path taken from the config file's folder; None = bundled."""
        if self.watch is None:
            return None
        path = Path(self.watch)
        return path if path.is_absolute() or self.source is None else self.source.parent / path

    def schedule_parts(self) -> tuple[Literal["cron", "interval"], str | timedelta]:
        return schedule_kind(self.schedule)


_INTERVAL = re.compile(r"^(\d+)\s*([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def schedule_kind(schedule: str) -> tuple[Literal["cron", "interval"], str | timedelta]:
    """Tell a cron expression ('*/15 * * * *') from an interval ('15m') and check it."""
    interval = _INTERVAL.match(schedule.strip())
    if interval:
        return "interval", timedelta(seconds=int(interval[1]) * _UNIT_SECONDS[interval[2]])
    from cronsim import (  # installed with prefect; the same parser its scheduler uses
        CronSim,
        CronSimError,
    )

    try:
        from datetime import datetime

        CronSim(schedule, datetime(2000, 1, 1))
    except CronSimError as exc:
        raise ValueError(f"not a cron expression or interval like '15m': {exc}") from None
    return "cron", schedule


def config_path(explicit: str | os.PathLike[str] | None) -> Path:
    """The config file named by --config, else by MEDIAWATCH_CONFIG."""
    chosen = explicit or os.environ.get(CONFIG_ENV)
    if not chosen:
        raise ConfigError(f"no configuration: pass --config FILE or set {CONFIG_ENV}")
    return Path(chosen)


def load_settings(explicit: str | os.PathLike[str] | None = None) -> Settings:
    path = config_path(explicit)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_settings(raw, path)


def parse_settings(raw: dict, path: Path | None = None) -> Settings:
    try:
        settings = Settings.model_validate({**raw, "source": path})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from None
    return settings.model_copy(update={"database_url": _database_url(settings.database_url, path)})


def _database_url(url: str, path: Path | None) -> str:
    url = os.environ.get(DATABASE_URL_ENV) or url
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite:///:memory:":
        base = path.parent if path else Path.cwd()
        url = prefix + str((base / url[len(prefix):]).resolve())
    return url


def _describe(exc: ValidationError, path: Path | None) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            lines.append(f"{key}: unknown key")
        else:
            lines.append(f"{key}: {error['msg'].removeprefix('Value error, ')}")
    where = f"{path}: " if path else ""
    return where + "invalid configuration\n  " + "\n  ".join(lines)
