"""A real server is killed (SIGKILL) right after a 填报人 submits; after a restart the submission
is there. Runs against the same kind of database as the rest of the suite (SQLite or PostgreSQL)."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_DATABASE = "jxpj_restart_test"


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


@pytest.fixture
def database_url(tmp_path):
    yield from own_database_url(tmp_path, PG_DATABASE)


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


def start_server(env, port):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise AssertionError("the server did not start")


def test_submitted_report_survives_a_killed_server(database_url, tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DATABASE_URL": database_url,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REPORTS_STORAGE_DIR": str(tmp_path / "reports"),
    }
    for command in (["migrate", "-v0"], ["createcachetable"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)

    server = start_server(env, port)
    try:
        filler = Browser(f"http://127.0.0.1:{port}")
        filler.login("filler2")
        home = filler.get("/")
        pk = re.search(r"/evaluations/(\d+)/fill/", home).group(1)
        filler.get(f"/evaluations/{pk}/checklist/")
        assert "报告已提交" in filler.post(f"/evaluations/{pk}/submit/", {})
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # no graceful shutdown
        server.wait(timeout=30)

    server = start_server(env, port)
    try:
        reviewer = Browser(f"http://127.0.0.1:{port}")
        reviewer.login("reviewer")
        dashboard = reviewer.get("/reports/review/?year=2018&status=submitted")
        table = dashboard.split('id="dashboard"')[1].split("</table>")[0]
        assert "长沙市天心区演示事务中心" in table and "已提交" in table
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
