"""deploy/: the image installs from the lock only, compose wires what the README says, prefect.yaml loads the
way `prefect deploy` loads it and names a flow that imports with parameters it accepts, and the systemd units
start commands that exist, restart on failure and prune the Prefect database with settings Prefect reads.

Docker cannot run here, so the image and compose file are checked as files (and by `docker compose config`
where the compose plugin exists); the pinned environment the image builds is the one dev.sh installs.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
VENV_BIN = Path(sys.executable).parent
# Where deploy/README.md installs the venv on a server; the units name commands there.
SERVER_VENV_BIN = "/opt/mediawatch/venv/bin/"
CONFIG_PATH = "/etc/mediawatch/mediawatch.toml"
POOL = "mediawatch"


# Dockerfile ---------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    logical, current = [], ""
    for line in text.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip()) for line in logical]


def test_dockerfile_installs_from_the_lock_and_nothing_else() -> None:
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    pip_installs = []
    for kind, args in instructions:
        if kind != "RUN":
            continue
        for command in re.split(r"&&|;", args):
            words = shlex.split(command)
            if "pip" in words and "install" in words:
                pip_installs.append(words[words.index("install") + 1:])
    assert pip_installs == [["-r", "requirements.lock"], ["--no-deps", "."]], pip_installs
    # No other package source anywhere in the instructions (comments aside): no index, extra index, local
    # wheel folder or VCS URL, whether as an option, an environment variable or a pip.conf written by RUN.
    text = " ".join(args for _, args in instructions)
    for source in ("--index-url", "--extra-index-url", "--find-links", "git+", "PIP_INDEX", "PIP_EXTRA",
                   "PIP_FIND_LINKS", "pip.conf", "pip config"):
        assert source not in text, source
    copies = [args.split() for kind, args in instructions if kind == "COPY"]
    assert copies[0] == ["requirements.lock", "./"], "the lock is installed before the sources are copied"


def test_dockerfile_runs_mediawatch_as_a_non_root_user() -> None:
    instructions = dockerfile_instructions()
    users = [args for kind, args in instructions if kind == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("ENTRYPOINT", '["mediawatch"]') in instructions
    env = " ".join(args for kind, args in instructions if kind == "ENV")
    assert f"MEDIAWATCH_CONFIG={CONFIG_PATH}" in env


def test_dockerignore_lets_in_exactly_what_the_dockerfile_copies() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in ignore if line.strip() and not line.startswith("#")]
    assert patterns[0] == "*", "everything else (.venv, .git, deploy/.env, databases) stays out"
    allowed = {p[1:].rstrip("/") for p in patterns if p.startswith("!")}
    sources = {src.rstrip("/") for kind, args in dockerfile_instructions() if kind == "COPY"
               for src in args.split()[:-1] if not src.startswith("--")}
    assert sources <= allowed, sources - allowed
    for source in sources:
        assert (ROOT / source).exists(), source
    # pyproject names README.md as the readme, so the build needs it in the context.
    assert "README.md" in sources


# compose.yaml ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_services_and_volume(compose: dict) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "prefect-server", "mediawatch", "worker", "deploy"}
    postgres = services["postgres"]
    assert postgres["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume, target = postgres["volumes"][0].split(":")[:2]
    assert target == "/var/lib/postgresql/data" and volume in compose["volumes"]
    init = next(v for v in postgres["volumes"] if "docker-entrypoint-initdb.d" in v)
    assert (DEPLOY / init.split(":")[0]).read_text(encoding="utf-8").count("CREATE DATABASE mediawatch")
    # The workers are opt-in: `docker compose up` starts serve only.
    assert "profiles" not in services["mediawatch"]
    assert services["worker"]["profiles"] == services["deploy"]["profiles"] == ["workers"]


def test_compose_wires_prefect_to_postgres_and_mediawatch_to_both(compose: dict) -> None:
    services = compose["services"]
    server = services["prefect-server"]
    url = server["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert url.startswith("postgresql+asyncpg://") and "@postgres:5432/prefect" in url
    assert server["depends_on"]["postgres"]["condition"] == "service_healthy"
    port = server["entrypoint"][server["entrypoint"].index("--port") + 1]
    assert f":{port}/api/health" in " ".join(server["healthcheck"]["test"])
    assert any(p.endswith(f":{port}") for p in server["ports"])
    for name in ("mediawatch", "worker", "deploy"):
        service = services[name]
        env = service["environment"]
        assert env["PREFECT_API_URL"] == f"http://prefect-server:{port}/api"
        assert env["MEDIAWATCH_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "@postgres:5432/mediawatch" in env["MEDIAWATCH_DATABASE_URL"]
        assert env["MEDIAWATCH_CONFIG"] == CONFIG_PATH
        assert f"./mediawatch.toml:{CONFIG_PATH}:ro" in service["volumes"]
        assert service["env_file"] == [".env"]
        assert {k: v["condition"] for k, v in service["depends_on"].items()} == {
            "postgres": "service_healthy", "prefect-server": "service_healthy"}
    assert services["mediawatch"]["command"] == ["serve"]
    worker = services["worker"]["entrypoint"]
    assert worker[:3] == ["prefect", "worker", "start"] and worker[worker.index("--pool") + 1] == POOL


def test_compose_builds_this_image_for_every_mediawatch_role(compose: dict) -> None:
    for name in ("prefect-server", "mediawatch", "worker", "deploy"):
        build = compose["services"][name]["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
        assert compose["services"][name]["image"] == "mediawatch:latest"


def test_compose_secrets_are_documented_and_ignored_by_git() -> None:
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    variables = set(re.findall(r"\$\{(\w+)", text))
    example = (DEPLOY / "env.example").read_text(encoding="utf-8")
    assert variables == {"POSTGRES_PASSWORD"}
    assert all(re.search(rf"^{v}=", example, re.M) for v in variables)
    ignored = (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()
    assert {".env", "mediawatch.toml", "mediawatch.env"} <= set(ignored)


def test_compose_config_validates_when_the_compose_plugin_exists(tmp_path: Path) -> None:
    docker = shutil.which("docker")
    if not docker or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("no `docker compose` plugin here; the structure is checked above")
    copy = tmp_path / "deploy"
    shutil.copytree(DEPLOY, copy)
    shutil.copy(DEPLOY / "env.example", copy / ".env")
    (copy / "mediawatch.toml").touch()
    result = subprocess.run([docker, "compose", "--profile", "workers", "config", "--quiet"], cwd=copy,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# prefect.yaml ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prefect_yaml() -> tuple[list[dict], dict]:
    """The deployments and actions as `prefect deploy` loads them (its own loader and models)."""
    from io import StringIO

    from prefect.cli.deploy._config import _load_deploy_configs_and_actions
    from rich.console import Console

    out = StringIO()
    configs, actions = _load_deploy_configs_and_actions(DEPLOY / "prefect.yaml", console=Console(file=out))
    # The loader only warns (and then drops every deployment) on a file it cannot validate.
    assert out.getvalue() == "", out.getvalue()
    return configs, actions


def test_prefect_yaml_entrypoint_is_the_monitor_flow(prefect_yaml: tuple[list[dict], dict]) -> None:
    from prefect.flows import load_flow_from_entrypoint

    from mediawatch.flows.pipeline import monitor

    configs, actions = prefect_yaml
    assert actions["pull"] == [], "no pull step: the workers run the installed package"
    for config in configs:
        flow = load_flow_from_entrypoint(config["entrypoint"], use_placeholder_flow=False)
        assert flow is monitor


def test_prefect_yaml_deployments_are_scheduled_one_at_a_time_on_the_pool(
        prefect_yaml: tuple[list[dict], dict]) -> None:
    from cronsim import CronSim

    from mediawatch.flows.pipeline import monitor

    configs, _ = prefect_yaml
    assert [c["name"] for c in configs] == ["mediawatch", "shard-0", "shard-1"]
    for config in configs:
        assert config["concurrency_limit"] == {"limit": 1, "collision_strategy": "CANCEL_NEW"}
        assert config["work_pool"]["name"] == POOL
        (schedule,) = config["schedules"]
        CronSim(schedule["cron"], datetime(2026, 1, 1))
        parameters = monitor.validate_parameters(config["parameters"])
        assert parameters["config"] == CONFIG_PATH
    shards = [c["parameters"] for c in configs if c["parameters"]["shards"] > 1]
    assert sorted(p["shard"] for p in shards) == list(range(shards[0]["shards"]))
    assert len({p["name"] for p in shards}) == len(shards), "each shard's runs are named apart"


def test_prefect_deploy_registers_the_deployment(prefect_harness: None, tmp_path: Path) -> None:
    """`prefect deploy` itself, against a temporary server, stores what the file says."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.settings import PREFECT_API_URL

    async def create_pool() -> None:
        async with get_client() as client:
            await client.create_work_pool(WorkPoolCreate(name=POOL, type="process"), overwrite=True)

    asyncio.run(create_pool())
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_HOME": str(tmp_path)}
    result = subprocess.run(
        [str(VENV_BIN / "prefect"), "deploy", "--no-prompt", "--prefect-file", str(DEPLOY / "prefect.yaml"),
         "--name", "mediawatch"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    async def read():
        async with get_client() as client:
            return await client.read_deployment_by_name("mediawatch-cycle/mediawatch")

    deployment = asyncio.run(read())
    assert deployment.entrypoint == "mediawatch.flows.pipeline.monitor"
    assert deployment.work_pool_name == POOL and deployment.pull_steps == []
    assert deployment.global_concurrency_limit.limit == 1
    assert deployment.concurrency_options.collision_strategy.value == "CANCEL_NEW"
    assert [s.schedule.cron for s in deployment.schedules] == ["*/15 * * * *"]
    assert all(s.active for s in deployment.schedules) and not deployment.paused
    assert deployment.parameters == {"config": CONFIG_PATH, "name": "mediawatch", "shard": 0, "shards": 1}


# systemd ------------------------------------------------------------------------------------------


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """section -> key -> values (systemd allows a key more than once, e.g. Environment=)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key, []).append(value)
    return sections


UNITS = sorted(SYSTEMD.glob("*.service"))


def test_units_are_there() -> None:
    assert [u.name for u in UNITS] == [
        "mediawatch-prefect-server.service", "mediawatch-serve.service", "mediawatch-worker@.service"]


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_unit_has_the_required_keys(unit: Path) -> None:
    service = read_unit(unit)["Service"]
    assert service["Restart"] == ["on-failure"]
    assert service["EnvironmentFile"][0].startswith("/etc/mediawatch/")
    users = re.findall(r"^u\s+(\S+)", (SYSTEMD / "mediawatch.sysusers.conf").read_text(encoding="utf-8"), re.M)
    assert service["User"][0] in users and service["User"][0] != "root"
    assert service["StateDirectory"], "PREFECT_HOME needs a writable place under ProtectSystem=strict"
    home = dict(e.split("=", 1) for e in service["Environment"])["PREFECT_HOME"]
    assert home.startswith("/var/lib/" + service["StateDirectory"][0])
    assert read_unit(unit)["Install"]["WantedBy"] == ["multi-user.target"]
    # The hardening drop-in applies to it because of its name.
    assert unit.name.startswith("mediawatch-")
    hardening = read_unit(SYSTEMD / "mediawatch-.service.d" / "hardening.conf")["Service"]
    assert hardening["ProtectSystem"] == ["strict"] and hardening["NoNewPrivileges"] == ["yes"]


def _exec_start(unit: Path) -> list[str]:
    (command,) = read_unit(unit)["Service"]["ExecStart"]
    words = shlex.split(command.replace("%i", "1").replace("%H", "host"))
    assert words[0].startswith(SERVER_VENV_BIN), words[0]
    return [words[0][len(SERVER_VENV_BIN):], *words[1:]]


def test_serve_unit_starts_mediawatch_serve_with_the_config() -> None:
    from mediawatch.flows.cli import _parser, cmd_serve

    name, *args = _exec_start(SYSTEMD / "mediawatch-serve.service")
    assert name == "mediawatch" and (VENV_BIN / name).exists()
    parsed = _parser().parse_args(args)
    assert parsed.handler is cmd_serve and parsed.config == CONFIG_PATH
    service = read_unit(SYSTEMD / "mediawatch-serve.service")["Service"]
    assert service["RestartPreventExitStatus"] == ["2"], "a bad config is not retried"
    env = dict(e.split("=", 1) for e in service["Environment"])
    assert env["PREFECT_API_URL"] == "http://127.0.0.1:4200/api"


@pytest.mark.parametrize("unit, subcommand", [
    ("mediawatch-prefect-server.service", ["server", "start"]),
    ("mediawatch-worker@.service", ["worker", "start"]),
])
def test_prefect_units_use_options_the_installed_prefect_has(unit: str, subcommand: list[str]) -> None:
    name, *args = _exec_start(SYSTEMD / unit)
    assert name == "prefect" and (VENV_BIN / name).exists()
    assert args[:2] == subcommand
    help_text = subprocess.run([str(VENV_BIN / "prefect"), *subcommand, "--help"], capture_output=True,
                               text=True, timeout=120, env={**os.environ, "COLUMNS": "200"}).stdout
    for option in (a for a in args[2:] if a.startswith("--")):
        assert re.search(rf"{re.escape(option)}\b", help_text), option
    if subcommand[0] == "worker":
        assert args[args.index("--pool") + 1] == POOL and args[args.index("--type") + 1] == "process"


def _prefect_settings(env: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    from prefect.settings.models.root import Settings

    for key in [k for k in os.environ if k.startswith("PREFECT_SERVER_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return Settings().server


def _assert_pruned(server) -> None:
    assert "flow_runs" in server.services.db_vacuum.enabled_vacuum_types
    assert server.services.db_vacuum.retention_period == timedelta(days=30)
    assert server.events.retention_period == timedelta(days=7)


def test_server_unit_prunes_old_flow_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The settings' names and values as Prefect reads them (an unknown PREFECT_ name is silently ignored)."""
    service = read_unit(SYSTEMD / "mediawatch-prefect-server.service")["Service"]
    env = dict(e.split("=", 1) for e in service["Environment"])
    _assert_pruned(_prefect_settings(env, monkeypatch))


def test_compose_server_prunes_old_flow_runs(compose: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {k: v for k, v in compose["services"]["prefect-server"]["environment"].items() if "VACUUM" in k or "EVENTS" in k}
    _assert_pruned(_prefect_settings(env, monkeypatch))


def test_systemd_analyze_verify(tmp_path: Path) -> None:
    """systemd's own check, in a scratch root whose /opt/mediawatch/venv/bin holds the two commands."""
    analyze = shutil.which("systemd-analyze")
    if not analyze or not Path("/lib/systemd/system/sysinit.target").exists():
        pytest.skip("systemd-analyze (and systemd's own units) not installed")
    units = tmp_path / "etc/systemd/system"
    shutil.copytree(SYSTEMD, units)
    shutil.copytree("/lib/systemd/system", tmp_path / "usr/lib/systemd/system", symlinks=True)
    bin_dir = tmp_path / SERVER_VENV_BIN.strip("/")
    bin_dir.mkdir(parents=True)
    for name in ("mediawatch", "prefect"):
        (bin_dir / name).write_text(f'#!/bin/sh\nexec {VENV_BIN / name} "$@"\n')
        (bin_dir / name).chmod(0o755)
    result = subprocess.run(
        [analyze, "verify", "--man=no", f"--root={tmp_path}", "mediawatch-prefect-server.service",
         "mediawatch-serve.service", "mediawatch-worker@1.service"],
        cwd=units, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
