#!/usr/bin/env bash
# The node's kubelet alone, inside netns drover-k8s-node: what node-up.sh starts it with, and what
# Drover's node-loss test uses to take the node away and give it back. The containers keep running
# in the private containerd while the kubelet is stopped; the node controller marks the node
# NotReady about 40 s later (node-monitor-grace-period) and its pods unready.
#
#   scripts/k8s/kubelet.sh start     starts it unless it runs (idempotent)
#   scripts/k8s/kubelet.sh stop      SIGTERM, SIGKILL after 10 s (idempotent)
#   scripts/k8s/kubelet.sh status    exit 0 and its pid when it runs, else exit 3
#
# Expects node-up.sh to have run once (config, containerd). Needs root.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
need_root
KL=$K8S_STATE/kubelet
PIDF=$KL/kubelet.pid

case "${1:-}" in
  start)
    if live_pid "$PIDF" kubelet >/dev/null; then exit 0; fi
    [ -f "$KL/config.yaml" ] || die "no $KL/config.yaml: start the cluster with scripts/k8s-up.sh"
    [ -S "$CTRD_SOCK" ] || die "the node's containerd is not running ($CTRD_SOCK): run scripts/k8s-up.sh"
    # keep the log of an earlier run of this kubelet
    [ -f "$K8S_STATE/run/log/kubelet.log" ] && cat "$K8S_STATE/run/log/kubelet.log" >> "$K8S_STATE/run/log/kubelet.log.old"
    start_daemon "$PIDF" "$K8S_STATE/run/log/kubelet.log" $IN_NETNS "$K8S_CACHE/bin/kubelet" \
      --config="$KL/config.yaml" --kubeconfig="$K8S_KUBECONFIG" \
      --root-dir="$KL/root" --cert-dir="$KL/pki" \
      --container-runtime=remote --container-runtime-endpoint="unix://$CTRD_SOCK" \
      --hostname-override="$K8S_NODE_NAME" --node-ip="$K8S_NODE_IP"
    log "kubelet started (pid $(cat "$PIDF"))"
    ;;
  stop)
    stop_pid "$PIDF" kubelet 10
    log "kubelet stopped"
    ;;
  status)
    live_pid "$PIDF" kubelet || exit 3
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
