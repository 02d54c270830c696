"""Load test: two app servers, each as `make serve` and deploy/jxpj.service run it, over one PostgreSQL.

Each server is ``gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`` (2 workers × 4 threads),
DEBUG off, static files collected; every request goes to either server at random (no sticky sessions),
so sessions, throttling, locks and stored PDFs must hold across the two (docs/adr/0014).

Departments alternate between copies of the seed report (10 PDF pages) and of the demo's clean
department (its checks find nothing, so it can be submitted and approved); a third of the clean
ones start submitted. Each 填报人 changes a goal of the report (so the preview and the PDF really
change and render), saves other sections as they stand (the form is parsed from the page),
previews, downloads the PDF, and submits a clean report (again after a return). Each 审核人 opens
the dashboard, downloads PDFs and the zip of the submitted reports, and approves or returns a
submitted report through its confirmation page. Only 127.0.0.1 is contacted; the run stops by itself.

Run: DEBUG=1 .venv/bin/python bench/load_test.py [--users 50] [--seconds 60] [--departments 50]
Needs the local PostgreSQL server (a throwaway database `jxpj_load` is created and dropped).
"""

import argparse
import http.cookiejar
import io
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "jxpj_load"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SERVERS: list[str] = []  # base URLs of the app servers
PASSWORD = "tianxin2018"
SECTIONS = ["profile", "spending", "budget-table", "three-public", "projects", "performance"]
EDITED = "goals"  # the section whose text each 填报人 changes
MARK = re.compile(r"（第\d+次修改）$")


def recreate_database():
    import psycopg2

    conn = psycopg2.connect(PG_ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {DB_NAME}")
    conn.close()


def drop_database():
    import psycopg2

    conn = psycopg2.connect(PG_ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    conn.close()


def prepare_data(departments: int, fillers: int):
    """Migrate, load the demo, copy the seed report and the clean demo report to ``departments``
    departments (alternately), one 填报人 each; a third of the clean reports are submitted."""
    os.environ.update(DATABASE_URL=DB_URL, DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from departments.models import DepartmentMembership, FiscalYear, Region
    from evaluations.demo import loader, second_department, seed_2018
    from evaluations.workflow import evaluation_submit

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database caches
    loader.load_demo()
    region = Region.objects.get(name=seed_2018.REGION["name"])
    year = FiscalYear.objects.get(year=2018)
    catalogue = loader.load_catalogue(year)
    User = get_user_model()
    users, submitted = [], 0
    for i in range(departments):
        source = seed_2018 if i % 2 == 0 else second_department
        data = SimpleNamespace(**{k: getattr(source, k) for k in dir(source) if k.isupper()})
        data.DEPARTMENT = {**source.DEPARTMENT, "code": f"6{i:05d}", "full_name": f"长沙市天心区负载测试单位{i:03d}"}
        evaluation = loader.load_report(data, region, year, catalogue)
        user = User.objects.create_user(f"load_filler_{i:03d}", password=PASSWORD)
        DepartmentMembership.objects.create(user=user, department=evaluation.department)
        if source is second_department:
            loader.load_manual_scores(source, evaluation, user)
            if i % 3 == 1:
                evaluation_submit(evaluation=evaluation, user=user)
                submitted += 1
        if i < fillers:
            users.append((user.username, evaluation.pk, source is second_department))
    return users, submitted


class FormParser(HTMLParser):
    """The fields of the page's POST form, as the browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.fields, self.in_form, self.textarea, self.select, self.submit = [], False, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post" and "logout" not in a.get("action", ""):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind != "submit":
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None]
        elif tag == "option" and self.select is not None and ("selected" in a or self.select[1] is None):
            if "selected" in a or self.select[1] is None:
                self.select[1] = a.get("value", "")
        elif tag == "button" and a.get("name") == "save" and self.submit is None:
            self.submit = (a["name"], a.get("value", ""))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self.fields.append((self.select[0], self.select[1] or ""))
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False


class User:
    def __init__(self, username, stats):
        self.username, self.stats = username, stats
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.jar = jar

    def fetch(self, page, path, data=None) -> bytes:
        """One request to either server, at random (a balancer without sticky sessions)."""
        base = random.choice(SERVERS)
        start = time.perf_counter()
        try:
            body = urllib.parse.urlencode(data).encode() if data is not None else None
            req = urllib.request.Request(base + path, data=body, headers={"Referer": base + path})
            with self.opener.open(req, timeout=120) as response:
                content = response.read()
                ok = response.status < 400
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            content, ok = str(error).encode(), False
        self.stats.record(page, time.perf_counter() - start, ok)
        return content

    def request(self, page, path, data=None) -> str:
        return self.fetch(page, path, data).decode("utf-8", "replace")

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post(self, page, path, data=None):
        return self.request(page, path, {**(data or {}), "csrfmiddlewaretoken": self.csrf()})

    def login(self):
        self.request("login page", "/accounts/login/")
        page = self.post("login", "/accounts/login/", {"username": self.username, "password": PASSWORD})
        return "退出登录" in page


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.outcomes = Counter()

    def record(self, page, seconds, ok):
        with self.lock:
            self.times[page].append(seconds)
            if not ok:
                self.errors[page] += 1

    def outcome(self, name):
        with self.lock:
            self.outcomes[name] += 1


def think(seconds: tuple[float, float]):
    time.sleep(random.uniform(*seconds))


def section_form(user: User, pk: int, slug: str) -> list[tuple[str, str]]:
    form = FormParser()
    form.feed(user.request("section page", f"/evaluations/{pk}/sections/{slug}/"))
    return form.fields + ([form.submit] if form.submit else [])


def saved(user: User, page: str, what: str):
    if "已保存" in page:
        user.stats.outcome(f"{what}: saved")
    elif "暂不能修改" in page or "不能修改" in page:
        user.stats.outcome(f"{what}: refused, report submitted or approved")
    elif "已被" in page or "其他人" in page:
        user.stats.outcome(f"{what}: refused, saved by someone else meanwhile")
    else:
        user.stats.record(f"{what} (not saved)", 0, False)


def filler_loop(user: User, pk: int, clean: bool, deadline: float, think_time: tuple[float, float]):
    edits = 0
    while time.time() < deadline:
        think(think_time)
        action = random.choices(["edit", "save", "preview", "pdf", "submit"], weights=[4, 2, 2, 2, 1 if clean else 0])[
            0
        ]
        if action == "edit":  # change the first goal's text: the report, its preview and its PDF change
            fields = section_form(user, pk, EDITED)
            edits += 1
            fields = [
                (name, MARK.sub("", value) + f"（第{edits}次修改）" if name == "goals-0-text" else value)
                for name, value in fields
            ]
            saved(
                user, user.request("section save (changed)", f"/evaluations/{pk}/sections/{EDITED}/", fields), "change"
            )
        elif action == "save":
            slug = random.choice(SECTIONS)
            fields = section_form(user, pk, slug)
            saved(user, user.request("section save (as is)", f"/evaluations/{pk}/sections/{slug}/", fields), "save")
        elif action == "preview":
            user.request("preview", f"/reports/{pk}/")
        elif action == "pdf":
            user.fetch("pdf", f"/reports/{pk}/pdf/")
        else:
            user.request("checklist", f"/evaluations/{pk}/checklist/")
            page = user.post("submit", f"/evaluations/{pk}/submit/")
            user.stats.outcome(
                "submit: submitted" if "报告已提交，等待" in page else "submit: refused (already submitted)"
            )


def submitted_reports(user: User) -> list[str]:
    page = user.request("dashboard (submitted)", "/reports/review/?year=2018&status=submitted")
    return sorted(set(re.findall(r"/reports/(\d+)/review/", page)))


def reviewer_loop(user: User, pks: list[int], deadline: float, think_time: tuple[float, float]):
    while time.time() < deadline:
        think(think_time)
        action = random.choices(["dashboard", "pdf", "zip", "review"], weights=[4, 2, 1, 3])[0]
        if action == "dashboard":
            user.request("dashboard", "/reports/review/?year=2018")
        elif action == "pdf":
            user.fetch("pdf", f"/reports/{random.choice(pks)}/pdf/")
        elif action == "zip":
            content = user.fetch("zip of submitted PDFs", "/reports/review/pdfs.zip?year=2018&status=submitted")
            try:
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    user.stats.outcome(f"zip: {len(archive.namelist())} files")
            except zipfile.BadZipFile:
                user.stats.record("zip (not a valid zip)", 0, False)
        else:
            waiting = submitted_reports(user)
            if not waiting:
                user.stats.outcome("review: nothing submitted")
                continue
            pk = random.choice(waiting)
            user.request("review page", f"/reports/{pk}/review/")
            if random.random() < 0.6:
                user.request("approve (confirmation)", f"/reports/{pk}/review/approve/")
                page = user.post("approve", f"/reports/{pk}/review/approve/")
                user.stats.outcome("approve: approved" if "已审核通过" in page else "approve: refused (status changed)")
            else:
                user.request("return (confirmation)", f"/reports/{pk}/review/return/")
                page = user.post(
                    "return", f"/reports/{pk}/review/return/", {"reason": "负载测试：请补充绩效目标的说明。"}
                )
                user.stats.outcome("return: returned" if "已退回" in page else "return: refused (status changed)")


def server_env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def start_servers(count: int) -> list[subprocess.Popen]:
    """``count`` app servers, each started exactly as `make serve` and the systemd unit start one."""
    env = server_env()
    # Production static files: hashed names from the manifest that collectstatic writes.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    servers = []
    for _ in range(count):
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"]
        # The access log (one line a request) is left out of the bench's output.
        command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "--log-level", "warning"]
        servers.append(subprocess.Popen(command, cwd=ROOT, env=env))
        SERVERS.append(f"http://127.0.0.1:{port}")
    for base in SERVERS:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            for server in servers:
                server.terminate()
            raise SystemExit("gunicorn did not start")
    return servers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--departments", type=int, default=50)
    parser.add_argument("--servers", type=int, default=2, help="app servers over the one database")
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--think-min", type=float, default=1.0, help="seconds a user pauses between actions")
    parser.add_argument("--think-max", type=float, default=5.0)
    args = parser.parse_args()
    random.seed(2018)
    recreate_database()
    servers = []
    try:
        t0 = time.time()
        fillers, submitted = prepare_data(args.departments, args.users - args.reviewers)
        print(f"data: {args.departments} departments ({submitted} reports submitted) ready in {time.time() - t0:.0f} s")
        servers = start_servers(args.servers)
        stats = Stats()
        pks = [pk for _, pk, _ in fillers]
        people = [(User(name, stats), (pk, clean)) for name, pk, clean in fillers] + [
            (User("reviewer", stats), None) for _ in range(args.reviewers)
        ]
        for user, _ in people:
            if not user.login():
                raise SystemExit(f"login failed for {user.username}")
        stats = Stats()  # the logins are not counted
        for user, _ in people:
            user.stats = stats
        think_time = (args.think_min, args.think_max)
        deadline = time.time() + args.seconds
        threads = [
            threading.Thread(target=filler_loop, args=(user, *mine, deadline, think_time))
            if mine
            else threading.Thread(target=reviewer_loop, args=(user, pks, deadline, think_time))
            for user, mine in people
        ]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 300)
        report(stats, time.time() - started, args)
        return 1 if sum(stats.errors.values()) else 0
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=60)
        drop_database()


def report(stats: Stats, elapsed: float, args):
    total = sum(len(v) for v in stats.times.values())
    print(
        f"\n{args.users} users ({args.users - args.reviewers} 填报人, {args.reviewers} 审核人; think time "
        f"{args.think_min:g}–{args.think_max:g} s), {args.servers} app servers as deploy/gunicorn.conf.py "
        f"(2 workers × 4 threads each), PostgreSQL, {elapsed:.0f} s; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores (machine shared with other work)"
    )
    print(f"throughput: {total / elapsed:.1f} requests/s, errors: {sum(stats.errors.values())}")
    print(f"{'page':<30}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    for page, times in sorted(stats.times.items()):
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, math.ceil(len(ordered) * 0.95) - 1)]
        print(
            f"{page:<30}{len(times):>7}{statistics.median(times) * 1000:>9.0f}{p95 * 1000:>9.0f}{stats.errors[page]:>8}"
        )
    print("outcomes: " + "; ".join(f"{name} {count}" for name, count in sorted(stats.outcomes.items())))


if __name__ == "__main__":
    sys.exit(main())
