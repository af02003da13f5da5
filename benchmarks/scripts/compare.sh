#!/usr/bin/env bash
# Runs the same TURN loads (flood, paced, setup) against coturn and, if it speaks TURN yet, Ferry,
# on loopback, and prints a Markdown table: relayed packets/s, server CPU seconds per million
# relayed packets (utime+stime from /proc/PID/stat around each load), loss, RTT percentiles,
# allocations/s. Raw JSON and logs go to benchmarks/results/<date>/.
#
# Tunables (environment): DURATION WARMUP FLOOD_ALLOCATIONS PAYLOAD WINDOW PACED_ALLOCATIONS RATE
# SETUP_ALLOCATIONS CONCURRENCY AUTH (static|rest) SKIP_FERRY=1 FERRY_ARGS LOAD_JAVA_OPTS
# RESULTS_DIR (default benchmarks/results/<date>).
# Everything is bounded: each load has a timeout, and only processes this script started are
# killed, by PID.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
FLOOD_ALLOCATIONS="${FLOOD_ALLOCATIONS:-10}"
PAYLOAD="${PAYLOAD:-100}"
WINDOW="${WINDOW:-16}"
PACED_ALLOCATIONS="${PACED_ALLOCATIONS:-100}"
RATE="${RATE:-50}"
SETUP_ALLOCATIONS="${SETUP_ALLOCATIONS:-1000}"
CONCURRENCY="${CONCURRENCY:-32}"
AUTH="${AUTH:-static}"
REALM="ferry.test"
USER_NAME="loaduser"
USER_PASSWORD="loadpass"
REST_SECRET="load-rest-secret"
MIN_PORT=40000
MAX_PORT=59999

for tool in java jq ss turnserver; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found" >&2; exit 2; }
done
if [[ ! -f "$jar" ]]; then
  echo "compare.sh: building $jar" >&2
  (cd "$root" && timeout 600 mvn -q -B -o package -pl benchmarks -am -DskipTests) >&2
fi

stamp="$(date +%Y-%m-%d)"
out="${RESULTS_DIR:-$root/benchmarks/results/$stamp}"
mkdir -p "$out"
tmp="$(mktemp -d /tmp/ferry-compare.XXXXXX)"
server_pid=""
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cleanup() {
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT

auth_args() {
  if [[ "$AUTH" == rest ]]; then
    echo "--secret $REST_SECRET"
  else
    echo "--user $USER_NAME --password $USER_PASSWORD"
  fi
}

load() {
  # shellcheck disable=SC2046
  timeout "$(( ${DURATION%.*} + ${WARMUP%.*} + 120 ))" \
    java ${LOAD_JAVA_OPTS:-} -cp "$jar" dev.ferry.bench.load.TurnLoad \
    --server "127.0.0.1:$port" $(auth_args) --json "$@" 2>>"$tmp/load.stderr"
}

# Waits up to 10 s for a 401 to an unauthenticated Allocate; fails if the server died first.
await_turn() {
  for _ in $(seq 10); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    if load --mode probe --setup-timeout 1 >/dev/null; then
      return 0
    fi
  done
  return 1
}

start_coturn() {
  local auth
  if [[ "$AUTH" == rest ]]; then
    # coturn ignores static users once use-auth-secret is on, so one mode per run.
    auth="--use-auth-secret --static-auth-secret=$REST_SECRET"
  else
    auth="--lt-cred-mech --user=$USER_NAME:$USER_PASSWORD"
  fi
  # shellcheck disable=SC2086
  turnserver -n --no-cli --pidfile "$tmp/turnserver.pid" --userdb "$tmp/turndb.sqlite" \
    --listening-ip 127.0.0.1 --relay-ip 127.0.0.1 --listening-port "$port" \
    --min-port "$MIN_PORT" --max-port "$MAX_PORT" --realm "$REALM" $auth \
    --allow-loopback-peers --no-tcp --no-tls --no-dtls --no-stdout-log \
    --log-file "$out/coturn.log" --simple-log >"$tmp/coturn.stdout" 2>&1 &
  server_pid=$!
}

start_ferry() {
  local auth
  if [[ "$AUTH" == rest ]]; then
    auth="--use-auth-secret --static-auth-secret=$REST_SECRET"
  else
    auth="--user=$USER_NAME:$USER_PASSWORD"
  fi
  # Ferry mirrors coturn's option names; FERRY_ARGS replaces these if they drift. coturn has no
  # per-user quota by default while Ferry caps a user at 100 allocations: lift it so both servers
  # face the same load.
  local args="${FERRY_ARGS:--L 127.0.0.1 -p $port --realm $REALM $auth --min-port $MIN_PORT --max-port $MAX_PORT --allow-loopback-peers --user-quota 0 --no-admin}"
  # shellcheck disable=SC2086
  "$root/bin/turnd" $args >"$out/ferry.log" 2>&1 &
  server_pid=$!
}

rows=()
notes=()

run_loads() {
  local server="$1" name before after json cpu
  for name in flood paced setup; do
    case "$name" in
      flood) set -- --mode flood --allocations "$FLOOD_ALLOCATIONS" --payload "$PAYLOAD" \
               --window "$WINDOW" --duration "$DURATION" --warmup "$WARMUP" ;;
      paced) set -- --mode paced --allocations "$PACED_ALLOCATIONS" --payload "$PAYLOAD" \
               --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" ;;
      setup) set -- --mode setup --allocations "$SETUP_ALLOCATIONS" --concurrency "$CONCURRENCY" ;;
    esac
    before="$(cpu_ticks "$server_pid")"
    json="$out/$server-$name.json"
    if ! load "$@" >"$json"; then
      notes+=("$server $name: the load generator reported failures (see $json)")
    fi
    after="$(cpu_ticks "$server_pid")"
    cpu="$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }')"
    rows+=("$(jq -r --arg server "$server" --arg name "$name" --arg cpu "$cpu" '
      def f(x): (x * 10 | round) / 10;
      def load:
        if $name == "flood" then "flood \(.allocations) alloc x \(.payload) B, window \(.window)"
        elif $name == "paced" then "paced \(.allocations) alloc x \(.rate) pps x \(.payload) B"
        else "setup \(.allocations) alloc, \(.concurrency) concurrent" end;
      def traffic: $name != "setup";
      (2 * .receivedTotal) as $relayed
      | "| \($server) | \(load) "
        + "| \(if traffic then (.relayedPps | round | tostring) else "-" end) "
        + "| \($cpu) "
        + "| \(if traffic and $relayed > 0 then f(($cpu | tonumber) / ($relayed / 1e6)) | tostring else "-" end) "
        + "| \(if traffic then "\(f(.lossPercent))% (\(.lost)/\(.sent))" else "\(.allocationsFailed) failed" end) "
        + "| \(if traffic then "\(.rttP50Us) / \(.rttP99Us) / \(.rttP999Us)" else "\(.setupP50Us) / \(.setupP99Us) / \(.setupP999Us)" end) "
        + "| \(f(.allocationsPerSecond)) |"' "$json")")
  done
}

{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "coturn: $(turnserver --version 2>/dev/null | head -1 || true)"
  echo "auth: $AUTH; duration ${DURATION}s, warm-up ${WARMUP}s"
} >"$out/environment.txt"

# ---- coturn ----
port="$(free_port)"
start_coturn
if await_turn; then
  run_loads coturn
else
  notes+=("coturn did not answer Allocate with 401 (see $out/coturn.log)")
fi
stop_server

# ---- Ferry ----
if [[ "${SKIP_FERRY:-0}" == 1 ]]; then
  notes+=("Ferry skipped: SKIP_FERRY=1")
elif [[ ! -x "$root/bin/turnd" ]]; then
  notes+=("Ferry skipped: $root/bin/turnd not found")
else
  if [[ ! -f "$root/cli/target/ferry.jar" ]]; then
    # Build here, bounded, so that the PID started below is the server itself (bin/turnd execs java).
    (cd "$root" && timeout 600 mvn -q -B -o package -pl cli -am -DskipTests) >"$out/ferry-build.log" 2>&1 \
      || notes+=("Ferry: building cli/target/ferry.jar failed (see $out/ferry-build.log)")
  fi
  port="$(free_port)"
  start_ferry
  if await_turn; then
    run_loads ferry
  else
    notes+=("Ferry skipped: bin/turnd does not answer Allocate with 401 yet (see $out/ferry.log)")
  fi
  stop_server
fi

{
  echo "| server | load | relayed pkt/s | server CPU s | CPU s / M pkt | loss | p50 / p99 / p99.9 us (RTT or setup) | allocations/s |"
  echo "|---|---|---|---|---|---|---|---|"
  for row in "${rows[@]}"; do echo "$row"; done
  echo
  echo "Relayed packets count both directions (2 per echo); CPU s / M pkt divides the server's"
  echo "utime+stime during the whole load (setup, warm-up and drain included) by the packets relayed"
  echo "in that time. The generator shares the same CPUs. $(cat "$out/environment.txt" | sed -n 2p)."
  for note in "${notes[@]}"; do echo "- $note"; done
} | tee "$out/summary.md"
