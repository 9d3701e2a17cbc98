#!/usr/bin/env bash
# Stops the Kubernetes cluster of scripts/k8s-up.sh and removes everything it made on this machine:
# pods (deleted through the API while the kubelet still runs), kube-proxy, kubelet, the private
# containerd and its shims, the pods' cgroups (under drover-k8s/ in each hierarchy), mounts under the state directory, the control plane,
# the pods' and the node's network namespaces, the veth, the state directory (cluster data, kubeconfig;
# the logs are kept in /var/lib/drover-k8s/last-logs) and, last, the guard routes. The build cache (/var/cache/drover/k8s) and packages stay.
#
#   scripts/k8s-down.sh
#
# Idempotent and safe after a killed run: every step tolerates what is already gone; processes are
# found by pid file and, when pid files are lost, by their binary and state-directory arguments
# (never by a bare name). Needs root.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/k8s/common.sh"
need_root
t0=$(date +%s.%N)
R=$K8S_STATE/run; C=$K8S_STATE/containerd; KL=$K8S_STATE/kubelet; PX=$K8S_STATE/proxy

# pod network namespaces of ours: those with an address in the pod range
pod_prefix=${K8S_POD_CIDR%.*}.
our_pod_netns() {
  local n
  for n in $(ls /var/run/netns 2>/dev/null | grep '^cni-'); do
    ip -n "$n" -4 -o addr show 2>/dev/null | grep -qF " inet $pod_prefix" && echo "$n"
  done
  return 0
}
running_tasks() { ctrk tasks ls 2>/dev/null | awk 'NR > 1 && $3 == "RUNNING"'; }

# ---------------------------------------------------------------- pods, through the API
if live_pid "$KL/kubelet.pid" kubelet >/dev/null && kc get --raw /readyz >/dev/null 2>&1; then
  kc delete deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs,replicationcontrollers \
    --all --all-namespaces --wait=false --request-timeout=15s >/dev/null 2>&1
  # Let the kubelet stop the pod sandboxes while it runs: containerd then removes their netns
  # (/var/run/netns/cni-*), which killing the kubelet first would leave behind. Force: the API objects
  # go at once (the kubelet of 1.20 takes up to ~30 s to confirm a graceful deletion); then wait
  # until the kubelet has stopped every container and sandbox.
  # Repeated while controllers being garbage-collected may still create pods.
  deadline=$((SECONDS + 40))   # then the kill sweep below takes over
  while [ $SECONDS -lt $deadline ]; do
    if [ -n "$(kc get pods --all-namespaces --no-headers --request-timeout=5s 2>/dev/null)" ]; then
      kc delete pods --all --all-namespaces --force --grace-period=0 --wait=false --request-timeout=10s >/dev/null 2>&1
    elif [ -z "$(running_tasks)$(our_pod_netns)" ]; then
      break
    fi
    sleep 0.5
  done
  [ -z "$(running_tasks)$(our_pod_netns)" ] || log "pod sandboxes not all stopped in time; killing what is left"
  log "pods deleted ($(since "$t0") s)"
fi

# ---------------------------------------------------------------- node
stop_pid "$PX/kube-proxy.pid" kube-proxy 10
stop_pid "$KL/kubelet.pid" kubelet 10
if live_pid "$C/containerd.pid" containerd >/dev/null; then
  for id in $(ctrk tasks ls -q 2>/dev/null); do ctrk tasks kill -s KILL "$id" >/dev/null 2>&1; done
  sleep 0.5
  for id in $(ctrk tasks ls -q 2>/dev/null); do ctrk tasks delete "$id" >/dev/null 2>&1; done
  for id in $(ctrk containers ls -q 2>/dev/null); do ctrk containers delete "$id" >/dev/null 2>&1; done
fi
stop_pid "$C/containerd.pid" containerd 10

# Our processes whose pid file is gone (a killed run): a process is ours when its executable is one of
# ours AND its arguments name our state dir. ours node: kubelet, kube-proxy, containerd, its shims;
# ours control-plane: kube-apiserver, kube-controller-manager, kube-scheduler, etcd.
ours() {
  local f p
  if [ "$1" = node ]; then
    set -- \( -lname "$K8S_CACHE/bin/kubelet" -o -lname "$K8S_CACHE/bin/kube-proxy" -o -lname '*/containerd' -o -lname '*/containerd-shim*' \)
  else
    set -- \( -lname "$K8S_CACHE/bin/kube-apiserver" -o -lname "$K8S_CACHE/bin/kube-controller-manager" -o -lname "$K8S_CACHE/bin/kube-scheduler" -o -lname '*/etcd' \)
  fi
  for f in $(find /proc/[0-9]*/exe -maxdepth 0 "$@" 2>/dev/null); do
    p=${f#/proc/}; p=${p%/exe}
    [ "$p" = $$ ] && continue
    tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$K8S_STATE/" && echo "$p"
  done
}
# processes still in our cgroups (containers whose shim is gone)
in_our_cgroups() { for d in $(our_cgroups); do [ -d "$d" ] && find "$d" -name cgroup.procs -exec cat {} +; done 2>/dev/null | sort -u; }
# SIGTERM, then SIGKILL, to what the command "$@" prints
sweep() {
  local ps
  ps=$("$@"); [ -n "$ps" ] || return 0
  log "stopping leftover processes: $(echo $ps)"
  kill -TERM $ps 2>/dev/null; sleep 1
  ps=$("$@"); [ -n "$ps" ] && { kill -KILL $ps 2>/dev/null; sleep 0.5; }
  return 0
}
sweep ours node
sweep in_our_cgroups
for d in $(our_cgroups); do [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null; done

# pod network namespaces whose sandbox was not stopped
for n in $(our_pod_netns); do ip netns del "$n" 2>/dev/null && log "removed leftover pod netns $n"; done

# mounts under the state dir (overlay rootfs, shm, kubelet volumes), deepest first
umount_all() {
  awk -v d="$K8S_STATE/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
  done
}
umount_all; umount_all

log "node stopped ($(since "$t0") s)"

# ---------------------------------------------------------------- control plane, before the netns:
# an apiserver whose bind address vanished hangs on SIGTERM while its loopback client keeps sending
# to 10.245.0.1
stop_pid "$R/kube-scheduler.pid" kube-scheduler 15
stop_pid "$R/kube-controller-manager.pid" kube-controller-manager 15
# it waits for its own loopback watches on SIGTERM; its data is thrown away, so 5 s are enough
stop_pid "$R/kube-apiserver.pid" kube-apiserver 5
stop_pid "$R/etcd.pid" etcd 15
sweep ours control-plane

# ---------------------------------------------------------------- network
if [ -e "/var/run/netns/$K8S_NETNS" ]; then
  for n in $(ip -n "$K8S_NETNS" -o link show type veth 2>/dev/null | grep -o 'link-netns [^ ]*' | awk '{print $2}'); do
    ip netns del "$n" 2>/dev/null && log "removed leftover pod netns $n"
  done
  ip netns del "$K8S_NETNS"
fi
ip link del "$K8S_VETH_HOST" 2>/dev/null   # normally gone with the netns
ip route del "$K8S_POD_CIDR" 2>/dev/null   # likewise
for i in $(seq 1 10); do ip link show "$K8S_VETH_HOST" >/dev/null 2>&1 || break; sleep 0.3; done
if ip link show "$K8S_VETH_HOST" >/dev/null 2>&1; then
  log "WARNING: $K8S_VETH_HOST still exists: a process still holds netns $K8S_NETNS; guard routes stay"
  exit 1
fi

# ---------------------------------------------------------------- files
if awk -v d="$K8S_STATE/" 'index($2, d) == 1' /proc/mounts | grep -q .; then
  log "WARNING: mounts left under $K8S_STATE, not removing it:"; awk -v d="$K8S_STATE/" 'index($2, d) == 1 {print "  " $2}' /proc/mounts
else
  # the logs of this run stay for a post-mortem, in $K8S_STATE/last-logs
  if [ -d "$R/log" ]; then rm -rf "$K8S_STATE/last-logs"; mv "$R/log" "$K8S_STATE/last-logs"; fi
  rm -rf --one-file-system "$R" "$C" "$KL" "$PX" "$K8S_KUBECONFIG" "$K8S_KUBECONFIG.tmp"
fi

# the guard routes last, once nothing of ours is left to send to the test ranges
for r in $K8S_GUARD_ROUTES; do ip route del unreachable "$r" metric 4000 2>/dev/null; done
log "down in $(since "$t0") s"
