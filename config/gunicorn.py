"""gunicorn settings for Parcours (`make serve-production`, docs/deployment.md). Command-line options override them;
the environment too: GUNICORN_CMD_ARGS="--workers 4"."""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("PARCOURS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PARCOURS_WEB_WORKERS", "3"))
# Every long piece of work runs in a background job: a request over 30 s is a fault, not a report being built.
timeout = 30
graceful_timeout = 20
# Behind the reverse proxy on the same machine; set FORWARDED_ALLOW_IPS to the proxy's address otherwise.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Parcours writes its own JSON line per request (core/logging.py): no gunicorn access log, errors on stderr.
accesslog = None
errorlog = "-"
loglevel = "info"
# No control socket (gunicorn 25.1+: one per user by default, which two servers on one machine would share).
control_socket_disable = True
