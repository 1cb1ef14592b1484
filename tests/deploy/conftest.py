"""Deployment tests: nginx, PostgreSQL and two app servers, driven in Chromium through nginx.

They need Debian's nginx and chromium and FUNKSTILLE_TEST_POSTGRES_URL; without them they skip,
except under CI=true, where .ci/run has installed all three and they must run.
"""

import os

import pytest

from coaching import accounts
from coaching.demo.workspace import DEMO_PASSWORD
from coaching.store import accounts as repo
from coaching.store import open_store, read
from tests.conftest import empty_postgres_database
from tests.deploy.cluster import (
    NGINX,
    Cluster,
    find_routes,
    start_nginx,
    start_replicas,
    stop_nginx,
    stop_replicas,
)
from tests.e2e.conftest import (  # noqa: F401 - browser_type_launch_args: the fixture
    CHROMIUM,
    SCRIPT_RUNS_JS,
    browser_type_launch_args,
)

CONTEXT = {"viewport": {"width": 1440, "height": 900}, "locale": "de-DE"}


def pytest_collection_modifyitems(items):
    missing = [str(p) for p in (NGINX, CHROMIUM) if not p.exists()]
    for item in items:
        if "tests/deploy" in str(item.fspath):
            item.add_marker(pytest.mark.deploy)
            if "cluster" in item.fixturenames and missing and os.environ.get("CI") != "true":
                item.add_marker(pytest.mark.skip(reason=f"not installed: {', '.join(missing)}"))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two replicas "a" and "b" on a new PostgreSQL database with a team of two, behind nginx."""
    if not NGINX.exists():
        pytest.fail("CI=true but /usr/sbin/nginx is missing: apt-get install nginx")
    folder = tmp_path_factory.mktemp("deploy")
    with empty_postgres_database() as url:
        _team(url)
        replicas = start_replicas(["a", "b"], url, folder / "replicas.log")
        try:
            nginx, base, plain = start_nginx(folder, replicas)
            try:
                found = Cluster(base, plain, replicas, folder / "access.log", database_url=url)
                found.routes = find_routes(found)
                yield found
            finally:
                stop_nginx(nginx)
        finally:
            stop_replicas(replicas)


@pytest.fixture
def on_replica(browser, cluster):
    """A new browser context whose route cookie sends it to the named replica."""
    contexts = []

    def open_on(name: str):
        context = browser.new_context(ignore_https_errors=True, **CONTEXT)
        context.add_cookies(
            [
                {
                    "name": "funkstille_route",
                    "value": cluster.routes[name],
                    "domain": "127.0.0.1",
                    "path": "/",
                    "secure": True,
                    "httpOnly": True,
                }
            ]
        )
        context.add_init_script(SCRIPT_RUNS_JS)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield open_on
    for context in contexts:
        context.close()


def _team(url: str) -> None:
    """Claudia (team lead) and Jonas, signed in as tests/e2e's sign_in does it."""
    engine = open_store(url)
    manager = accounts.create_first_team(
        engine,
        team_name="Nord Messebau",
        email="claudia@demo.funkstille.de",
        name="Claudia Holzmann",
        password=DEMO_PASSWORD,
    )
    with read(engine) as conn:
        team = repo.user_by_id(conn, manager).team_id
    accounts.create_user(
        engine,
        team_id=team,
        email="jonas@demo.funkstille.de",
        name="Jonas Weber",
        role="member",
        password=DEMO_PASSWORD,
    )
    engine.dispose()
