#!/usr/bin/env bash
# `make bench`: import throughput vs COPY, report time vs one sequential pass, HTML report page.
# Needs a PostgreSQL reachable on $PARCOURS_PG_HOST:$PARCOURS_PG_PORT (default 127.0.0.1:5432, user postgres);
# the database parcours_bench is dropped and recreated. See docs/benchmarks.md. Extra arguments go to
# bench/run_bench.py (e.g. --import-persons 10000 --report-persons 100000 --steps import,report).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_HOST=${PARCOURS_PG_HOST:-127.0.0.1}
PG_PORT=${PARCOURS_PG_PORT:-5432}
PG_USER=${PARCOURS_PG_USER:-postgres}

pg_up() { $BIN/python -c "import psycopg; psycopg.connect(host='$PG_HOST', port=$PG_PORT, user='$PG_USER', dbname='postgres', connect_timeout=3).close()" 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "PostgreSQL ne répond pas : tentative de démarrage…"
  for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true; done
  for _ in $(seq 1 20); do pg_up && break; sleep 1; done
fi
if ! pg_up; then
  echo "PostgreSQL injoignable sur $PG_HOST:$PG_PORT : les mesures ont besoin de PostgreSQL." >&2
  exit 1
fi
exec $BIN/python bench/run_bench.py "$@"
