#!/usr/bin/env bash
# The node's own network namespace, joined to the host by a veth pair on a private /30:
#   host  dk8s-h0 10.245.0.1/30  <->  dk8s-n0 10.245.0.2/30  in netns drover-k8s-node
# Everything node-up.sh starts (containerd, CNI bridge, kubelet, kube-proxy) lives in it, so the pod
# bridge, kube-proxy's iptables rules and the sysctls below never touch the host's own.
# Installs the guard routes first. Expects a clean slate (k8s-down.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
need_root

# Guard routes first: if the veth or the netns disappears while something still sends to the test
# ranges, those packets die here ("unreachable") instead of leaving through the default route.
# Our own connected routes are more specific and win while they exist.
for r in $K8S_GUARD_ROUTES; do ip route replace unreachable "$r" metric 4000; done

ip netns add "$K8S_NETNS"
ip link add "$K8S_VETH_HOST" type veth peer name "$K8S_VETH_NODE" netns "$K8S_NETNS"
ip addr add "$K8S_HOST_IP/30" dev "$K8S_VETH_HOST"
ip link set "$K8S_VETH_HOST" up
ip -n "$K8S_NETNS" link set lo up
ip -n "$K8S_NETNS" addr add "$K8S_NODE_IP/30" dev "$K8S_VETH_NODE"
ip -n "$K8S_NETNS" link set "$K8S_VETH_NODE" up
# No default route in the netns: nothing leaves through the host. A ClusterIP still needs *a* route,
# or connect() fails with ENETUNREACH before kube-proxy's DNAT in nat/OUTPUT is reached.
ip -n "$K8S_NETNS" route add "$K8S_SERVICE_CIDR" dev "$K8S_VETH_NODE"
# host -> pod IPs (and replies to pods) through the veth; goes away with the veth
ip route add "$K8S_POD_CIDR" via "$K8S_NODE_IP" dev "$K8S_VETH_HOST"
# net.* sysctls are per network namespace: these change the node netns only
ip netns exec "$K8S_NETNS" sysctl -q -w net.ipv4.ip_forward=1
if ip netns exec "$K8S_NETNS" test -e /proc/sys/net/bridge/bridge-nf-call-iptables; then
  # pod -> ClusterIP -> pod on the same bridge must pass kube-proxy's NAT
  ip netns exec "$K8S_NETNS" sysctl -q -w net.bridge.bridge-nf-call-iptables=1
else
  echo "WARNING: br_netfilter is not loaded (not loading it): pod -> Service -> pod on the node may bypass kube-proxy" >&2
fi
log "netns $K8S_NETNS: $K8S_VETH_NODE=$K8S_NODE_IP <-> host $K8S_VETH_HOST=$K8S_HOST_IP"
