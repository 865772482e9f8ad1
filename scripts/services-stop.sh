#!/usr/bin/env bash
# services-stop.sh - stop the services started by scripts/services.sh: Elasticsearch
# (every elasticsearch-*/elasticsearch.pid under the cache folder) and PostgreSQL 15/main.
# Safe to run when nothing is running. Env: K3D_CACHE (default <repo>/.cache/services).
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then echo "services-stop.sh: must run as root" >&2; exit 1; fi
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Elasticsearch runs as an unprivileged user, who must be able to reach its folder: a checkout
# inside a private folder (e.g. one made by mktemp -d) keeps it in /var/lib instead.
if runuser -u nobody -- test -x "$REPO" 2>/dev/null; then
  CACHE=${K3D_CACHE:-$REPO/.cache/services}
else
  CACHE=${K3D_CACHE:-/var/lib/kooperacje3d/services}
fi
log() { echo "[services-stop] $*" >&2; }

# ---- Elasticsearch: SIGTERM the pid from the pid file, wait up to 60 s, then SIGKILL ----
shopt -s nullglob
for pidfile in "$CACHE"/elasticsearch-*/elasticsearch.pid; do
  pid=$(cat "$pidfile" 2>/dev/null || true)
  # only signal a live process that really is this Elasticsearch (pids can be reused)
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
      && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.elasticsearch'; then
    log "stopping Elasticsearch (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      log "Elasticsearch did not exit in 60 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
    fi
  fi
  rm -f "$pidfile"
done

# ---- PostgreSQL 15/main ----
if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 15 main 2>/dev/null | awk '{print $4}' | grep -q online; then
  log "stopping PostgreSQL 15/main"
  pg_ctlcluster 15 main stop
fi
log "stopped"
