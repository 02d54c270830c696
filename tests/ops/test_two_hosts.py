"""Two app servers over one database and one storage behave as one (docs/adr/0014-stateless-app-servers.md).

Two gunicorn servers are started as `make serve` and the systemd unit start them
(``gunicorn -c deploy/gunicorn.conf.py config.wsgi:application``: 2 workers × 4 threads each), on two
ports, over one database of the suite's kind (a SQLite file, or a PostgreSQL database of their own when
DATABASE_URL is PostgreSQL) and one storage directory. The browsers below are plain HTTP clients with
a cookie jar; a user logged in through one server goes on through the other with the same cookie.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest

from tests.forms.page import SectionPage
from tests.ops.servers import GUNICORN, ROOT, Browser, free_port, own_database_url, start_server, stop_server

PG_DATABASE = "jxpj_two_hosts_test"
@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """Base URLs of the two servers."""
    directory = tmp_path_factory.mktemp("two_hosts")
    database = own_database_url(directory, PG_DATABASE)
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}},
        "DATABASE_URL": next(database),
        # The production profile (DEBUG off) with the suite's fast password hasher and static files
        # from the finders (collectstatic is not run here).
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DEBUG": "0",
        "SECRET_KEY": "two-hosts-test-" + "k" * 40,  # every host has the same key (ADR 14)
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REPORTS_STORAGE_DIR": str(directory / "storage"),  # one storage for both hosts
        "PDF_PRESTART": "0",  # helpers start at the first PDF, not four at once on a 2-core machine
    }
    for command in (["migrate", "-v0"], ["createcachetable"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    servers = []
    try:
        for _ in range(2):
            servers.append(start_server(env, free_port()))
        yield [f"http://{server.args[server.args.index('--bind') + 1]}" for server in servers]
    finally:
        for server in servers:
            stop_server(server)
        next(database, None)


def browser(base, jar_from=None):
    """A browser on ``base``; given another browser, the same cookies (the same session)."""
    b = Browser(base)
    if jar_from is not None:
        b.jar = jar_from.jar
        b.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(b.jar))
    return b


def get_bytes(b, path):
    with b.opener.open(b.base + path, timeout=120) as response:
        return response.headers.get("Content-Type", ""), response.read()


def section_page(b, pk, slug):
    return SectionPage(SimpleNamespace(content=b.get(f"/evaluations/{pk}/sections/{slug}/").encode()))


def report_pk(b):
    return re.search(r"/evaluations/(\d+)/fill/", b.get("/")).group(1)


def test_a_save_through_one_host_is_seen_through_the_other(hosts):
    one = browser(hosts[0])
    assert "退出登录" in one.login("filler")
    other = browser(hosts[1], jar_from=one)  # the session made on the first host
    pk = report_pk(one)
    page = section_page(one, pk, "profile")
    assert page.value("实有在职人数") == "10"
    saved = one.post(f"/evaluations/{pk}/sections/profile/", page.fill("实有在职人数", "12").data("save"))
    assert "已保存" in saved

    seen = section_page(other, pk, "profile")
    assert "退出登录" in seen.html  # the other host knows the session
    assert seen.value("实有在职人数") == "12"


def test_a_login_throttle_triggered_on_one_host_holds_on_the_other(hosts):
    for attempt in range(5):  # LOGIN_FAILURE_LIMIT, alternating between the hosts
        guesser = browser(hosts[attempt % 2])
        guesser.get("/accounts/login/")
        page = guesser.post("/accounts/login/", {"username": "admin", "password": f"wrong-{attempt}"})
        assert "请输入一个正确的" in page and "暂时锁定" not in page

    on_the_other = browser(hosts[1])
    page = on_the_other.login("admin")  # the right password
    assert "暂时锁定" in page and "退出登录" not in page
    page = browser(hosts[0]).login("admin")
    assert "暂时锁定" in page and "退出登录" not in page


def test_a_report_approved_on_one_host_is_served_and_locked_on_the_other(hosts):
    filler = browser(hosts[1])
    filler.login("filler2")
    pk = report_pk(filler)
    before_approval = section_page(filler, pk, "profile")
    filler.get(f"/evaluations/{pk}/checklist/")
    assert "报告已提交" in filler.post(f"/evaluations/{pk}/submit/", {})

    reviewer = browser(hosts[0])
    reviewer.login("reviewer")
    reviewer.get(f"/reports/{pk}/review/approve/")
    assert "已审核通过，报告已锁定并存档。" in reviewer.post(f"/reports/{pk}/review/approve/", {})

    # The PDF archived at approval, served by each host: the same bytes (a render would differ at least
    # in its creation time), whichever storage holds it.
    kind, archived = get_bytes(reviewer, f"/reports/{pk}/pdf/")
    assert kind == "application/pdf" and archived.startswith(b"%PDF")
    assert get_bytes(browser(hosts[1], jar_from=reviewer), f"/reports/{pk}/pdf/")[1] == archived
    assert get_bytes(filler, f"/reports/{pk}/pdf/")[1] == archived
    time.sleep(1.1)  # a re-render now would carry another creation time
    assert get_bytes(browser(hosts[1], jar_from=reviewer), f"/reports/{pk}/pdf/")[1] == archived

    # The 填报人, on the other host, with the form as it was before the approval: refused, nothing saved.
    staff = before_approval.value("实有在职人数")
    refused = filler.post(f"/evaluations/{pk}/sections/profile/", before_approval.fill("实有在职人数", "9").data())
    assert "报告已审核通过并锁定，不能修改" in refused
    for base in hosts:
        assert section_page(browser(base, jar_from=filler), pk, "profile").value("实有在职人数") == staff


def test_make_serve_the_systemd_unit_and_the_load_test_serve_with_one_configuration():
    """What is measured (bench/load_test.py) and tested here is what users deploy (ADR 14)."""
    config = {}
    exec((ROOT / "deploy/gunicorn.conf.py").read_text(), config)  # noqa: S102 — our own settings file
    assert (config["worker_class"], config["workers"], config["threads"]) == ("gthread", 2, 4)
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile[makefile.index("\nserve:") :].split("\n\n")[0]
    unit = next(line for line in (ROOT / "deploy/jxpj.service").read_text().splitlines() if line.startswith("ExecStart="))
    load_test = (ROOT / "bench/load_test.py").read_text()
    for command in (serve, unit, load_test, " ".join(GUNICORN)):
        assert '-c deploy/gunicorn.conf.py' in command.replace('", "', " ")
        assert not any(option in command for option in ("--worker-class", "--threads", "--timeout", "-k "))
