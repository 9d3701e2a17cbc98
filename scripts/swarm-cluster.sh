#!/usr/bin/env bash
# A real multi-node Docker Swarm on ONE machine, for failure tests (node loss, rescheduling,
# spread). The manager is the host's engine (scripts/swarm-up.sh); each worker is its own dockerd
# in its own network and UTS namespace (hostname drover-wN, node label drover.node=wN), joined to
# the manager over a private bridge that this script creates (10.231.0.0/24: only our own
# namespaces live there).
#
#   swarm-cluster.sh up [WORKERS]   manager + WORKERS workers (default 2); idempotent
#   swarm-cluster.sh kill N         hard-stop worker N's engine (SIGKILL dockerd and its containerd: node loss)
#   swarm-cluster.sh start N        bring worker N's engine back (it rejoins by itself)
#   swarm-cluster.sh status         nodes as the manager sees them
#   swarm-cluster.sh down           remove the workers, the namespaces and the bridge; the host's
#                                   engine goes back to a single-node swarm on 127.0.0.1
#
# Worker N's engine: docker -H unix:///var/run/docker-wN.sock ...
# Needs root; swarm-up.sh installs docker.io and busybox-static and builds the test images, which
# are copied into each worker (no registry is reachable).
# Note: 'ip netns exec' remounts /sys and hides the cgroup mounts dockerd needs; nsenter --net keeps
# them, so it is used below.
set -euo pipefail
BR=drover-br0
NET=10.231.0
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=$(command -v docker); fi
m() { "$DOCKER" -H unix:///var/run/docker.sock "$@"; }
w() { local n=$1; shift; "$DOCKER" -H "unix:///var/run/docker-w$n.sock" "$@"; }

if [ "$(id -u)" != 0 ]; then echo "swarm-cluster.sh must run as root" >&2; exit 1; fi

usage() { sed -n '2,22p' "$0"; exit 2; }
number() { [[ "${1:-}" =~ ^[1-9][0-9]?$ ]] || { echo "worker number must be 1..99, was '${1:-}'" >&2; exit 2; }; }

pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

bridge_up() {
  if ! ip link show $BR >/dev/null 2>&1; then
    ip link add $BR type bridge
  fi
  ip addr show dev $BR | grep -q "inet $NET.1/24" || ip addr add $NET.1/24 dev $BR
  ip link set $BR up
}

netns_up() {
  local n=$1 ns=drover-w$1 ip=$NET.$((10 + $1))
  if ! ip netns list | grep -qw "$ns"; then
    ip link del "dvh$n" 2>/dev/null || true   # a half-made pair from a killed run
    ip netns add "$ns"
    ip link add "dvh$n" type veth peer name "dvn$n"
    ip link set "dvn$n" netns "$ns"
    nsenter --net=/var/run/netns/$ns ip addr add "$ip/24" dev "dvn$n"
    nsenter --net=/var/run/netns/$ns ip link set "dvn$n" up
    nsenter --net=/var/run/netns/$ns ip link set lo up
  fi
  ip link set "dvh$n" master $BR up
}

# Kills worker n's dockerd and containerd, gracefully (TERM) or hard (KILL).
engine_stop() {
  local n=$1 sig=$2 pidfile=/var/run/docker-w$1.pid cpid=/var/run/docker-w$1/containerd/containerd.pid p
  for f in "$pidfile" "$cpid"; do
    if pid_alive "$f"; then
      p=$(cat "$f")
      kill "-$sig" "$p" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$p" 2>/dev/null || true
    fi
  done
  rm -f "$pidfile" "/var/run/docker-w$n.sock"
}

engine_up() {
  local n=$1 ns=drover-w$1 log=/var/log/drover-dockerd-w$1.log
  if w "$n" version >/dev/null 2>&1; then return 0; fi
  engine_stop "$n" TERM                       # stale pid file, socket or half-dead daemon
  netns_up "$n"
  mkdir -p "/var/lib/docker-w$n" "/var/run/docker-w$n"
  # own network namespace (nsenter) and own hostname (unshare --uts): the node is drover-wN
  nsenter --net=/var/run/netns/$ns unshare --uts sh -c \
    "hostname drover-w$n; exec setsid dockerd --host unix:///var/run/docker-w$n.sock \
       --data-root /var/lib/docker-w$n --exec-root /var/run/docker-w$n \
       --pidfile /var/run/docker-w$n.pid" >>"$log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    w "$n" version >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "worker $n's engine did not start; see $log" >&2
  tail -n 20 "$log" >&2
  return 1
}

worker_join() {
  local n=$1 token=$2 img
  for img in $(m images --format '{{.Repository}}:{{.Tag}}' | grep '^drover-test/'); do
    if [ "$(w "$n" image inspect --format '{{.Id}}' "$img" 2>/dev/null)" != "$(m image inspect --format '{{.Id}}' "$img")" ]; then
      m save "$img" | w "$n" load -q >/dev/null
    fi
  done
  if [ "$(w "$n" info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    w "$n" swarm leave --force >/dev/null 2>&1 || true
    w "$n" swarm join --token "$token" --advertise-addr "$NET.$((10 + n))" "$NET.1:2377" >/dev/null
  fi
  local id
  id=$(w "$n" info --format '{{.Swarm.NodeID}}')
  m node update --label-add "drover.node=w$n" "$id" >/dev/null
}

case "${1:-}" in
up)
  workers=${2:-2}
  number "$workers"
  "$HERE/swarm-up.sh" --keep-services >/dev/null
  bridge_up
  # the manager must advertise an address the workers can reach
  if [ "$(m info --format '{{.Swarm.NodeAddr}}')" != "$NET.1" ]; then
    m swarm leave --force >/dev/null 2>&1 || true
    m swarm init --advertise-addr $NET.1 --listen-addr $NET.1:2377 >/dev/null
  fi
  m node update --label-add drover.node=manager "$(m info --format '{{.Swarm.NodeID}}')" >/dev/null
  # nodes of earlier runs that are gone for good
  for id in $(m node ls --filter role=worker --format '{{.ID}} {{.Status}}' | awk '$2=="Down"{print $1}'); do
    m node rm --force "$id" >/dev/null 2>&1 || true
  done
  token=$(m swarm join-token -q worker)
  for n in $(seq 1 "$workers"); do
    engine_up "$n"
    worker_join "$n" "$token"
  done
  m node ls --format '{{.Hostname}} {{.ID}} {{.Status}} {{.Availability}} {{.ManagerStatus}}'
  ;;
kill)
  number "${2:-}"
  engine_stop "$2" KILL
  echo "worker $2 engine killed"
  ;;
start)
  number "${2:-}"
  bridge_up
  engine_up "$2"
  echo "worker $2 engine started"
  ;;
status)
  m node ls --format '{{.Hostname}} {{.ID}} {{.Status}} {{.Availability}} {{.ManagerStatus}}'
  ;;
down)
  for f in /var/run/docker-w*.pid; do
    [ -e "$f" ] || continue
    n=${f#/var/run/docker-w}; n=${n%.pid}
    # stop the worker's containers while its engine still answers, then leave
    ids=$(w "$n" ps -aq 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$ids" ] || w "$n" rm -f $ids >/dev/null 2>&1 || true
    w "$n" swarm leave --force >/dev/null 2>&1 || true
    engine_stop "$n" TERM
  done
  # containers' shims of killed workers would keep the namespaces busy
  for ns in $(ip netns list | awk '/^drover-w/{print $1}'); do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$ns"
  done
  for l in $(ip -o link show | awk -F': ' '/dvh[0-9]+/{sub(/@.*/,"",$2); print $2}'); do ip link del "$l" 2>/dev/null || true; done
  ip link del $BR 2>/dev/null || true
  for dir in /var/lib/docker-w*; do
    [ -e "$dir" ] || continue
    # container mounts of a killed worker may still be there
    { grep -o " $dir[^ ]*" /proc/mounts || true; } | sort -r | while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done
    rm -rf "$dir"
  done
  rm -rf /var/run/docker-w*
  # back to the single-node swarm on 127.0.0.1 (leaving drops the multi-node swarm's services)
  if [ "$(m info --format '{{.Swarm.NodeAddr}}' 2>/dev/null)" = "$NET.1" ]; then
    m swarm leave --force >/dev/null 2>&1 || true
  fi
  "$HERE/swarm-up.sh" --keep-services >/dev/null
  echo down
  ;;
*) usage ;;
esac
