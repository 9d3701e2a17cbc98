#!/usr/bin/env bash
# The node, inside netns drover-k8s-node (netns-up.sh): a private containerd (own root, state and
# socket under $K8S_STATE/containerd; never the one dockerd uses), the CNI bridge droverk8s0 with the
# pod range 10.244.77.0/24, the kubelet (node IP 10.245.0.2) and kube-proxy in iptables mode. Imports
# the pause image from the build cache and drover-test/web:1 and :2 from the local docker.
# Expects control-plane-up.sh to have run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
need_root
B=$K8S_CACHE/bin
C=$K8S_STATE/containerd
KL=$K8S_STATE/kubelet
PX=$K8S_STATE/proxy
IMAGES=${DROVER_K8S_IMAGES:-drover-test/web:1 drover-test/web:2}
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=$(command -v docker || echo docker); fi
for img in $IMAGES; do
  "$DOCKER" image inspect "$img" >/dev/null 2>&1 || die "image $img is not in the local docker: run scripts/swarm-up.sh first"
done

mkdir -p "$C/cni" "$KL/root" "$KL/pki" "$PX/bin" "$K8S_STATE/run/log"
sed "s#@STATE@#$K8S_STATE#g" "$HERE/containerd.toml" > "$C/config.toml"
sed -e "s#@STATE@#$K8S_STATE#g" -e "s#@POD_CIDR@#$K8S_POD_CIDR#g" "$HERE/10-bridge.conflist" > "$C/cni/10-bridge.conflist"
sed -e "s#@STATE@#$K8S_STATE#g" -e "s#@NODE_IP@#$K8S_NODE_IP#g" -e "s#@CGROUP@#$K8S_CGROUP#g" \
  "$HERE/kubelet-config.yaml" > "$KL/config.yaml"
# the kubelet's cgroupRoot must exist; a v1 cpuset child needs its cpus and mems before use
for d in $(our_cgroups); do
  mkdir -p "$d"
  case "$d" in
    */cpuset/*) for f in cpuset.cpus cpuset.mems; do
                  [ -s "$d/$f" ] || cat "$(dirname "$d")/$f" > "$d/$f"
                done ;;
  esac
done
# pods get no DNS (none runs here); an empty-ish resolv.conf keeps the kubelet from copying the host's
echo "nameserver 127.0.0.1" > "$KL/resolv.conf"

# nsenter --net switches the network namespace only. NOT `ip netns exec`: that also unshares the mount
# namespace and remounts /sys, which hides /sys/fs/cgroup (kubelet and runc need it) and puts the
# kubelet's volume mounts where containerd cannot see them.
start_daemon "$C/containerd.pid" "$K8S_STATE/run/log/containerd.log" $IN_NETNS containerd --config "$C/config.toml"
for i in $(seq 1 100); do
  ctr -a "$CTRD_SOCK" version >/dev/null 2>&1 && break
  live_pid "$C/containerd.pid" containerd >/dev/null || die "containerd exited; see $K8S_STATE/run/log/containerd.log"
  sleep 0.1
done
ctr -a "$CTRD_SOCK" version >/dev/null || die "containerd does not answer on $CTRD_SOCK"

t0=$(date +%s.%N)
ctrk image import "$K8S_CACHE/pause.tar" >/dev/null
for img in $IMAGES; do "$DOCKER" save "$img" | ctrk image import - >/dev/null; done
log "images imported in $(since "$t0") s: drover.local/pause:3.4.1 $IMAGES"

bash "$HERE/kubelet.sh" start

# kube-proxy 1.20 probes IPVS at every start and would `modprobe` kernel modules: a failing stub is
# first in its PATH. conntrack-max-per-core=0 and the two timeouts=0 make it leave nf_conntrack_*
# alone (read-only outside the host netns: writing them would make it exit). The route_localnet=1 it
# sets is per netns.
printf '#!/bin/sh\nexit 1\n' > "$PX/bin/modprobe"; chmod +x "$PX/bin/modprobe"
start_daemon "$PX/kube-proxy.pid" "$K8S_STATE/run/log/kube-proxy.log" env PATH="$PX/bin:$PATH" $IN_NETNS "$B/kube-proxy" \
  --kubeconfig="$K8S_KUBECONFIG" --hostname-override="$K8S_NODE_NAME" \
  --bind-address="$K8S_NODE_IP" --proxy-mode=iptables --cluster-cidr="$K8S_POD_CIDR" \
  --conntrack-max-per-core=0 --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0 \
  --healthz-bind-address=127.0.0.1:10256 --metrics-bind-address=127.0.0.1:10249
log "node $K8S_NODE_NAME started in netns $K8S_NETNS"
