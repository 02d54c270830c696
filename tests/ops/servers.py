"""Real app servers for the operations tests: started as `make serve` and the systemd unit start them
(``gunicorn -c deploy/gunicorn.conf.py config.wsgi:application``), on a free port, over a database of
the suite's kind, and a plain HTTP client with a cookie jar."""

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def own_database_url(directory, name: str):
    """A fresh database of the suite's kind, dropped afterwards: a SQLite file in ``directory``, or a
    PostgreSQL database ``name`` on the server of DATABASE_URL (a generator: use it in a fixture)."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{directory}/{name}.sqlite3"
        return
    import psycopg2

    admin_url = configured.rsplit("/", 1)[0] + "/postgres"  # any existing database to issue CREATE from
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {name}")
    yield configured.rsplit("/", 1)[0] + f"/{name}"
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    conn.close()


class Browser:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path, data):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()

    def login(self, username):
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": "tianxin2018"})


GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"]


def start_server(env, port, *options):
    """A server on ``port`` (``options``: more gunicorn options), once it answers."""
    server = subprocess.Popen(
        [*GUNICORN, "--bind", f"127.0.0.1:{port}", *options],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise AssertionError("a server did not start")


def stop_server(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=40)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
