"""A real server is killed (SIGKILL) right after a 填报人 submits; after a restart the submission
is there. Runs against the same kind of database as the rest of the suite (SQLite or PostgreSQL)."""

import os
import re
import signal
import subprocess
import sys

import pytest

from tests.ops.servers import ROOT, Browser, free_port, own_database_url, start_server

PG_DATABASE = "jxpj_restart_test"


@pytest.fixture
def database_url(tmp_path):
    yield from own_database_url(tmp_path, PG_DATABASE)


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

    server = start_server(env, port, "--workers", "1")
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

    server = start_server(env, port, "--workers", "1")
    try:
        reviewer = Browser(f"http://127.0.0.1:{port}")
        reviewer.login("reviewer")
        dashboard = reviewer.get("/reports/review/?year=2018&status=submitted")
        table = dashboard.split('id="dashboard"')[1].split("</table>")[0]
        assert "长沙市天心区演示事务中心" in table and "已提交" in table
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
