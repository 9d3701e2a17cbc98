#!/usr/bin/env bash
# A real single-node Kubernetes 1.20.2 on this machine, for Drover's Kubernetes tests.
#
#   scripts/k8s-up.sh          then: export KUBECONFIG=/var/lib/drover-k8s/kubeconfig
#
# - installs the Debian packages it needs when missing (etcd-server, containerd, runc,
#   containernetworking-plugins, kubernetes-client, golang-go, ...);
# - builds kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy and the pause
#   image once per machine into /var/cache/drover/k8s/1.20.2 (scripts/k8s/build.sh; ~8 min on 2 cores);
# - guard routes (`unreachable` 10.245.0.0/16, 10.244.0.0/16, 10.96.0.0/12), then the node's netns
#   drover-k8s-node with veth dk8s-h0 10.245.0.1 (host) <-> dk8s-n0 10.245.0.2 (node);
# - etcd (127.0.0.1:23790), kube-apiserver (https://10.245.0.1:16443), controller-manager, scheduler;
# - in the netns: a private containerd, CNI bridge (pods 10.244.77.0/24), kubelet, kube-proxy
#   (iptables mode: its rules live in the netns, never the host's);
# - imports drover-test/web:1 and :2 from the local docker (scripts/swarm-up.sh builds them);
# - waits until the node is Ready, kube-proxy is healthy and the default service account exists.
#
# Idempotent: when the cluster is up and healthy it only re-imports the test images; otherwise it
# first clears whatever an earlier (possibly killed) run left (scripts/k8s-down.sh), then starts a
# fresh cluster. The host's sysctls and iptables are never changed. Needs root.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/k8s/common.sh"
need_root
T0=$(date +%s.%N)
timings=()
phase() { timings+=("$1 $(since "$2") s"); }

t=$(date +%s.%N)
need_pkgs etcd-server:etcd containerd:containerd runc:runc containernetworking-plugins:/usr/lib/cni/bridge \
  kubernetes-client:kubectl iptables:iptables-save iproute2:ip util-linux:nsenter openssl:openssl \
  curl:curl jq:jq python3:python3
phase packages "$t"

t=$(date +%s.%N)
bash "$HERE/k8s/build.sh"
phase build "$t"

healthy() {
  local n
  live_pid "$K8S_STATE/run/etcd.pid" etcd >/dev/null || return 1
  for n in kube-apiserver kube-controller-manager kube-scheduler; do
    live_pid "$K8S_STATE/run/$n.pid" "$n" >/dev/null || return 1
  done
  live_pid "$K8S_STATE/containerd/containerd.pid" containerd >/dev/null || return 1
  live_pid "$K8S_STATE/kubelet/kubelet.pid" kubelet >/dev/null || return 1
  live_pid "$K8S_STATE/proxy/kube-proxy.pid" kube-proxy >/dev/null || return 1
  [ -f "$K8S_KUBECONFIG" ] && kc get --raw /readyz >/dev/null 2>&1 || return 1
  [ "$(kc get node "$K8S_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ] || return 1
  $IN_NETNS curl -fs --max-time 2 http://127.0.0.1:10256/healthz >/dev/null 2>&1
}

if healthy; then
  log "cluster already up and healthy; re-importing the test images"
  if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=$(command -v docker); fi
  t=$(date +%s.%N)
  for img in ${DROVER_K8S_IMAGES:-drover-test/web:1 drover-test/web:2}; do
    "$DOCKER" save "$img" | ctrk image import - >/dev/null
  done
  phase images "$t"
else
  # whatever an earlier run left (processes, netns, veth, mounts, cgroups, files): a no-op when clean
  t=$(date +%s.%N)
  bash "$HERE/k8s-down.sh" || die "could not clear what an earlier run left (run scripts/k8s-down.sh)"
  phase "clear leftovers" "$t"
  mkdir -p "$K8S_STATE"; chmod 755 "$K8S_STATE"
  t=$(date +%s.%N); bash "$HERE/k8s/netns-up.sh"; phase netns "$t"
  t=$(date +%s.%N); bash "$HERE/k8s/control-plane-up.sh"; phase "control plane" "$t"
  t=$(date +%s.%N); bash "$HERE/k8s/node-up.sh"; phase "node start + images" "$t"

  t=$(date +%s.%N)
  for i in $(seq 1 600); do
    [ "$(kc get node "$K8S_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ] && break
    live_pid "$K8S_STATE/kubelet/kubelet.pid" kubelet >/dev/null || die "kubelet exited; see $K8S_STATE/run/log/kubelet.log"
    sleep 0.2
  done
  [ "$(kc get node "$K8S_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ] \
    || die "node $K8S_NODE_NAME not Ready after 120 s; see $K8S_STATE/run/log/kubelet.log"
  phase "node Ready" "$t"
  t=$(date +%s.%N)
  for i in $(seq 1 300); do
    $IN_NETNS curl -fs --max-time 2 http://127.0.0.1:10256/healthz >/dev/null 2>&1 && break
    live_pid "$K8S_STATE/proxy/kube-proxy.pid" kube-proxy >/dev/null || die "kube-proxy exited; see $K8S_STATE/run/log/kube-proxy.log"
    sleep 0.2
  done
  $IN_NETNS curl -fs --max-time 2 http://127.0.0.1:10256/healthz >/dev/null \
    || die "kube-proxy not healthy after 60 s; see $K8S_STATE/run/log/kube-proxy.log"
  # pods cannot be created in a namespace before its default service account exists
  for i in $(seq 1 300); do kc get serviceaccount default >/dev/null 2>&1 && break; sleep 0.2; done
  kc get serviceaccount default >/dev/null || die "no default service account after 60 s; see $K8S_STATE/run/log/kube-controller-manager.log"
  phase "kube-proxy + service account" "$t"
fi

kc get nodes -o wide
echo "timings: $(IFS=,; echo "${timings[*]}" | sed 's/,/, /g'); total $(since "$T0") s"
echo "logs: $K8S_STATE/run/log/"
echo "export KUBECONFIG=$K8S_KUBECONFIG"
