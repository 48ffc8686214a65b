#!/usr/bin/env bash
# Runs a command (the web server) with a background-job worker beside it (`manage.py worker`: jobs and scheduled
# work); Ctrl-C (or TERM), or the end of either process, stops both. Usage: scripts/with-worker.sh COMMAND [ARGS...]
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python manage.py worker &
worker=$!
"$@" &
server=$!
stop() {
  trap - INT TERM
  kill -TERM "$server" "$worker" 2>/dev/null
  wait "$server" "$worker" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
echo "Serveur (pid $server) et processus de fond (pid $worker) démarrés ; Ctrl-C arrête les deux."
wait -n "$server" "$worker"
status=$?
stop
exit $status
