#!/usr/bin/env bash
# `make audit-deps` (run by `make test`, so by CI): pip-audit over the locked versions (requirements.lock) when an advisory database answers — PyPI's per-version JSON API, else OSV. When neither
# answers, a LOUD skip (never a silent one): the lock was not audited. Found vulnerabilities fail the run.
# docs/decisions/018-pip-audit.md.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
LOCKS=(requirements.lock)

service=$($BIN/python - <<'PY'
import json, re, urllib.request
version = re.search(r"^django==([^\s\\]+)", open("requirements.lock").read(), re.M).group(1)
probes = [
    ("pypi", urllib.request.Request(f"https://pypi.org/pypi/django/{version}/json")),
    ("osv", urllib.request.Request(
        "https://api.osv.dev/v1/query",
        data=json.dumps({"package": {"name": "django", "ecosystem": "PyPI"}, "version": version}).encode(),
        headers={"Content-Type": "application/json"},
    )),
]
for name, request in probes:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.load(response)
        if name == "pypi" and "vulnerabilities" not in body:
            continue
        print(name)
        break
    except Exception:
        continue
PY
)

if [ -z "$service" ]; then
  echo ""
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!!  pip-audit NON LANCÉ : aucune base d'avis de sécurité ne répond (API JSON de PyPI  !!"
  echo "!!  par version, OSV). Les versions verrouillées (${LOCKS[*]})      !!"
  echo "!!  n'ont PAS été vérifiées contre les vulnérabilités connues.                     !!"
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo ""
  exit 0
fi

echo "=== pip-audit (${LOCKS[*]}, base : $service) ==="
args=()
for lock in "${LOCKS[@]}"; do args+=(--requirement "$lock"); done
# --require-hashes --disable-pip: the lock is complete and hashed, nothing to resolve; --strict: a package that cannot be
# audited fails the run instead of being skipped.
exec $BIN/pip-audit "${args[@]}" --require-hashes --disable-pip --strict \
  --vulnerability-service "$service" --progress-spinner off
