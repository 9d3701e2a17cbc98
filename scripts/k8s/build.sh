#!/usr/bin/env bash
# Builds Kubernetes $K8S_VERSION once per machine into $K8S_CACHE (default
# /var/cache/drover/k8s/1.20.2): kube-apiserver, kube-controller-manager, kube-scheduler, kubelet,
# kube-proxy and the pod sandbox ("pause") image. Nothing to do when the cache is complete.
#
# Source: Debian bookworm's `kubernetes` source package (the upstream tree with vendor/), fetched
# through a private apt view (the machine's apt configuration is not changed), built fully offline
# with Debian's Go (8 to 15 minutes on 2 cores). One patch: the kubelet only warns about host kernel
# tunables instead of rewriting them. The 2.6 GB tree is deleted after a successful build unless
# DROVER_K8S_KEEP_SOURCE=1. `build.sh --deps-only` only installs the packages the build needs (none
# when the cache is complete). Safe to re-run after a killed run (a lock serialises concurrent runs).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
need_root

# --deps-only: install the packages the build needs, nothing else
DEPS_ONLY=false
[ "${1:-}" = --deps-only ] && DEPS_ONLY=true
deps() {
  need_pkgs golang-go:go make:make gcc:gcc libc6-dev:/usr/lib/x86_64-linux-gnu/libc.a rsync:rsync \
    python3:python3 debian-archive-keyring:/usr/share/keyrings/debian-archive-keyring.gpg
}

complete() {
  local b
  [ -f "$K8S_CACHE/COMPLETE" ] || return 1
  for b in $K8S_BINARIES; do [ -x "$K8S_CACHE/bin/$b" ] || return 1; done
  [ -s "$K8S_CACHE/pause.tar" ]
}
if complete; then exit 0; fi
if $DEPS_ONLY; then deps; exit 0; fi

mkdir -p "$(dirname "$K8S_CACHE")" "$K8S_BUILD"
exec 9>"$(dirname "$K8S_CACHE")/.build-$K8S_VERSION.lock"
flock 9
complete && exit 0     # built by a concurrent run while we waited

deps
t0=$(date +%s.%N)
SRC=$K8S_BUILD/src/kubernetes-$K8S_VERSION

# ---------------------------------------------------------------- source
if [ ! -f "$SRC/.drover-unpacked" ]; then
  log "fetching the source package kubernetes=$K8S_DEB_VERSION"
  D=$K8S_BUILD/apt
  mkdir -p "$D/etc/sources.list.d" "$D/etc/preferences.d" "$D/state/lists/partial" \
    "$D/cache/archives/partial" "$K8S_BUILD/src"
  touch "$D/state/status"
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' \
    /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main" \
    > "$D/etc/sources.list.d/src.list"
  opts=(-o Dir::State="$D/state" -o Dir::Cache="$D/cache" -o Dir::Etc::SourceList=/dev/null
        -o Dir::Etc::SourceParts="$D/etc/sources.list.d" -o Dir::Etc::PreferencesParts="$D/etc/preferences.d"
        -o Dir::State::status="$D/state/status" -o Acquire::Languages=none)
  apt-get "${opts[@]}" update -q >/dev/null
  # apt-get checks the hashes of files already there (a killed download is fetched again)
  (cd "$K8S_BUILD/src" && apt-get "${opts[@]}" source -q --download-only "kubernetes=$K8S_DEB_VERSION" >/dev/null)
  rm -rf "$SRC" "$K8S_BUILD/src/unpack"
  mkdir -p "$K8S_BUILD/src/unpack"
  tar -xzf "$K8S_BUILD"/src/kubernetes_*.orig.tar.gz -C "$K8S_BUILD/src/unpack"
  mv "$K8S_BUILD/src/unpack/kubernetes-$K8S_VERSION" "$SRC"
  rmdir "$K8S_BUILD/src/unpack"
  touch "$SRC/.drover-unpacked"
fi

# ---------------------------------------------------------------- build
# the kubelet must not rewrite the host's vm.overcommit_memory, kernel.panic, kernel.panic_on_oops
f=$SRC/pkg/kubelet/cm/container_manager_linux.go
sed -i 's/b := KernelTunableModify/b := KernelTunableWarn/' "$f"
grep -q 'b := KernelTunableWarn' "$f" || die "kubelet kernel-tunables patch did not apply to $f"

log "building $K8S_BINARIES (offline; log: $K8S_BUILD/make.log)"
what=""; for b in $K8S_BINARIES; do what+=" cmd/$b"; done
if ! (cd "$SRC" && HOME=$K8S_BUILD/home GOPATH=$SRC/.go GOCACHE=$K8S_BUILD/home/gocache \
      CGO_ENABLED=0 GOPROXY=off GOFLAGS=-mod=vendor make WHAT="${what# }") > "$K8S_BUILD/make.log" 2>&1; then
  tail -30 "$K8S_BUILD/make.log" >&2
  die "build failed (full log: $K8S_BUILD/make.log)"
fi

# the pod sandbox image, from the tree's own pause.c, statically linked
stage=$K8S_CACHE.tmp
rm -rf "$stage"; mkdir -p "$stage/bin" "$K8S_BUILD/pause-root"
for b in $K8S_BINARIES; do install -m 0755 "$SRC/_output/bin/$b" "$stage/bin/$b"; done
gcc -static -O2 -o "$K8S_BUILD/pause-root/pause" "$SRC/build/pause/linux/pause.c"
python3 "$HERE/image-tar.py" "$stage/pause.tar" drover.local/pause:3.4.1 "$K8S_BUILD/pause-root" /pause
{ echo "kubernetes $K8S_VERSION from Debian source package $K8S_DEB_VERSION, built $(date -u +%FT%TZ)"
  (cd "$stage" && sha256sum bin/* pause.tar); } > "$stage/COMPLETE"
rm -rf "$K8S_CACHE"; mv "$stage" "$K8S_CACHE"
log "built and cached in $K8S_CACHE in $(since "$t0") s"

if [ "${DROVER_K8S_KEEP_SOURCE:-0}" != 1 ]; then
  rm -rf "$K8S_BUILD"
  log "removed the source tree $K8S_BUILD (DROVER_K8S_KEEP_SOURCE=1 keeps it)"
fi
