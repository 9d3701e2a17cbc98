#!/usr/bin/env bash
# Smoke test of the cluster of scripts/k8s-up.sh, in its own namespace (removed at the end):
# a 2-replica Deployment of drover-test/web:1 (readiness GET /cgi-bin/health) rolls out, a ClusterIP
# Service answers from inside the node netns over both pods, a NodePort Service answers from the host
# at 10.245.0.2:<nodePort>, the host reaches a pod IP, `kubectl logs` and `kubectl exec` work.
# Exits non-zero on the first failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
need_root
NS=drover-smoke
k() { kc -n "$NS" "$@"; }
trap 'kc delete namespace "$NS" --wait=false >/dev/null 2>&1 || true' EXIT
kc delete namespace "$NS" --timeout=60s >/dev/null 2>&1 || true
kc create namespace "$NS" >/dev/null
for i in $(seq 1 100); do k get serviceaccount default >/dev/null 2>&1 && break; sleep 0.2; done

t0=$(date +%s.%N)
k apply -f - >/dev/null <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: web
        image: drover-test/web:1
        imagePullPolicy: Never
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /cgi-bin/health, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-np}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
EOF
k rollout status deploy/web --timeout=120s >/dev/null
echo "rollout of 2 replicas: $(since "$t0") s"
k get pods -o wide
CIP=$(k get svc web -o jsonpath='{.spec.clusterIP}')
NP=$(k get svc web-np -o jsonpath='{.spec.ports[0].nodePort}')
# kube-proxy syncs at most once a second: wait until both endpoints are in the Service chain
for i in $(seq 1 50); do
  [ "$(ip netns exec "$K8S_NETNS" iptables-save -t nat | grep -c -- "-A KUBE-SVC-.*\"$NS/web\" .*-j KUBE-SEP-")" = 2 ] && break
  sleep 0.2
done

fail() { echo "FAIL: $*" >&2; exit 1; }
health=$(ip netns exec "$K8S_NETNS" curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$CIP/cgi-bin/health") || true
[ "$health" = 200 ] || fail "ClusterIP $CIP:80/cgi-bin/health from the node netns answered '$health'"
seen=$(for i in $(seq 1 20); do ip netns exec "$K8S_NETNS" curl -fs --max-time 3 "http://$CIP/cgi-bin/version" | grep instance; done | sort | uniq -c)
echo "ClusterIP $CIP:80 from netns $K8S_NETNS, 20 requests:"; echo "$seen"
[ "$(echo "$seen" | grep -c instance)" = 2 ] || fail "ClusterIP did not reach both pods"
health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$K8S_NODE_IP:$NP/cgi-bin/health") || true
[ "$health" = 200 ] || fail "NodePort $K8S_NODE_IP:$NP/cgi-bin/health from the host answered '$health'"
seen=$(for i in $(seq 1 10); do curl -fs --max-time 3 "http://$K8S_NODE_IP:$NP/cgi-bin/version" | grep instance; done | sort | uniq -c)
echo "NodePort $K8S_NODE_IP:$NP from the host, 10 requests:"; echo "$seen"
[ "$(echo "$seen" | grep -c instance)" -ge 1 ] || fail "NodePort answered nothing"
PIP=$(k get pods -l app=web -o jsonpath='{.items[0].status.podIP}')
P1=$(k get pods -l app=web -o jsonpath='{.items[0].metadata.name}')
curl -fs --max-time 3 "http://$PIP:8080/cgi-bin/version" | grep -q '^version=1' || fail "pod IP $PIP:8080 from the host"
echo "pod IP $PIP:8080 from the host: ok"
[ "$(k exec "$P1" -- cat /etc/drover-test-version)" = 1 ] || fail "kubectl exec"
echo "kubectl exec: ok"
k logs "$P1" | grep -q 'listening on' || fail "kubectl logs has no 'listening on'"
echo "kubectl logs: ok"
kc delete namespace "$NS" --timeout=90s >/dev/null
trap - EXIT
echo "smoke test passed in $(since "$t0") s"
