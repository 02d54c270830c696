"""``manage.py`` as real processes: ``export_report`` as a batch script starts it — what it wrote is
complete when it exits (manage.py leaves the objects of a finished command to the operating system
instead of collecting them at shutdown) — and ``runserver`` as ``make run`` starts it, autoreloader
and all. Same kind of database as the rest of the suite."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from pypdf import PdfReader

from tests.ops.servers import ROOT, Browser, free_port, own_database_url

PG_DATABASE = "jxpj_command_test"


@pytest.fixture
def env(tmp_path):
    for url in own_database_url(tmp_path, PG_DATABASE):
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DATABASE_URL": url,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REPORTS_STORAGE_DIR": str(tmp_path / "reports"),
        }
        for command in (["migrate", "-v0"], ["createcachetable"], ["load_demo"]):
            manage(env, *command)
        yield env


def manage(env, *arguments, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=check, capture_output=True, text=True
    )


def test_a_draft_exported_by_a_process_is_complete_and_cached_for_the_next(env, tmp_path):
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    done = manage(env, "export_report", "103001", "2018", "--format", "pdf", "-o", str(first))
    assert done.returncode == 0 and f"已导出 {first}" in done.stdout
    assert "天心区政务服务中心" in PdfReader(first).pages[0].extract_text().replace("\n", "")
    # The render stored its PDF in the shared cache before the process ended: the next process,
    # with WeasyPrint unable to start, still exports it.
    broken = {**env, "PYTHONPATH": str(tmp_path / "no-weasyprint")}
    (tmp_path / "no-weasyprint" / "weasyprint").mkdir(parents=True)
    (tmp_path / "no-weasyprint" / "weasyprint" / "__init__.py").write_text("raise ImportError('no layout here')\n")
    manage(broken, "export_report", "103001", "2018", "--format", "pdf", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()


def test_an_unknown_department_exits_2_with_the_message(env):
    done = manage(env, "export_report", "不存在的单位", "2018", check=False)
    assert done.returncode == 2 and "未找到部门“不存在的单位”" in done.stderr


def test_the_development_server_of_make_run_serves_pdfs_and_keeps_running(env):
    # `make run` is runserver with its autoreloader, which lists sys.modules from another thread while
    # the server loads WeasyPrint (system checks, PDFs): that once stopped it with a KeyError.
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-3000:]
                time.sleep(0.2)
        filler = Browser(f"http://127.0.0.1:{port}")
        filler.login("filler")
        pk = re.search(r"/evaluations/(\d+)/fill/", filler.get("/")).group(1)
        with filler.opener.open(f"{filler.base}/reports/{pk}/pdf/", timeout=120) as response:
            assert response.read().startswith(b"%PDF")
        time.sleep(3)  # the reloader scans the modules every second
        assert server.poll() is None, server.stderr.read().decode()[-3000:]
        assert "长沙市天心区政务服务中心" in filler.get("/")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
