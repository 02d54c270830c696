"""gunicorn settings, the one definition of how the app is served.

Used by `make serve`, deploy/jxpj.service, bench/load_test.py and tests/ops/test_two_hosts.py:
``gunicorn -c deploy/gunicorn.conf.py config.wsgi:application --bind HOST:PORT``. Options given on
the command line win (`make serve` passes ``--workers $(WORKERS)``).

2 worker processes × 4 threads (gthread), not sync workers: a PDF render (0.3–0.7 s, at most
PDF_RENDER_TIMEOUT) or a zip being streamed would hold a sync worker, so two slow downloads stop
the server; with threads the other requests of the process go on while renders queue for the
process' PDF_CONCURRENCY slots (reports.rendering.PDF_SLOTS). Nothing a request needs lives in a
process (docs/adr/0014-stateless-app-servers.md): any worker of any host serves any request.
"""

bind = "127.0.0.1:8000"
workers = 2
worker_class = "gthread"
threads = 4
timeout = 120  # deploy/nginx.conf: proxy_read_timeout 120s
graceful_timeout = 30
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
