#!/usr/bin/env bash
# The control plane: etcd on 127.0.0.1:23790, kube-apiserver on 10.245.0.1:16443 (the host end of
# the node's veth, so host and node netns both reach it; token auth, RBAC, a serving certificate of
# a CA made here), kube-controller-manager and kube-scheduler (no leader election, secure ports on
# loopback). Writes $K8S_KUBECONFIG. Expects netns-up.sh to have run and a clean $K8S_STATE/run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
need_root
B=$K8S_CACHE/bin
R=$K8S_STATE/run
mkdir -p "$R/pki" "$R/log"
umask 077

# ---------------------------------------------------------------- keys and certificates
P=$R/pki
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj "/CN=drover-k8s-ca" \
  -keyout "$P/ca.key" -out "$P/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=kube-apiserver" \
  -keyout "$P/apiserver.key" -out "$P/apiserver.csr" 2>/dev/null
printf 'subjectAltName=IP:%s,IP:127.0.0.1,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\nextendedKeyUsage=serverAuth\n' \
  "$K8S_HOST_IP" > "$P/apiserver.ext"
openssl x509 -req -in "$P/apiserver.csr" -CA "$P/ca.crt" -CAkey "$P/ca.key" -CAcreateserial \
  -days 3650 -extfile "$P/apiserver.ext" -out "$P/apiserver.crt" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$P/sa.key"   # service-account tokens: ES256
openssl ec -in "$P/sa.key" -pubout -out "$P/sa.pub" 2>/dev/null
TOKEN=$(openssl rand -hex 24)
echo "$TOKEN,drover-admin,drover-admin,system:masters" > "$P/tokens.csv"

tmp=$K8S_KUBECONFIG.tmp
cat > "$tmp" <<KC
apiVersion: v1
kind: Config
clusters:
- name: drover-k8s
  cluster:
    server: https://$K8S_HOST_IP:$K8S_API_PORT
    certificate-authority-data: $(base64 -w0 < "$P/ca.crt")
users:
- name: drover-admin
  user:
    token: $TOKEN
contexts:
- name: drover-k8s
  context: {cluster: drover-k8s, user: drover-admin, namespace: default}
current-context: drover-k8s
KC
# readable by whoever ran the script through sudo, otherwise by root only (the token is cluster-admin)
[ -n "${SUDO_UID:-}" ] && chown "$SUDO_UID" "$tmp"
chmod 600 "$tmp"
mv "$tmp" "$K8S_KUBECONFIG"
umask 022

# ---------------------------------------------------------------- processes
start_daemon "$R/etcd.pid" "$R/log/etcd.log" etcd --name drover-k8s --data-dir "$R/etcd" \
  --listen-client-urls "http://127.0.0.1:$K8S_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$K8S_ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$K8S_ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
  --initial-cluster "drover-k8s=http://127.0.0.1:$K8S_ETCD_PEER_PORT"
for i in $(seq 1 100); do
  curl -fs --max-time 1 "http://127.0.0.1:$K8S_ETCD_PORT/health" >/dev/null 2>&1 && break
  live_pid "$R/etcd.pid" etcd >/dev/null || die "etcd exited; see $R/log/etcd.log"
  sleep 0.1
done

start_daemon "$R/kube-apiserver.pid" "$R/log/kube-apiserver.log" "$B/kube-apiserver" --etcd-servers="http://127.0.0.1:$K8S_ETCD_PORT" \
  --bind-address="$K8S_HOST_IP" --advertise-address="$K8S_HOST_IP" --secure-port="$K8S_API_PORT" --insecure-port=0 \
  --tls-cert-file="$P/apiserver.crt" --tls-private-key-file="$P/apiserver.key" --cert-dir="$R/pki/serving" \
  --kubelet-preferred-address-types=InternalIP --endpoint-reconciler-type=none \
  --token-auth-file="$P/tokens.csv" --authorization-mode=Node,RBAC \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$P/sa.pub" --service-account-signing-key-file="$P/sa.key" \
  --service-cluster-ip-range="$K8S_SERVICE_CIDR" --allow-privileged=true
for i in $(seq 1 300); do
  kc get --raw /readyz >/dev/null 2>&1 && break
  live_pid "$R/kube-apiserver.pid" kube-apiserver >/dev/null || die "kube-apiserver exited; see $R/log/kube-apiserver.log"
  sleep 0.2
done
kc get --raw /readyz >/dev/null || die "kube-apiserver not ready after 60 s; see $R/log/kube-apiserver.log"

start_daemon "$R/kube-controller-manager.pid" "$R/log/kube-controller-manager.log" \
  "$B/kube-controller-manager" --kubeconfig="$K8S_KUBECONFIG" \
  --authentication-kubeconfig="$K8S_KUBECONFIG" --authorization-kubeconfig="$K8S_KUBECONFIG" \
  --bind-address=127.0.0.1 --secure-port=20257 --port=0 --leader-elect=false \
  --service-account-private-key-file="$P/sa.key" --root-ca-file="$P/ca.crt" \
  --use-service-account-credentials=false
start_daemon "$R/kube-scheduler.pid" "$R/log/kube-scheduler.log" \
  "$B/kube-scheduler" --kubeconfig="$K8S_KUBECONFIG" \
  --authentication-kubeconfig="$K8S_KUBECONFIG" --authorization-kubeconfig="$K8S_KUBECONFIG" \
  --bind-address=127.0.0.1 --secure-port=20259 --port=0 --leader-elect=false
log "control plane up: https://$K8S_HOST_IP:$K8S_API_PORT"
