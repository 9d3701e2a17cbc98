#!/usr/bin/env bash
# A real multi-node Docker Swarm on ONE machine, for failure tests (node loss, rescheduling, engine
# restarts), independent of the host's engine: the manager and every worker is its own dockerd, each
# in its own network and UTS namespace (hostname drover-m / drover-wN, node label drover.node=manager
# / wN), with its own socket, data root, exec root and pid file, all on a private bridge this script
# creates (drover-br0, 10.231.0.0/24: only our own namespaces live there). The host engine
# (/var/run/docker.sock) and its swarm are never changed; only its test images are read (docker save).
#
#   swarm-cluster.sh up [WORKERS]   manager + WORKERS workers (default 2, at most 9); idempotent
#   swarm-cluster.sh kill N|m       SIGKILL worker N's (or the manager's) dockerd and its containerd:
#                                   node loss (containers of a killed worker keep running unmanaged)
#   swarm-cluster.sh start N|m      bring that engine back (same data root: it rejoins by itself)
#   swarm-cluster.sh status         nodes as the manager sees them
#   swarm-cluster.sh down           stop every engine, kill what they left running, remove the
#                                   namespaces, the bridge, the data roots; tolerant of killed runs
#
# Manager:   DOCKER_HOST=unix:///var/run/docker-m.sock   (10.231.0.2, swarm port 2377)
# Worker N:  DOCKER_HOST=unix:///var/run/docker-wN.sock  (10.231.0.(10+N))
# Logs:      /var/log/drover-dockerd-m.log, /var/log/drover-dockerd-wN.log
# Needs root, Debian's docker.io, and the test images drover-test/web:* on the host engine
# (scripts/swarm-up.sh builds them; no registry is reachable, so they are copied with save/load).
# Note: 'ip netns exec' remounts /sys and hides the cgroup mounts dockerd needs; nsenter --net keeps
# them, so it is used below. The swarm's dispatcher heartbeat is 2 s, so a lost node is seen as down
# within about 10 s.
set -euo pipefail
BR=drover-br0
NET=10.231.0
MANAGER_IP=$NET.2
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=$(command -v docker); fi
if [ -x /usr/sbin/dockerd ]; then DOCKERD=/usr/sbin/dockerd; else DOCKERD=$(command -v dockerd); fi
HOST_SOCK=${DOCKER_SOCK:-/var/run/docker.sock}

usage() { sed -n '2,24p' "$0"; exit 2; }
if [ "$(id -u)" != 0 ]; then echo "swarm-cluster.sh must run as root" >&2; exit 1; fi

# node ids: "m" (manager) or 1..9 (workers); everything about a node derives from its id
node() {
  case "${1:-}" in
    m) ;;
    [1-9]) ;;
    *) echo "node must be m (manager) or a worker number 1..9, was '${1:-}'" >&2; exit 2 ;;
  esac
}
tag() { if [ "$1" = m ]; then echo m; else echo "w$1"; fi; }
ip_of() { if [ "$1" = m ]; then echo "$MANAGER_IP"; else echo "$NET.$((10 + $1))"; fi; }
sock() { echo "/var/run/docker-$(tag "$1").sock"; }
pidfile() { echo "/var/run/docker-$(tag "$1").pid"; }
execroot() { echo "/var/run/docker-$(tag "$1")"; }
dataroot() { echo "/var/lib/docker-$(tag "$1")"; }
netns() { echo "drover-$(tag "$1")"; }
d() { local n=$1; shift; "$DOCKER" -H "unix://$(sock "$n")" "$@"; }
host() { "$DOCKER" -H "unix://$HOST_SOCK" "$@"; }
answers() { timeout 10 "$DOCKER" -H "unix://$(sock "$1")" version >/dev/null 2>&1; }
has_netns() { local all; all=$(ip netns list 2>/dev/null | awk '{print $1}'); [[ $'\n'"$all"$'\n' == *$'\n'"$1"$'\n'* ]]; }
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
# every node id this script has left traces of (pid files, namespaces, data roots)
known_nodes() {
  {
    for f in /var/run/docker-m.pid /var/run/docker-w[1-9].pid /var/lib/docker-m /var/lib/docker-w[1-9] /var/run/docker-m /var/run/docker-w[1-9]; do
      [ -e "$f" ] || continue
      f=${f##*/docker-}; f=${f%.pid}; echo "${f#w}"
    done
    ip netns list 2>/dev/null | awk '/^drover-(m|w[1-9])( |$)/{sub(/^drover-w?/,"",$1); print $1}'
  } | sort -u
}

bridge_up() {
  ip link show $BR >/dev/null 2>&1 || ip link add $BR type bridge
  case "$(ip -4 -o addr show dev $BR)" in *" $NET.1/24 "*) ;; *) ip addr add $NET.1/24 dev $BR ;; esac
  ip link set $BR up
  # the host's engine sets FORWARD to DROP and bridged frames pass iptables (br_netfilter): let our
  # namespaces talk to each other over our bridge (one rule, removed by 'down')
  iptables -C FORWARD -i $BR -o $BR -m comment --comment drover-cluster -j ACCEPT 2>/dev/null \
    || iptables -I FORWARD 1 -i $BR -o $BR -m comment --comment drover-cluster -j ACCEPT
}

netns_up() {
  local n=$1 ns ip t
  ns=$(netns "$n"); ip=$(ip_of "$n"); t=$(tag "$n")
  if ! has_netns "$ns"; then
    ip link del "dvh$t" 2>/dev/null || true   # a half-made pair from a killed run
    ip netns add "$ns"
    ip link add "dvh$t" type veth peer name "dvn$t"
    ip link set "dvn$t" netns "$ns"
    nsenter --net="/var/run/netns/$ns" ip addr add "$ip/24" dev "dvn$t"
    nsenter --net="/var/run/netns/$ns" ip link set "dvn$t" up
    nsenter --net="/var/run/netns/$ns" ip link set lo up
  fi
  ip link set "dvh$t" master $BR up
}

# Stops node n's dockerd and its containerd with signal sig (TERM: orderly; KILL: node loss).
engine_stop() {
  local n=$1 sig=$2 f p
  for f in "$(pidfile "$n")" "$(execroot "$n")/containerd/containerd.pid"; do
    if pid_alive "$f"; then
      p=$(cat "$f")
      kill "-$sig" "$p" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$p" 2>/dev/null || true
    fi
  done
  rm -f "$(pidfile "$n")" "$(sock "$n")"
}

engine_up() {
  local n=$1 t ns log
  t=$(tag "$n"); ns=$(netns "$n"); log=/var/log/drover-dockerd-$t.log
  answers "$n" && return 0
  engine_stop "$n" TERM                       # stale pid file, socket or half-dead daemon
  bridge_up
  netns_up "$n"
  mkdir -p "$(dataroot "$n")" "$(execroot "$n")"
  # own network namespace (nsenter) and own hostname (unshare --uts): the node is drover-<tag>
  nsenter --net="/var/run/netns/$ns" unshare --uts sh -c \
    "hostname drover-$t; exec setsid $DOCKERD --host unix://$(sock "$n") \
       --data-root $(dataroot "$n") --exec-root $(execroot "$n") --pidfile $(pidfile "$n")" \
    >>"$log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    answers "$n" && return 0
    sleep 0.5
  done
  echo "the engine of node $t did not start; see $log" >&2
  tail -n 20 "$log" >&2
  return 1
}

images_in() {
  local n=$1 img
  for img in $(host images --format '{{.Repository}}:{{.Tag}}' | grep '^drover-test/' || true); do
    if [ "$(d "$n" image inspect --format '{{.Id}}' "$img" 2>/dev/null)" != "$(host image inspect --format '{{.Id}}' "$img")" ]; then
      host save "$img" | d "$n" load -q >/dev/null
    fi
  done
}

manager_up() {
  engine_up m
  images_in m
  local state addr
  state=$(d m info --format '{{.Swarm.LocalNodeState}}')
  addr=$(d m info --format '{{.Swarm.NodeAddr}}')
  if [ "$state" != active ] || [ "$addr" != "$MANAGER_IP" ] || [ "$(d m info --format '{{.Swarm.ControlAvailable}}')" != true ]; then
    d m swarm leave --force >/dev/null 2>&1 || true
    d m swarm init --advertise-addr "$MANAGER_IP" --listen-addr "$MANAGER_IP:2377" --dispatcher-heartbeat 2s >/dev/null
  fi
  d m node update --label-add drover.node=manager "$(d m info --format '{{.Swarm.NodeID}}')" >/dev/null
}

worker_up() {
  local n=$1 token=$2 id
  engine_up "$n"
  images_in "$n"
  if [ "$(d "$n" info --format '{{.Swarm.LocalNodeState}}')" != active ] \
      || ! d m node inspect "$(d "$n" info --format '{{.Swarm.NodeID}}')" >/dev/null 2>&1; then
    # not joined, or joined to a swarm of an earlier run (its manager is gone)
    d "$n" swarm leave --force >/dev/null 2>&1 || true
    d "$n" swarm join --token "$token" --advertise-addr "$(ip_of "$n")" "$MANAGER_IP:2377" >/dev/null
  fi
  id=$(d "$n" info --format '{{.Swarm.NodeID}}')
  d m node update --label-add "drover.node=w$n" "$id" >/dev/null
}

nodes() { d m node ls --format '{{.Hostname}} {{.ID}} {{.Status}} {{.Availability}} {{.ManagerStatus}}'; }

# Kills the containers (and their shims) an engine that is gone left behind.
orphans_kill() {
  local n=$1 f ns
  for f in "$(execroot "$n")"/containerd/daemon/io.containerd.runtime.v2.task/moby/*/init.pid; do
    [ -s "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true
  done
  ns=$(netns "$n")
  if has_netns "$ns"; then
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  fi
}

case "${1:-}" in
up)
  workers=${2:-2}
  [[ "$workers" =~ ^[0-9]$ ]] || { echo "workers must be 0..9, was '$workers'" >&2; exit 2; }
  host image inspect drover-test/web:1 >/dev/null 2>&1 \
    || { echo "the host engine has no drover-test/web:1; run scripts/swarm-up.sh first" >&2; exit 1; }
  bridge_up
  manager_up
  # nodes of earlier runs that are gone for good
  for id in $(d m node ls --filter role=worker --format '{{.ID}} {{.Hostname}} {{.Status}}' \
      | awk -v max="$workers" '{h=$2; sub(/^drover-w/,"",h); if ($3=="Down" && (h+0)>max) print $1}'); do
    d m node rm --force "$id" >/dev/null 2>&1 || true
  done
  token=$(d m swarm join-token -q worker)
  for n in $(seq 1 "$workers"); do worker_up "$n" "$token"; done
  # duplicates of our workers left by earlier joins (same hostname, down)
  for id in $(d m node ls --format '{{.ID}} {{.Status}}' | awk '$2=="Down"{print $1}'); do
    d m node rm --force "$id" >/dev/null 2>&1 || true
  done
  nodes
  ;;
kill)
  node "${2:-}"
  engine_stop "$2" KILL
  echo "node $(tag "$2") engine killed"
  ;;
start)
  node "${2:-}"
  engine_up "$2"
  echo "node $(tag "$2") engine started"
  ;;
status)
  answers m || { echo "the manager's engine is not running"; exit 1; }
  nodes
  ;;
down)
  for n in $(known_nodes); do
    # an orderly stop lets dockerd stop its containers; a dead engine's leftovers are killed below
    engine_stop "$n" TERM
    orphans_kill "$n"
  done
  for ns in $(ip netns list 2>/dev/null | awk '/^drover-(m|w[1-9])( |$)/{print $1}'); do ip netns del "$ns" 2>/dev/null || true; done
  for l in $(ip -o link show | awk -F': ' '/ dvh(m|w[1-9])[@:]/{sub(/@.*/,"",$2); print $2}'); do ip link del "$l" 2>/dev/null || true; done
  ip link del $BR 2>/dev/null || true
  while iptables -D FORWARD -i $BR -o $BR -m comment --comment drover-cluster -j ACCEPT 2>/dev/null; do :; done
  for dir in /var/lib/docker-m /var/lib/docker-w[1-9] /var/run/docker-m /var/run/docker-w[1-9]; do
    [ -e "$dir" ] || continue
    real=$(realpath "$dir")   # /var/run is /run: mounts are listed under the real path
    # mounts (overlay, shm, netns) a killed engine left
    { awk -v d="$real" 'index($2, d"/")==1 {print $2}' /proc/mounts || true; } | sort -r | while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done
    rm -rf "$dir" 2>/dev/null || { sleep 1; rm -rf "$dir" || echo "could not remove all of $dir" >&2; }
  done
  rm -f /var/run/docker-m.sock /var/run/docker-w[1-9].sock /var/run/docker-m.pid /var/run/docker-w[1-9].pid
  echo down
  ;;
*) usage ;;
esac
