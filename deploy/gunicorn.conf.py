"""gunicorn settings for the portal: `gunicorn -c deploy/gunicorn.conf.py balikpapan_umkm.wsgi`.

Every value can be changed from the environment, so one file serves a laptop
and a city server alike.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# The usual rule for synchronous workers: two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# One line per request on stdout, and errors on stderr: the process manager keeps them.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s] "%(a)s"'
# Addresses of the reverse proxies whose X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: it is one per user ($HOME/.gunicorn/gunicorn.ctl), so two app
# servers on one machine would fight over it, and nothing here uses it.
control_socket_disable = True
