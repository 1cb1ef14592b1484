"""The real thing, on one machine: PostgreSQL, app servers on free ports, Debian's nginx before
them with the site config from deploy/nginx, TLS with a throw-away certificate."""

import os
import re
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.conftest import start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
SITE = ROOT / "deploy" / "nginx" / "funkstille.conf"
ROUTE_COOKIE = "funkstille_route"
UPSTREAM_OPTIONS = "max_fails=1 fail_timeout=10s"
MAIN_CONF = """daemon off;
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 512; }}
http {{
    log_format routes '$cookie_funkstille_route $upstream_addr $status "$request"';
    access_log {tmp}/access.log routes;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/funkstille.conf;
}}
"""


@dataclass
class Cluster:
    base: str  # https://127.0.0.1:<port>, nginx
    plain: str  # http://127.0.0.1:<port>, nginx's redirect to https
    replicas: dict[str, tuple[str, subprocess.Popen]]  # name: (address, process)
    access_log: Path
    database_url: str
    routes: dict[str, str] = field(default_factory=dict)  # replica name: route cookie value

    def replica_of(self, upstream: str) -> str:
        return replica_of(self.replicas, upstream)

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown, no goodbye to the browsers."""
        process = self.replicas[name][1]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)


def start_replicas(names: list[str], database_url: str, log: Path) -> dict:
    """`streamlit run app.py` per name, as behind a TLS proxy (secure cookie)."""
    previous = os.environ.get("FUNKSTILLE_COOKIE_SECURE")
    os.environ["FUNKSTILLE_COOKIE_SECURE"] = "1"
    try:
        ports = free_ports(len(names))  # distinct: ports picked one by one may repeat
        with ThreadPoolExecutor(len(names)) as pool:  # started together, as after a deployment
            starts = [pool.submit(start_server, "app.py", database_url, log, p) for p in ports]
        failed = [start.exception() for start in starts if start.exception()]
        started = dict(zip(names, (s.result() for s in starts if not s.exception()), strict=False))
        if failed:
            stop_replicas(started)
            raise failed[0]
        return started
    finally:
        if previous is None:
            os.environ.pop("FUNKSTILLE_COOKIE_SECURE")
        else:
            os.environ["FUNKSTILLE_COOKIE_SECURE"] = previous


def stop_replicas(replicas: dict) -> None:
    for _base, process in replicas.values():
        stop_server(process)


def replica_of(replicas: dict, upstream: str) -> str | None:
    """The name of the replica at an upstream address as nginx logs it (127.0.0.1:port)."""
    return next((n for n, (base, _) in replicas.items() if base == f"http://{upstream}"), None)


def start_nginx(folder: Path, replicas: dict) -> tuple[subprocess.Popen, str, str]:
    """nginx in the foreground with the deploy site config; returns (process, https, http)."""
    https_port, http_port = free_ports(2)
    cert, key = _certificate(folder)
    ports = [address.rsplit(":", 1)[1] for address, _ in replicas.values()]
    (folder / "funkstille.conf").write_text(render_site(ports, https_port, http_port, cert, key))
    (folder / "nginx.conf").write_text(MAIN_CONF.format(tmp=folder))
    process = subprocess.Popen(
        [str(NGINX), "-p", str(folder), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"https://127.0.0.1:{https_port}"
    _wait_healthy(base, process, folder / "error.log")
    return process, base, f"http://127.0.0.1:{http_port}"


def stop_nginx(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGQUIT)  # graceful: finish open requests
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)
    process.stderr.close()


def render_site(ports: list[str], https_port: int, http_port: int, cert: Path, key: Path) -> str:
    """deploy/nginx/funkstille.conf with this machine's ports and certificate, nothing else."""
    text = SITE.read_text()
    shipped = [f"    server 127.0.0.1:{port} {UPSTREAM_OPTIONS};\n" for port in (8501, 8502)]
    swaps = {
        "".join(shipped): "".join(f"    server 127.0.0.1:{p} {UPSTREAM_OPTIONS};\n" for p in ports),
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/letsencrypt/live/funkstille.example.de/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/funkstille.example.de/privkey.pem": str(key),
    }
    for old, new in swaps.items():
        assert text.count(old) == 1, f"{SITE} no longer has {old!r} once: update the test"
        text = text.replace(old, new)
    return text


def find_routes(cluster: Cluster) -> dict[str, str]:
    """A route cookie value per replica, found by asking nginx and reading its access log."""
    routes = {}
    for number in range(200):
        value = f"route{number}"
        request = urllib.request.Request(
            f"{cluster.base}/_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}={value}"}
        )
        with urllib.request.urlopen(request, context=_insecure(), timeout=10) as response:
            assert response.status == 200
        routes.setdefault(cluster.replica_of(_upstream_of(cluster.access_log, value)), value)
        if len(routes) == len(cluster.replicas):
            return routes
    raise AssertionError(f"nginx sent 200 route cookies to the same replica: {routes}")


def upstreams(access_log: Path, route: str, request: str) -> list[str]:
    """The upstreams that answered requests of a route whose request line contains `request`."""
    return [
        entry.upstream
        for entry in map(access_entry, access_log.read_text().splitlines())
        if entry.route == route and request in entry.request
    ]


@dataclass(frozen=True)
class AccessEntry:
    route: str
    upstream: str  # the one that answered: after a retry nginx logs "first, second"
    status: int
    request: str


def access_entry(line: str) -> AccessEntry:
    """One line of the log format `routes` in MAIN_CONF."""
    found = re.fullmatch(r'(\S+) (.+) (\d{3}) "(.*)"', line)
    route, tried, status, request = found.groups()
    return AccessEntry(route, tried.split(", ")[-1], int(status), request)


def free_ports(count: int) -> list[int]:
    """count different free loopback ports: all are held open until each is known."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _upstream_of(access_log: Path, route: str, timeout: float = 10) -> str:
    """nginx writes the line just after it has answered: wait for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in map(access_entry, reversed(access_log.read_text().splitlines())):
            if entry.route == route:
                return entry.upstream
        time.sleep(0.02)
    raise AssertionError(f"no access log line for route {route}")


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the throw-away certificate of this test
    return context


def _wait_healthy(base: str, process: subprocess.Popen, error_log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = process.stderr.read().decode()[-2000:]
            log = error_log.read_text()[-2000:] if error_log.exists() else ""
            raise RuntimeError(f"nginx exited: {detail}{log}")
        try:
            with urllib.request.urlopen(
                f"{base}/_stcore/health", context=_insecure(), timeout=2
            ) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("nginx did not answer within 30 s")
