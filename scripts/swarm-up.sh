#!/usr/bin/env bash
# A real single-node Docker Swarm on this machine, for Drover's Swarm tests.
#
#   scripts/swarm-up.sh [--keep-services]
#
# - installs Debian's docker.io and busybox-static when missing (apt-get);
# - starts dockerd as root when no engine answers on $DOCKER_SOCK (setsid, log in $DOCKERD_LOG),
#   clearing the stale pid file and socket an earlier killed run may have left;
# - turns swarm mode on (advertise 127.0.0.1), leaving and re-creating a swarm in a bad state;
# - removes services and secrets left by earlier Drover runs (label io.drover/managed-by=drover)
#   unless --keep-services is given;
# - builds the test images drover-test/web:1 and drover-test/web:2 from busybox (no registry is
#   reachable: `docker import` of a busybox root filesystem), implementing the TCK workload contract.
#
# Idempotent: run it as often as you like. Needs root.
#
# The test image (see tck/src/main/java/io/drover/tck/TestWorkload.java):
#   pid 1 is /bin/drover-init, a small sh supervisor that runs busybox httpd on port 8080 in the
#   background and exits with the code the crash CGI (or DROVER_TEST_CRASH_AFTER_MS) writes.
#   GET / or /cgi-bin/version      -> "version=N\ninstance=<hostname>\n"
#   GET /cgi-bin/health            -> 200 "ok", or 500 once /tmp/unhealthy exists
#                                     (created at start when DROVER_TEST_UNHEALTHY=1)
#   GET /cgi-bin/fail              -> creates /tmp/unhealthy: unhealthy for good
#   GET /cgi-bin/crash?code=N      -> the container exits with code N
#   env DROVER_TEST_CRASH_AFTER_MS / DROVER_TEST_EXIT_CODE (default 1): exit after that many ms
#   It writes 'listening on' to stdout and a line to stderr at start, and a line per request
#   (path and query) to stdout; busybox httpd closes the connection after each answer.
#   busybox wget and nc are in the image, as Drover's Swarm health checks need them.
set -euo pipefail

SOCK=${DOCKER_SOCK:-/var/run/docker.sock}
LOG=${DOCKERD_LOG:-/var/log/drover-dockerd.log}
PIDFILE=/var/run/docker.pid
KEEP_SERVICES=false
IMAGE=${DROVER_TEST_IMAGE:-drover-test/web}   # repository of the test images
[ "${1:-}" = "--keep-services" ] && KEEP_SERVICES=true

if [ "$(id -u)" != 0 ]; then
  echo "swarm-up.sh must run as root (it installs packages and starts dockerd)" >&2
  exit 1
fi

# ---------------------------------------------------------------- packages
need=()
[ -x /usr/sbin/dockerd ] || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian client matches the Debian engine; another docker on PATH may be of another vintage.
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=$(command -v docker); fi
d() { "$DOCKER" -H "unix://$SOCK" "$@"; }

# ---------------------------------------------------------------- engine
engine_answers() { d version >/dev/null 2>&1; }

if ! engine_answers; then
  # A dockerd from an earlier run may still be starting: give it a moment before judging it stale.
  if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null \
      && grep -q dockerd "/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null; then
    for _ in $(seq 1 20); do engine_answers && break; sleep 0.5; done
    if ! engine_answers; then
      old=$(cat "$PIDFILE")
      echo "dockerd $old does not answer; stopping it"
      kill "$old" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$old" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$old" 2>/dev/null || true
    fi
  fi
fi

if ! engine_answers; then
  # Leftovers of a killed run: a pid file naming a dead process and a socket nobody listens on.
  if [ -e "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE" 2>/dev/null || echo 0)" 2>/dev/null; then
    rm -f "$PIDFILE"
  fi
  rm -f "$SOCK"
  # containerd started by an earlier dockerd may be left over: dockerd replaces it, but a stale pid
  # file of its own would make it wait.
  cpid=/var/run/docker/containerd/containerd.pid
  if [ -e "$cpid" ] && ! kill -0 "$(cat "$cpid" 2>/dev/null || echo 0)" 2>/dev/null; then rm -f "$cpid"; fi
  mkdir -p "$(dirname "$LOG")"
  echo "starting dockerd (log: $LOG)"
  # setsid: the daemon outlives this script's shell and its session.
  setsid /usr/sbin/dockerd --host "unix://$SOCK" --pidfile "$PIDFILE" >>"$LOG" 2>&1 </dev/null &
  for _ in $(seq 1 120); do engine_answers && break; sleep 0.5; done
  if ! engine_answers; then
    echo "dockerd did not answer within 60 s; last lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
fi
d version --format 'engine {{.Server.Version}} api {{.Server.APIVersion}}'

# ---------------------------------------------------------------- swarm
swarm_ok() {
  [ "$(d info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = active ] \
    && [ "$(d info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" = true ] \
    && d node ls >/dev/null 2>&1
}
if ! swarm_ok; then
  state=$(d info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)
  if [ "$state" != inactive ]; then
    echo "swarm is '$state' here; leaving it and starting a fresh one"
    d swarm leave --force >/dev/null 2>&1 || true
  fi
  d swarm init --advertise-addr 127.0.0.1 >/dev/null
fi
echo "swarm $(d info --format '{{.Swarm.LocalNodeState}}'), $(d info --format '{{.Swarm.Nodes}}') node(s)"

# ---------------------------------------------------------------- leftovers of earlier runs
if [ "$KEEP_SERVICES" = false ]; then
  old=$(d service ls -q --filter label=io.drover/managed-by=drover)
  if [ -n "$old" ]; then
    echo "removing $(echo "$old" | wc -l) leftover Drover service(s)"
    # shellcheck disable=SC2086
    d service rm $old >/dev/null
  fi
  oldsecrets=$(d secret ls -q --filter label=io.drover/managed-by=drover)
  if [ -n "$oldsecrets" ]; then
    # a secret stays in use until the removed services' tasks are gone: retry for a while
    for _ in $(seq 1 30); do
      # shellcheck disable=SC2086
      d secret rm $oldsecrets >/dev/null 2>&1 && break
      oldsecrets=$(d secret ls -q --filter label=io.drover/managed-by=drover)
      [ -z "$oldsecrets" ] && break
      sleep 1
    done
  fi
fi

# ---------------------------------------------------------------- test images
write_rootfs() {
  local root=$1 version=$2
  mkdir -p "$root/bin" "$root/www/cgi-bin" "$root/tmp" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/run/secrets"
  cp /bin/busybox "$root/bin/busybox"
  for c in sh httpd wget nc sleep echo cat ls touch rm mkdir env date hostname kill head printf sed grep mkfifo ps id true false test; do
    ln -sf busybox "$root/bin/$c"
  done
  echo "$version" > "$root/etc/drover-test-version"
  echo 'root:x:0:0:root:/:/bin/sh' > "$root/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"

  cat > "$root/bin/drover-init" <<'INIT'
#!/bin/sh
# pid 1 of the Drover test image: httpd in the background; exit with the code written to
# /tmp/crash (by the crash CGI or the DROVER_TEST_CRASH_AFTER_MS timer); exit 0 on SIGTERM.
rm -f /tmp/crash /tmp/exit-code /tmp/unhealthy
[ "${DROVER_TEST_UNHEALTHY:-}" = 1 ] && touch /tmp/unhealthy
mkfifo /tmp/crash
# every page is a CGI that writes its request line to stderr: httpd's stderr goes to stdout
httpd -f -p 8080 -h /www 2>&1 &
HTTPD=$!
echo "drover-test web version $(cat /etc/drover-test-version) on $(hostname), listening on 8080"
echo "drover-test web $(hostname) started (unhealthy=${DROVER_TEST_UNHEALTHY:-0})" >&2
if [ -n "${DROVER_TEST_CRASH_AFTER_MS:-}" ]; then
  secs=$(printf '%d.%03d' $((DROVER_TEST_CRASH_AFTER_MS / 1000)) $((DROVER_TEST_CRASH_AFTER_MS % 1000)))
  ( sleep "$secs"; echo "${DROVER_TEST_EXIT_CODE:-1}" > /tmp/crash ) &
fi
trap 'echo "stopping on SIGTERM"; kill $HTTPD 2>/dev/null; exit 0' TERM INT
head -n 1 /tmp/crash > /tmp/exit-code &
wait $!
code=$(cat /tmp/exit-code)
echo "exiting with code $code"
kill $HTTPD 2>/dev/null
exit "$code"
INIT
  # GET / runs cgi-bin/index.cgi (busybox httpd's directory index when there is no index.html)
  cat > "$root/www/cgi-bin/version" <<'CGI'
#!/bin/sh
echo "$REQUEST_METHOD $REQUEST_URI" >&2
printf 'Content-Type: text/plain\r\n\r\nversion=%s\ninstance=%s\n' "$(cat /etc/drover-test-version)" "$(hostname)"
CGI
  cp "$root/www/cgi-bin/version" "$root/www/cgi-bin/index.cgi"
  cat > "$root/www/cgi-bin/health" <<'CGI'
#!/bin/sh
echo "$REQUEST_METHOD $REQUEST_URI" >&2
if [ -e /tmp/unhealthy ]; then
  printf 'Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nunhealthy\n'
else
  printf 'Content-Type: text/plain\r\n\r\nok\n'
fi
CGI
  cat > "$root/www/cgi-bin/fail" <<'CGI'
#!/bin/sh
echo "$REQUEST_METHOD $REQUEST_URI" >&2
touch /tmp/unhealthy
printf 'Content-Type: text/plain\r\n\r\nunhealthy from now on\n'
CGI
  cat > "$root/www/cgi-bin/crash" <<'CGI'
#!/bin/sh
echo "$REQUEST_METHOD $REQUEST_URI" >&2
code=$(echo "${QUERY_STRING:-}" | sed -n 's/.*code=\([0-9][0-9]*\).*/\1/p')
[ -n "$code" ] || code=1
printf 'Content-Type: text/plain\r\n\r\nexiting with %s\n' "$code"
# after the answer is out, tell pid 1 to exit with the code
( sleep 0.2; echo "$code" > /tmp/crash ) </dev/null >/dev/null 2>&1 &
CGI
  chmod 755 "$root/bin/drover-init" "$root/www/cgi-bin/"*
  chmod 1777 "$root/tmp"
}

build_image() {
  local tag=$1 version=$2 root hash current
  root=$(mktemp -d)
  write_rootfs "$root" "$version"
  # rebuild only when the image's content changed (busybox, scripts): the hash is stored as a label
  hash=$( (cd "$root" && find . -type f -o -type l | LC_ALL=C sort | while read -r f; do
            if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; else echo "$f $(sha256sum < "$f")"; fi
          done) | sha256sum | cut -c1-16)
  current=$(d image inspect --format '{{index .Config.Labels "io.drover.test/build"}}' "$tag" 2>/dev/null || true)
  if [ "$current" != "$hash" ]; then
    tar -C "$root" --numeric-owner -c . | d import \
      -c 'CMD ["/bin/drover-init"]' \
      -c 'EXPOSE 8080' \
      -c "LABEL io.drover.test/build=$hash" - "$tag" >/dev/null
    echo "image $tag built"
  else
    echo "image $tag up to date"
  fi
  rm -rf "$root"
}
build_image "$IMAGE:1" 1
build_image "$IMAGE:2" 2
echo "ready: DOCKER_HOST=unix://$SOCK"
