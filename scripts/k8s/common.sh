# Shared settings and helpers of scripts/k8s-up.sh, scripts/k8s-down.sh and scripts/k8s/*.sh.
# Sourced, not run. Every path and address can be overridden from the environment.

K8S_VERSION=${DROVER_K8S_VERSION:-1.20.2}
# Debian bookworm's source package carrying the upstream tree of $K8S_VERSION (vendor/ included)
K8S_DEB_VERSION=${DROVER_K8S_DEB_VERSION:-1.20.5+really1.20.2-1.1+deb12u1}
# built binaries and the pause image, kept per version outside the repository
K8S_CACHE=${DROVER_K8S_CACHE:-/var/cache/drover/k8s}/$K8S_VERSION
# source tree and Go caches while building (about 2.6 GB; removed after a successful build)
K8S_BUILD=${DROVER_K8S_BUILD:-/var/tmp/drover-k8s-build}/$K8S_VERSION
# the running cluster: etcd data, certificates, logs, pid files, containerd and kubelet roots
K8S_STATE=${DROVER_K8S_STATE:-/var/lib/drover-k8s}
K8S_KUBECONFIG=$K8S_STATE/kubeconfig

K8S_NETNS=drover-k8s-node
K8S_VETH_HOST=dk8s-h0     # interface names: 15 characters at most
K8S_VETH_NODE=dk8s-n0
K8S_HOST_IP=10.245.0.1    # host end of the veth; the apiserver binds it
K8S_NODE_IP=10.245.0.2    # node end, inside the netns
K8S_NODE_NAME=drover-node-1
K8S_POD_CIDR=10.244.77.0/24
K8S_SERVICE_CIDR=10.96.0.0/16
K8S_API_PORT=16443
K8S_ETCD_PORT=23790
K8S_ETCD_PEER_PORT=23800
# Guard routes: packets for these ranges die on this host once our interfaces are gone
K8S_GUARD_ROUTES="10.245.0.0/16 10.244.0.0/16 10.96.0.0/12"
# cgroup parent of the pods (kubelet cgroupRoot): /sys/fs/cgroup/<hierarchy>/drover-k8s/kubepods/...
K8S_CGROUP=drover-k8s
K8S_BINARIES="kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy"

CTRD_SOCK=$K8S_STATE/containerd/containerd.sock
IN_NETNS="nsenter --net=/var/run/netns/$K8S_NETNS --"

log() { echo "[k8s $(date +%H:%M:%S)] $*"; }
die() { echo "k8s: $*" >&2; exit 1; }
need_root() { [ "$(id -u)" = 0 ] || die "$(basename "$0") must run as root"; }
kc() { kubectl --kubeconfig "$K8S_KUBECONFIG" "$@"; }
ctrk() { ctr -a "$CTRD_SOCK" -n k8s.io "$@"; }
# seconds since $1 (a `date +%s.%N` value), one decimal
since() { awk "BEGIN{printf \"%.1f\", $(date +%s.%N)-$1}"; }

# Installs the Debian packages missing among "package:command" pairs (apt-get update first).
need_pkgs() {
  local want=() pc
  for pc in "$@"; do
    if [[ $pc == *:/* ]]; then [ -e "${pc#*:}" ] || want+=("${pc%%:*}")
    else command -v "${pc#*:}" >/dev/null 2>&1 || want+=("${pc%%:*}"); fi
  done
  [ ${#want[@]} -eq 0 ] && return 0
  log "installing ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${want[@]}" >/dev/null
}

# pid from a pid file if that process is alive and runs the expected command ($2: a word of its
# command line), else nothing. Guards against pid files of a killed run whose pid was reused.
live_pid() {
  local p
  [ -f "$1" ] || return 1
  p=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q -- "$2" || return 1
  echo "$p"
}

# SIGTERM the process of pid file $1 (command word $2), wait up to $3 s, SIGKILL as a last resort.
stop_pid() {
  local p i
  if p=$(live_pid "$1" "$2"); then
    kill "$p" 2>/dev/null
    for i in $(seq 1 $((${3:-15} * 5))); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$p" 2>/dev/null; then log "SIGKILL $2 ($p)"; kill -9 "$p" 2>/dev/null; sleep 0.5; fi
  fi
  rm -f "$1"
}

# Starts "$@" as a daemon in its own session (a signal to the caller's process group does not reach
# it), stdin from /dev/null, output to log file $2, pid in pid file $1. Without job control the
# background child is no process group leader, so setsid(1) execs in place and $! is the daemon's pid.
start_daemon() {
  local pidf=$1 logf=$2; shift 2
  setsid "$@" </dev/null >"$logf" 2>&1 &
  echo $! > "$pidf"
}

# our cgroup directory in every mounted cgroup hierarchy (v1 controllers, name=systemd, v2)
our_cgroups() {
  awk -v c="$K8S_CGROUP" '$3 == "cgroup" || $3 == "cgroup2" {print $2 "/" c}' /proc/mounts
}
