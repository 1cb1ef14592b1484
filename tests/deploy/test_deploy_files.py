"""The deployment files agree with each other and with the settings the app declares.

docker compose and systemd cannot run on the CI machine (no images, no systemd); what can be
checked without them is checked here. The nginx site file itself runs in test_scale_out.py.
"""

import re

import yaml

from coaching import settings
from tests.deploy.cluster import ROOT, SITE

DEPLOY = ROOT / "deploy"
DECLARED = {setting.env for setting in settings.ALL}


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_compose_runs_postgresql_a_migration_two_replicas_and_nginx():
    services = compose()["services"]
    assert set(services) == {"db", "migrate", "app1", "app2", "nginx"}
    assert services["migrate"]["command"] == ["python", "-m", "coaching", "migrate"]
    for name in ("app1", "app2"):
        environment = services[name]["environment"]
        assert environment["FUNKSTILLE_COOKIE_SECURE"] == "1"
        assert "@db:5432/funkstille" in environment["FUNKSTILLE_DATABASE_URL"]
        assert set(environment) <= DECLARED
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_compose_nginx_swaps_exactly_the_upstreams_of_the_shipped_site_file():
    command = " ".join(compose()["services"]["nginx"]["command"])
    swapped = re.findall(r"s/(127\.0\.0\.1:\d+)/", command)
    upstreams = re.findall(r"^\s*server (127\.0\.0\.1:\d+) ", SITE.read_text(), re.MULTILINE)
    assert swapped == upstreams == ["127.0.0.1:8501", "127.0.0.1:8502"]


def test_the_example_settings_are_all_declared_and_secure():
    lines = (DEPLOY / "funkstille.env.example").read_text().splitlines()
    values = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert set(values) - {"FUNKSTILLE_DB_PASSWORD"} <= DECLARED  # that one is compose's own
    assert values["FUNKSTILLE_COOKIE_SECURE"] == "1"


def test_the_systemd_instances_listen_on_loopback_and_migrate_before_serving():
    unit = (DEPLOY / "systemd" / "funkstille@.service").read_text()
    assert "--server.address 127.0.0.1 --server.port %i" in unit
    assert "ExecStartPre=/opt/funkstille/.venv/bin/python -m coaching migrate" in unit
    assert "EnvironmentFile=/etc/funkstille/funkstille.env" in unit


def test_the_image_holds_everything_the_app_reads():
    copied = re.findall(r"^COPY (\S+)", (DEPLOY / "Dockerfile").read_text(), re.MULTILINE)
    needed = ["app.py", ".streamlit", "coaching", "pages", "data/content", "data/fonts"]
    assert set(needed) <= set(copied)
