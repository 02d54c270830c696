"""Load test: gunicorn (2 workers) on PostgreSQL, 200 departments, 50 simulated users for 60 s.

Each 填报人 opens a section and saves it back as it stands (the form is parsed from the page, so
the test follows the real forms), previews the report and downloads the PDF; each 审核人 opens
the dashboard and downloads PDFs. Only 127.0.0.1 is contacted; the run stops by itself.

Run: DEBUG=1 .venv/bin/python bench/load_test.py [--users 50] [--seconds 60] [--departments 200]
Needs the local PostgreSQL server (a throwaway database `jxpj_load` is created and dropped).
"""

import argparse
import http.cookiejar
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
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


PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "tianxin2018"
SECTIONS = ["profile", "spending", "budget-table", "three-public", "projects", "performance"]


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
    """Migrate, load the demo, and copy the seed report to ``departments`` departments."""
    os.environ.update(DATABASE_URL=DB_URL, DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from departments.models import DepartmentMembership, FiscalYear, Region
    from evaluations.demo import loader, seed_2018

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database caches
    loader.load_demo()
    region = Region.objects.get(name=seed_2018.REGION["name"])
    year = FiscalYear.objects.get(year=2018)
    catalogue = loader.load_catalogue(year)
    User = get_user_model()
    users = []
    for i in range(departments):
        data = SimpleNamespace(**{k: getattr(seed_2018, k) for k in dir(seed_2018) if k.isupper()})
        data.DEPARTMENT = {**seed_2018.DEPARTMENT, "code": f"6{i:05d}", "full_name": f"长沙市天心区负载测试单位{i:03d}"}
        evaluation = loader.load_report(data, region, year, catalogue)
        if i < fillers:
            user = User.objects.create_user(f"load_filler_{i:03d}", password=PASSWORD)
            DepartmentMembership.objects.create(user=user, department=evaluation.department)
            users.append((user.username, evaluation.pk))
    return users


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

    def request(self, page, path, data=None):
        start = time.perf_counter()
        try:
            body = urllib.parse.urlencode(data).encode() if data is not None else None
            req = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
            with self.opener.open(req, timeout=60) as response:
                content = response.read()
                ok = response.status < 400
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            content, ok = str(error).encode(), False
        self.stats.record(page, time.perf_counter() - start, ok)
        return content.decode("utf-8", "replace")

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self):
        self.request("login page", "/accounts/login/")
        page = self.request(
            "login",
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        return "退出登录" in page


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)

    def record(self, page, seconds, ok):
        with self.lock:
            self.times[page].append(seconds)
            if not ok:
                self.errors[page] += 1


def think(seconds: tuple[float, float]):
    time.sleep(random.uniform(*seconds))


def filler_loop(user: User, pk: int, deadline: float, think_time: tuple[float, float], pdf: bool):
    while time.time() < deadline:
        think(think_time)
        action = random.choices(["save", "preview", "pdf"], weights=[6, 3, 1 if pdf else 0])[0]
        if action == "save":
            slug = random.choice(SECTIONS)
            page = user.request("section page", f"/evaluations/{pk}/sections/{slug}/")
            form = FormParser()
            form.feed(page)
            fields = form.fields + ([form.submit] if form.submit else [])
            saved = user.request("section save", f"/evaluations/{pk}/sections/{slug}/", fields)
            if "已保存" not in saved and "已被" not in saved:
                user.stats.record("section save (not saved)", 0, False)
        elif action == "preview":
            user.request("preview", f"/reports/{pk}/")
        else:
            user.request("pdf", f"/reports/{pk}/pdf/")


def reviewer_loop(user: User, pks: list[int], deadline: float, think_time: tuple[float, float], pdf: bool):
    while time.time() < deadline:
        think(think_time)
        if not pdf or random.random() < 0.8:
            user.request("dashboard", "/reports/review/?year=2018")
        else:
            user.request("pdf", f"/reports/{random.choice(pks)}/pdf/")


def server_env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def start_server(workers: int):
    env = server_env()
    # Production static files: hashed names from the manifest that collectstatic writes.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/accounts/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--think-min", type=float, default=1.0, help="seconds a user pauses between actions")
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument("--baseline", type=int, default=30, help="seconds of a second phase without PDFs (0: skip)")
    args = parser.parse_args()
    random.seed(2018)
    recreate_database()
    server = None
    try:
        t0 = time.time()
        fillers = prepare_data(args.departments, args.users - args.reviewers)
        print(f"data: {args.departments} departments ready in {time.time() - t0:.0f} s")
        server = start_server(args.workers)
        stats = Stats()
        threads, pks = [], [pk for _, pk in fillers]
        people = [(User(name, stats), pk) for name, pk in fillers] + [
            (User("reviewer", stats), None) for _ in range(args.reviewers)
        ]
        for user, _ in people:
            if not user.login():
                raise SystemExit(f"login failed for {user.username}")
        think_time = (args.think_min, args.think_max)
        phases = [("with PDF downloads", True, args.seconds)]
        if args.baseline:
            phases.append(("baseline: no PDF downloads", False, args.baseline))
        errors = 0
        for name, pdf, seconds in phases:
            stats = Stats()
            for user, _ in people:
                user.stats = stats
            deadline = time.time() + seconds
            threads = [
                threading.Thread(
                    target=filler_loop if pk else reviewer_loop,
                    args=(user, pk if pk else pks, deadline, think_time, pdf),
                )
                for user, pk in people
            ]
            started = time.time()
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=seconds + 120)
            report(name, stats, time.time() - started, args)
            errors += sum(stats.errors.values())
        return 1 if errors else 0
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        drop_database()


def report(name: str, stats: Stats, elapsed: float, args):
    total = sum(len(v) for k, v in stats.times.items() if k not in {"login page", "login"})
    print(
        f"\n{name}: {args.users} users (think time {args.think_min:g}–{args.think_max:g} s), "
        f"{args.workers} gunicorn workers × 4 threads, PostgreSQL, {elapsed:.0f} s"
    )
    print(f"throughput: {total / elapsed:.1f} requests/s, errors: {sum(stats.errors.values())}")
    print(f"{'page':<26}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    for page, times in sorted(stats.times.items()):
        if page in {"login page", "login"}:
            continue
        ordered = sorted(times)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        print(
            f"{page:<26}{len(times):>7}{statistics.median(times) * 1000:>9.0f}{p95 * 1000:>9.0f}{stats.errors[page]:>8}"
        )


if __name__ == "__main__":
    sys.exit(main())
