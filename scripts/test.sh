#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL whenever one is reachable.
# In CI (CI=true) a missing PostgreSQL is a failure, never a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_HOST=${PARCOURS_PG_HOST:-127.0.0.1}
PG_PORT=${PARCOURS_PG_PORT:-5432}
PG_USER=${PARCOURS_PG_USER:-postgres}
status=0

if [ "${1:-}" != "--postgresql-only" ]; then
  echo "=== Suite complète sur SQLite ==="
  env -u DATABASE_URL $BIN/pytest -p no:cacheprovider --create-db || status=1
fi

pg_up() { $BIN/python -c "import psycopg; psycopg.connect(host='$PG_HOST', port=$PG_PORT, user='$PG_USER', dbname='postgres', connect_timeout=3).close()" 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "PostgreSQL ne répond pas : tentative de démarrage…"
  for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true; done
  for _ in $(seq 1 20); do pg_up && break; sleep 1; done
fi

if pg_up; then
  echo "=== Suite complète sur PostgreSQL ($PG_HOST:$PG_PORT) ==="
  DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/parcours" \
    PARCOURS_TEST_DB="${PARCOURS_TEST_DB:-test_parcours}" \
    $BIN/pytest -p no:cacheprovider --create-db || status=1
else
  echo ""
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!!  PostgreSQL INJOIGNABLE sur $PG_HOST:$PG_PORT : la suite N'A PAS tourné     !!"
  echo "!!  sur PostgreSQL, la base de production.                                  !!"
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true : PostgreSQL manquant = échec."
    status=1
  fi
fi
exit $status
