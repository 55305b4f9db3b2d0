"""The config file: valid files load, bad ones fail naming the key, every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mediawatch.flows.settings import (
    AlertSettings,
    ConfigError,
    FeedSettings,
    FetchSettings,
    RouteSettings,
    Settings,
    load_settings,
    parse_settings,
)

EXAMPLE = Path(__file__).parents[2] / "config" / "mediawatch.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mediawatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_config_gets_defaults_and_a_database_beside_the_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, '[[feeds]]\nname = "wire"\nurl = "https://example.org/rss"\n'))
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'mediawatch.db'}"
    assert settings.alerts.types == ["talks", "prisoner_exchange"]
    assert settings.schedule_parts() == ("cron", "*/15 * * * *")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('schedul = "5m"\n', "schedul: unknown key"),
        ('[[feeds]]\nname = "x"\n', "feeds.0.url: Field required"),
        ('[[feeds]]\nname = "x"\nurl = "ftp://example.org/"\n', "feeds.0.url: must be an http:// or https:// URL"),
        ('schedule = "every now and then"\n', "schedule: not a cron expression"),
        ('[alerts]\ntypes = ["talks", "gossip"]\n', "alerts.types: unknown event type(s) ['gossip']"),
        ('max_entry_age_days = -1\n', "max_entry_age_days: Input should be greater than or equal to 0"),
        ('[[feeds]]\nname = "a"\nurl = "https://a/"\n[[feeds]]\nname = "a"\nurl = "https://b/"\n',
         "feeds: feed names must be unique"),
        ("name = \n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(write(tmp_path, text))
    assert message in str(raised.value)


def test_missing_file_and_missing_choice_are_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")
    monkeypatch.delenv("MEDIAWATCH_CONFIG", raising=False)
    with pytest.raises(ConfigError, match="pass --config FILE or set MEDIAWATCH_CONFIG"):
        load_settings(None)


def test_alert_urls_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_SLACK", "slack://token-a/token-b/token-c")
    monkeypatch.setenv("MEDIAWATCH_ALERT_URLS", "json://127.0.0.1:9/ ntfy://topic")
    settings = parse_settings({"alerts": {"urls": ["env:MY_SLACK"]}})
    assert settings.alerts.resolved_urls() == ["slack://token-a/token-b/token-c", "json://127.0.0.1:9/", "ntfy://topic"]
    monkeypatch.delenv("MY_SLACK")
    with pytest.raises(ConfigError, match="environment variable MY_SLACK is not set"):
        settings.alerts.resolved_urls()


def test_interval_schedule() -> None:
    kind, every = parse_settings({"schedule": "30m"}).schedule_parts()
    assert kind == "interval" and every.total_seconds() == 1800


def test_example_config_is_valid_and_documents_every_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAWATCH_EMAIL_URL", "mailtos://user:pass@example.org")
    load_settings(EXAMPLE)
    text = EXAMPLE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*([a-z_]+)\s*=", text, re.MULTILINE))
    documented |= set(re.findall(r"^#?\s*\[\[?(?:[a-z_]+\.)*([a-z_]+)\]\]?", text, re.MULTILINE))
    for section in (Settings, AlertSettings, RouteSettings, FeedSettings, FetchSettings):
        for key, field in section.model_fields.items():
            if field.exclude:
                continue
            assert key in documented, f"setting {section.__name__}.{key} is not in {EXAMPLE.name}"
