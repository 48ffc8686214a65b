#!/usr/bin/env bash
# `make serve-production`: Parcours as in production on this machine — PostgreSQL, gunicorn (config/gunicorn.py)
# on $PARCOURS_BIND (127.0.0.1:8000) behind a reverse proxy, static files by WhiteNoise, one worker beside it.
# See docs/deployment.md. Ctrl-C stops the server and the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
export PARCOURS_ENV=production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/parcours}
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "serve-production : DATABASE_URL doit désigner une base PostgreSQL (pas SQLite)." >&2; exit 1 ;;
esac
mkdir -p var
if [ -z "${PARCOURS_SECRET_KEY:-}" ] && [ -z "${PARCOURS_SECRET_KEY_FILE:-}" ]; then
  export PARCOURS_SECRET_KEY_FILE=var/secret-key
  if [ ! -s var/secret-key ]; then
    (umask 077; .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret-key)
    echo "Clé secrète créée dans var/secret-key (à sauvegarder, jamais à publier)."
  fi
fi
if [ -n "${DATABASE_OWNER_URL:-}${DATABASE_OWNER_URL_FILE:-}" ]; then
  echo "Deux rôles PostgreSQL : migrations en tant que propriétaire (DATABASE_OWNER_URL), le site en tant que rôle applicatif (DATABASE_URL)."
else
  echo "Un seul rôle PostgreSQL : le site est propriétaire de ses tables et pourrait désactiver les déclencheurs du journal"
  echo "d'audit. En production, deux rôles : DATABASE_OWNER_URL pour les migrations (docs/deployment.md, « Two database roles »)."
fi
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py check --deploy
echo "Parcours (production) sur http://${PARCOURS_BIND:-127.0.0.1:8000}/ — à publier derrière le proxy HTTPS."
echo "Sans proxy, pour un essai en HTTP : PARCOURS_SSL_REDIRECT=false make serve-production."
exec bash scripts/with-worker.sh .venv/bin/gunicorn --config config/gunicorn.py
