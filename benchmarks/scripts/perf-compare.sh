#!/usr/bin/env bash
# Ferry (io_uring and epoll) vs coturn vs the raw forwarder (benchmarks/forwarder: the kernel's
# ceiling on the same path), on loopback, alternating servers within each round (A B C D, A B C D):
#   flood   100 B and 1200 B payloads, 1 / 10 / 100 allocations (window 16 each)
#   paced   10 (near idle), 100 and 500 allocations at 50 packets/s each; RTT p50/p99/p99.9
#   setup   1 and 50 concurrent clients
#   memory  RSS of a fresh server holding N idle allocations with a channel, then N more
# Writes benchmarks/results/<date>/perf/ : summary.md (medians of the rounds), perf.png, raw/ (the
# generator's JSON and the phase samples of every run), results.json (every figure).
#
# QUICK=1: ~5-7 minutes (2 rounds, short loads, N=1000). Default: ~20-30 minutes (3 rounds, N=5000).
# Other knobs (environment): ROUNDS DURATION PACED_DURATION WARMUP DRAIN SETUP_ALLOCATIONS HOLD_ALLOCATIONS
# SHAPE_WARMUP PACED_WARMUP PACED_LOAD_WARMUP PACED_LOAD_JAVA_OPTS SETUP_WARMUP_PASSES SETUP_LOAD_WARMUP SOURCE_IPS SERVERS ("coturn ferry-io_uring ferry-epoll forwarder") LOAD_THREADS
# STEAL_LIMIT (percent; 100 turns the steal gate off) STEAL_ATTEMPTS STEAL_WAIT RESULTS_DIR.
# Everything is bounded (timeouts on every load, the forwarder's own run-time cap), and only
# processes this script started are stopped, by PID.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
forwarder="$root/benchmarks/forwarder/build/ferry-forwarder"

if [[ "${QUICK:-0}" == 1 ]]; then
  ROUNDS="${ROUNDS:-2}" DURATION="${DURATION:-1.5}" WARMUP="${WARMUP:-0.5}" DRAIN="${DRAIN:-0.3}"
  PACED_DURATION="${PACED_DURATION:-$DURATION}"
  SETUP_ALLOCATIONS="${SETUP_ALLOCATIONS:-300}" HOLD_ALLOCATIONS="${HOLD_ALLOCATIONS:-1000}"
  HOLD_SECONDS="${HOLD_SECONDS:-1.5}" SHAPE_WARMUP="${SHAPE_WARMUP:-1}"
  SETUP_WARMUP_PASSES="${SETUP_WARMUP_PASSES:-2}" PACED_WARMUP="${PACED_WARMUP:-$SHAPE_WARMUP}"
  SETUP_LOAD_WARMUP="${SETUP_LOAD_WARMUP:-300}"
  PACED_LOAD_WARMUP="${PACED_LOAD_WARMUP:-$WARMUP}"
else
  ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-5}" WARMUP="${WARMUP:-2}" DRAIN="${DRAIN:-0.5}"
  # Paced loads run longer: at 10 x 50 pkt/s a 5 s run holds 2,500 round trips, so its p99.9 was
  # the third-worst sample, and the forwarder's own p99.9 moved 1,187-3,537 us between rounds;
  # 20 s gives 10,000 (and 50-60 CPU ticks instead of 12-15 for the near-idle server).
  PACED_DURATION="${PACED_DURATION:-20}"
  SETUP_ALLOCATIONS="${SETUP_ALLOCATIONS:-1000}" HOLD_ALLOCATIONS="${HOLD_ALLOCATIONS:-5000}"
  HOLD_SECONDS="${HOLD_SECONDS:-3}" SHAPE_WARMUP="${SHAPE_WARMUP:-4}"
  SETUP_WARMUP_PASSES="${SETUP_WARMUP_PASSES:-6}"
  # The generator is a fresh JVM per load: with its default 64 warm-up setups it spent 1.0-1.3 ms
  # of CPU per measured setup at 50 clients (5-8x the server's), so allocations/s measured its JIT
  # compilation; after 3,000 unmeasured setups in the same JVM, 0.43-0.52 ms.
  SETUP_LOAD_WARMUP="${SETUP_LOAD_WARMUP:-3000}"
  # A near-idle loop reaches C2 slowly: with no paced warm-up, C2 took 28 of 63 server ticks in a
  # 20 s run of 10 x 50 pkt/s (as many as the loop thread), and 1-3 ticks even after an identical
  # unmeasured 20 s run.
  PACED_WARMUP="${PACED_WARMUP:-10}"
  PACED_LOAD_WARMUP="${PACED_LOAD_WARMUP:-5}"
fi
SERVERS="${SERVERS:-coturn ferry-io_uring ferry-epoll forwarder}"
# The generator is a fresh JVM per load, and at 1,000 events/s its paced path reached C2 only after
# 5-15 s, inside the measured window: on 2 CPUs its compiler threads then ran ahead of the relay's
# thread in the slowest round trips, for every server alike (perf sched). Lower thresholds move its
# compilation into its own warm-up of PACED_LOAD_WARMUP seconds (its compiler threads then ran 1.6 s
# of CPU over the first 3.5 s at 10 x 50 pkt/s). Floods reach C2 within their warm-up anyway, and
# there the low thresholds only cost the generator CPU that the load needs: paced loads only.
PACED_LOAD_JAVA_OPTS="${PACED_LOAD_JAVA_OPTS--XX:CompileThresholdScaling=0.05}"
# Ferry answers at most 10 unauthenticated requests/s per source IP (anti-amplification); real
# clients come from many hosts, so the generator spreads its clients over SOURCE_IPS addresses.
SOURCE_IPS="${SOURCE_IPS:-256}"
LOAD_THREADS="${LOAD_THREADS:-1}"
# Loads disturbed by the hypervisor are repeated (see measure): limit in percent of all CPUs.
STEAL_LIMIT="${STEAL_LIMIT:-5}"
STEAL_ATTEMPTS="${STEAL_ATTEMPTS:-3}"
STEAL_WAIT="${STEAL_WAIT:-30}"
WINDOW=16
RATE=50
REALM="ferry.test"
USER_NAME="loaduser"
USER_PASSWORD="loadpass"

for tool in java python3 ss turnserver make gcc; do
  command -v "$tool" >/dev/null || { echo "perf-compare.sh: $tool not found" >&2; exit 2; }
done
if [[ ! -f "$jar" ]]; then
  echo "perf-compare.sh: building $jar" >&2
  (cd "$root" && timeout 900 mvn -q -B -o package -pl benchmarks -am -DskipTests) >&2
fi
if [[ ! -f "$root/cli/target/ferry.jar" ]]; then
  # Built here, bounded, so that the PID started later is the server itself (bin/turnd execs java).
  echo "perf-compare.sh: building cli/target/ferry.jar" >&2
  (cd "$root" && timeout 900 mvn -q -B -o package -pl cli -am -DskipTests) >&2
fi
make -s -C "$root/benchmarks/forwarder" >&2

stamp="$(date +%Y-%m-%d)"
out="${RESULTS_DIR:-$root/benchmarks/results/$stamp/perf}"
raw="$out/raw"
rm -rf "$raw"
mkdir -p "$raw"
tmp="$(mktemp -d /tmp/ferry-perf.XXXXXX)"
server_pid=""
gc_log=""
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
clk_tck="$(getconf CLK_TCK)"
cpus="$(nproc)"

# The generator of the load in progress, if any: stopped with the server when the script is.
gen=""

cleanup() {
  [[ -n "$gen" ]] && kill -TERM "$gen" 2>/dev/null
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# VmRSS of a process in kB, without forking; 0 once it is gone.
rss_kb() {
  local key value unit
  { while read -r key value unit; do
    [[ "$key" == VmRSS: ]] && { echo "$value"; return; }
  done <"/proc/$1/status"; } 2>/dev/null
  echo 0
}

# The same coturn-style file for both servers (the forwarder needs none: it checks no credential).
write_config() {
  write_turnserver_conf "$tmp/turnserver.conf" "$1" 127.0.0.1 40000 59999 "$REALM" \
    "$USER_NAME" "$USER_PASSWORD"
}

start_server() {
  local server="$1"
  port="$(free_port)"
  write_config "$port"
  case "$server" in
    coturn)
      turnserver -c "$tmp/turnserver.conf" --pidfile "$tmp/turnserver.pid" \
        --userdb "$tmp/turndb.sqlite" --no-stdout-log --log-file "$tmp/coturn.log" --simple-log \
        >"$tmp/coturn.stdout" 2>&1 &
      ;;
    ferry-*)
      # The GC log (pause times for the latency table) is the only option added to the launcher's;
      # no admin listener, so another Ferry on the host (holding 127.0.0.1:9641) cannot stop it.
      FERRY_JAVA_OPTS="${gc_log:+-Xlog:gc:file=$gc_log} ${FERRY_JAVA_OPTS:-}" \
        "$root/bin/turnd" -c "$tmp/turnserver.conf" --transport "${server#ferry-}" --no-admin \
        >"$tmp/$server.log" 2>&1 &
      ;;
    forwarder)
      "$forwarder" -l 127.0.0.1 -p "$port" -t "$cpus" -T 1800 >"$tmp/forwarder.log" 2>&1 &
      ;;
  esac
  server_pid=$!
  for _ in $(seq 15); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    if timeout 30 java -cp "$jar" dev.ferry.bench.load.TurnLoad --server "127.0.0.1:$port" \
      --user "$USER_NAME" --password "$USER_PASSWORD" --mode probe --setup-timeout 1 \
      >/dev/null 2>>"$tmp/load.stderr"; then
      return 0
    fi
  done
  return 1
}

# One attempt at a load against the running server. The generator appends a line to its ready
# file at each phase ("setup", "setup-done N", "traffic", "measured", "drained", "hold S N") with
# the server's CPU ticks and RSS, its own CPU ticks, the time and the machine's steal ticks, read at
# that moment (--sample-pid), so CPU is charged to the phase. Nothing here polls meanwhile: a poll
# every 50 ms (a forked sleep, /proc reads) ran ahead of the relay's thread in the slowest round
# trips of the near-idle loads (perf sched).
attempt_load() {
  local round="$1" server="$2" load="$3" base="$4"
  shift 4
  local ready="$tmp/ready" gen_java_opts=""
  if [[ "$load" == paced-* ]]; then gen_java_opts="$PACED_LOAD_JAVA_OPTS"; fi
  : >"$ready"
  echo "start $(cpu_ticks "$server_pid") $(rss_kb "$server_pid") 0 $EPOCHREALTIME steal=$(steal_ticks)" >"$base.phases"
  # shellcheck disable=SC2086
  timeout 600 java ${LOAD_JAVA_OPTS:-} $gen_java_opts -cp "$jar" dev.ferry.bench.load.TurnLoad \
    --server "127.0.0.1:$port" --user "$USER_NAME" --password "$USER_PASSWORD" \
    --source-ips "$SOURCE_IPS" --threads "$LOAD_THREADS" --ready-file "$ready" \
    --sample-pid "$server_pid" --json "$@" >"$base.json" 2>>"$tmp/load.stderr" &
  gen=$!
  local status=0
  wait "$gen" || status=$?
  gen=""
  (( status == 0 )) || echo "round $round $server $load: generator exit status $status" >>"$raw/notes.txt"
  cat "$ready" >>"$base.phases"
  echo "end $(cpu_ticks "$server_pid") $(rss_kb "$server_pid") 0 $EPOCHREALTIME steal=$(steal_ticks)" >>"$base.phases"
}

# Waits, up to STEAL_WAIT seconds, for a second in which steal stayed under STEAL_LIMIT: steal
# came in bursts of tens of seconds (three 8 s attempts in a row at 5, 44 and 43%), so an attempt
# started inside one is likely wasted. Reads /proc/stat between loads only.
await_calm() {
  local before after waited
  for (( waited = 0; waited < STEAL_WAIT; waited++ )); do
    before="$(steal_ticks)"
    sleep 1
    after="$(steal_ticks)"
    awk -v d="$((after - before))" -v hz="$clk_tck" -v n="$cpus" -v l="$STEAL_LIMIT" \
      'BEGIN { exit !(100 * d / hz / n <= l) }' && return 0
  done
  echo "steal above $STEAL_LIMIT% for $STEAL_WAIT s before a load" >>"$raw/notes.txt"
}

# True if steal figure $1 is known and below $2 ("-" is unknown).
less_steal() {
  awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "-" && (b == "-" || a + 0 < b + 0)) }'
}

# One load, repeated while the hypervisor stole more than STEAL_LIMIT percent of the CPUs in its
# measured window, up to STEAL_ATTEMPTS attempts; the attempt with the least steal goes into the
# manifest. On this shared VM steal came in bursts (0-12% in 5 s windows of an idle machine, 44%
# during one flood), and a flood of one allocation then relayed a quarter of its calm rate at up
# to four times the CPU per packet, for every server. The gate looks only at the machine, never
# at a server's figures, and every attempt stays in raw/ (attempts.tsv lists them).
measure() {
  local round="$1" server="$2" load="$3"
  shift 3
  local stem="$raw/r$round-$server-$load" base best="" best_steal="" steal attempt
  for (( attempt = 1; attempt <= STEAL_ATTEMPTS; attempt++ )); do
    base="$stem"
    (( attempt == 1 )) || base="$stem-a$attempt"
    await_calm
    attempt_load "$round" "$server" "$load" "$base" "$@"
    steal="$(python3 "$root/benchmarks/scripts/perf_report.py" --steal "$load" "$base.phases" \
      "$clk_tck" "$cpus")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$server" "$load" "$attempt" "$base" "$steal" \
      >>"$raw/attempts.tsv"
    if [[ -z "$best" ]] || less_steal "$steal" "$best_steal"; then
      best="$base" best_steal="$steal"
    fi
    # "-": no timed window (the memory load) or no steal column; nothing to repeat for.
    [[ "$steal" == - ]] && break
    awk -v s="$steal" -v l="$STEAL_LIMIT" 'BEGIN { exit !(s > l) }' || break
    echo "round $round $server $load: steal $steal% > $STEAL_LIMIT% (attempt $attempt)" >>"$raw/notes.txt"
  done
  printf '%s\t%s\t%s\t%s\n' "$round" "$server" "$load" "$best" >>"$raw/manifest.tsv"
}

# Unmeasured traffic and setups on a fresh server, so that JIT compilation (the JVM's compiler
# threads count in its CPU time) is not charged to whichever load happens to come first. Every
# measured traffic shape runs once first (floods for SHAPE_WARMUP seconds, paced loads for
# PACED_WARMUP): a loop that blocks in epoll_wait between packets takes other branches than a
# flooded one, and 100 allocations other than 10 (with only a 10-allocation flood as warm-up, C2
# still took 29% of the server's CPU during the first 100-allocation flood). The setup path (401,
# Allocate, CreatePermission, ChannelBind, release) is large and reaches C2 late: after 3,300
# setups C2 still took 63% of the server's CPU during the next 3,000 at 50 concurrent clients
# (perf record), and Ferry set up 2,750-2,950 per second against 3,670-4,370 once 12,000 more had
# run. Hence SETUP_WARMUP_PASSES passes of 2 x SETUP_ALLOCATIONS. coturn gets the same passes.
warm_up() {
  local load payload allocations pass
  local loads=()
  for payload in 100 1200; do
    for allocations in 1 10 100; do
      loads+=("--mode flood --allocations $allocations --payload $payload --window $WINDOW --duration $SHAPE_WARMUP --warmup 0")
    done
  done
  for (( pass = 0; pass < SETUP_WARMUP_PASSES; pass++ )); do
    loads+=("--mode setup --allocations $((2 * SETUP_ALLOCATIONS)) --concurrency 50")
  done
  loads+=("--mode setup --allocations 300 --concurrency 1")
  for allocations in 10 100 500; do
    loads+=("--mode paced --allocations $allocations --payload 100 --rate $RATE --duration $PACED_WARMUP --warmup 0")
  done
  for load in "${loads[@]}"; do
    # shellcheck disable=SC2086
    timeout 300 java -cp "$jar" dev.ferry.bench.load.TurnLoad --server "127.0.0.1:$port" \
      --user "$USER_NAME" --password "$USER_PASSWORD" --source-ips "$SOURCE_IPS" $load \
      >/dev/null 2>>"$tmp/load.stderr" || true
  done
}

traffic_loads() {
  local round="$1" server="$2" payload allocations
  warm_up
  for payload in 100 1200; do
    for allocations in 1 10 100; do
      measure "$round" "$server" "flood-${payload}B-x$allocations" --mode flood \
        --allocations "$allocations" --payload "$payload" --window "$WINDOW" \
        --duration "$DURATION" --warmup "$WARMUP" --drain "$DRAIN"
    done
  done
  for allocations in 10 100 500; do
    measure "$round" "$server" "paced-x$allocations" --mode paced --allocations "$allocations" \
      --payload 100 --rate "$RATE" --duration "$PACED_DURATION" --warmup "$PACED_LOAD_WARMUP" \
      --drain "$DRAIN"
  done
  for concurrency in 1 50; do
    measure "$round" "$server" "setup-c$concurrency" --mode setup \
      --allocations "$SETUP_ALLOCATIONS" --concurrency "$concurrency" \
      --warmup-setups "$SETUP_LOAD_WARMUP"
  done
}

{
  echo "date=$(date -Is)"
  echo "commit=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!benchmarks/results' || echo '-dirty')"
  echo "cpus=$cpus"
  echo "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "kernel=$(uname -sr)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "coturn=$(turnserver --version 2>/dev/null | head -1 || true)"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "parameters=quick=${QUICK:-0} rounds=$ROUNDS duration=$DURATION paced_duration=$PACED_DURATION warmup=$WARMUP drain=$DRAIN window=$WINDOW rate=$RATE setup_allocations=$SETUP_ALLOCATIONS shape_warmup=$SHAPE_WARMUP paced_warmup=$PACED_WARMUP paced_load_warmup=$PACED_LOAD_WARMUP paced_load_java_opts=$PACED_LOAD_JAVA_OPTS setup_warmup_passes=$SETUP_WARMUP_PASSES setup_load_warmup=$SETUP_LOAD_WARMUP hold_allocations=$HOLD_ALLOCATIONS source_ips=$SOURCE_IPS load_threads=$LOAD_THREADS steal_limit=$STEAL_LIMIT steal_attempts=$STEAL_ATTEMPTS steal_wait=$STEAL_WAIT"
} >"$raw/environment.txt"

for round in $(seq "$ROUNDS"); do
  for server in $SERVERS; do
    echo "perf-compare.sh: round $round/$ROUNDS, $server" >&2
    gc_log="$raw/gc-$server-r$round.log"
    if start_server "$server"; then
      gc_log=""
      traffic_loads "$round" "$server"
    else
      echo "round $round $server: did not answer Allocate with 401" >>"$raw/notes.txt"
    fi
    gc_log=""
    stop_server
    # Memory on a fresh process: N allocations (JIT, pools, heap growth settle), then N more.
    if start_server "$server"; then
      measure "$round" "$server" "hold" --mode hold --allocations "$HOLD_ALLOCATIONS" \
        --stages 2 --duration "$HOLD_SECONDS" --concurrency 50 --setup-timeout 300
    else
      echo "round $round $server (memory): did not answer Allocate with 401" >>"$raw/notes.txt"
    fi
    stop_server
  done
done
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw/environment.txt"
cp "$tmp"/*.log "$raw/" 2>/dev/null || true

python3 "$root/benchmarks/scripts/perf_report.py" "$out" "$clk_tck"
if command -v gnuplot >/dev/null; then
  gnuplot "$out/perf.gp" && echo "plot: $out/perf.png" >&2
else
  echo "perf-compare.sh: gnuplot not found (apt-get install gnuplot-nox): no plot" >&2
fi
cat "$out/summary.md"
