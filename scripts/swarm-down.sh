#!/usr/bin/env bash
# Undoes scripts/swarm-up.sh (and scripts/swarm-cluster.sh): removes the services and secrets Drover
# made (label io.drover/managed-by=drover), the cluster's workers, leaves swarm mode and stops the
# dockerd that swarm-up.sh started. The images and packages stay.
#
#   scripts/swarm-down.sh [--keep-engine]     --keep-engine: clean up but leave dockerd and swarm mode on
#
# Idempotent: safe when nothing is running. Needs root.
set -euo pipefail
SOCK=${DOCKER_SOCK:-/var/run/docker.sock}
PIDFILE=/var/run/docker.pid
HERE=$(cd "$(dirname "$0")" && pwd)
KEEP_ENGINE=false
[ "${1:-}" = "--keep-engine" ] && KEEP_ENGINE=true
if [ "$(id -u)" != 0 ]; then echo "swarm-down.sh must run as root" >&2; exit 1; fi
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=$(command -v docker || echo docker); fi
d() { "$DOCKER" -H "unix://$SOCK" "$@"; }

if ! d version >/dev/null 2>&1; then
  echo "no engine answers on $SOCK"
  rm -f "$SOCK"
  if [ -e "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE" 2>/dev/null || echo 0)" 2>/dev/null; then rm -f "$PIDFILE"; fi
  exit 0
fi

# workers of swarm-cluster.sh, if any
if ip link show drover-br0 >/dev/null 2>&1 || ls /var/run/docker-m.pid /var/run/docker-w*.pid >/dev/null 2>&1; then
  "$HERE/swarm-cluster.sh" down >/dev/null
fi

svc=$(d service ls -q --filter label=io.drover/managed-by=drover 2>/dev/null || true)
# shellcheck disable=SC2086
[ -z "$svc" ] || { d service rm $svc >/dev/null; echo "removed $(echo "$svc" | wc -l) Drover service(s)"; }
for _ in $(seq 1 30); do
  sec=$(d secret ls -q --filter label=io.drover/managed-by=drover 2>/dev/null || true)
  [ -z "$sec" ] && break
  # shellcheck disable=SC2086
  d secret rm $sec >/dev/null 2>&1 && break
  sleep 1   # still in use by tasks that are shutting down
done

if [ "$KEEP_ENGINE" = true ]; then echo "engine kept"; exit 0; fi

d swarm leave --force >/dev/null 2>&1 || true
if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  pid=$(cat "$PIDFILE")
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "dockerd $pid did not stop in 30 s; killing it"; kill -9 "$pid"; fi
  echo "dockerd stopped"
else
  echo "dockerd was not started by swarm-up.sh (no pid file); left running"
fi
