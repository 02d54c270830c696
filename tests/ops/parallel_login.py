"""Run by tests/ops/test_login_throttle.py in its own process, against a real database (a SQLite file or a
PostgreSQL database of its own, from DATABASE_URL): many threads post a wrong password for one account at
the same moment, each through the login page. Prints how many password checks ran, as JSON.

Usage: python -m tests.ops.parallel_login THREADS
"""

import json
import os
import sys
import threading
import time


def main(threads: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database caches
    get_user_model().objects.create_user("victim", password="Right-password-2018")

    checks = 0
    counter = threading.Lock()
    original = AbstractBaseUser.check_password

    def counting_check(self, raw_password):
        nonlocal checks
        with counter:
            checks += 1
        time.sleep(0.05)  # a real hash takes this long: the window between the lockout test and the count
        return original(self, raw_password)

    AbstractBaseUser.check_password = counting_check
    barrier = threading.Barrier(threads)
    statuses = []

    def guess(i):
        client = Client()
        try:
            barrier.wait()
            response = client.post(
                "/accounts/login/", {"username": "victim", "password": f"guess-{i}"}, REMOTE_ADDR="203.0.113.5"
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    workers = [threading.Thread(target=guess, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return {"password_checks": checks, "responses": len(statuses), "statuses": sorted(set(statuses))}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
