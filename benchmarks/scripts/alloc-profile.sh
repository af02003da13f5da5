#!/usr/bin/env bash
# Heap allocation per relayed packet on Ferry's event loop threads (issue 4: none after warm-up),
# measured on bin/turnd under TurnLoad with a JFR recording (alloc.jfc: per-thread allocated bytes
# every second, sampled allocation sites with stacks):
#   flood  10 allocations, 100 B, window 16
#   paced  100 allocations x 50 packets/s, 100 B
# For each load: bytes the ferry-io-* threads allocated over the whole load (setup and release of
# its allocations included) divided by relayed packets (the generator's receivedTotal x 2: every
# echo crossed the relay twice), the same rate over the steady traffic window only (1 s samples
# inside it, divided by the generator's relayed packets/s), and the top allocation sites sampled on
# those threads during the traffic.
#
# Usage: alloc-profile.sh [--udp-io native|netty|auto] [--label NAME]
# Writes benchmarks/results/<date>/alloc/: summary.md (one row per load, appended per run),
# <label>.jfr, <label>-<load>.json (the generator's result) and <label>-<load>.phases.
# Knobs (environment): DURATION (8) WARMUP (1) SERVER_WARMUP (4) SOURCE_IPS (256) RESULTS_DIR.
# Everything is bounded by timeouts; only the server this script started is stopped, by PID.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scripts="$root/benchmarks/scripts"
jar="$root/benchmarks/target/benchmarks.jar"
udp_io="native"
label=""
while (($#)); do
  case "$1" in
    --udp-io) udp_io="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "alloc-profile.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
label="${label:-ferry-$udp_io}"
DURATION="${DURATION:-8}"
WARMUP="${WARMUP:-1}"
SERVER_WARMUP="${SERVER_WARMUP:-4}"
SOURCE_IPS="${SOURCE_IPS:-256}"
REALM="ferry.test"
USER_NAME="loaduser"
USER_PASSWORD="loadpass"

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jfr_tool="$java_home/bin/jfr"
jcmd_tool="$java_home/bin/jcmd"
for tool in java python3 ss "$jfr_tool" "$jcmd_tool"; do
  command -v "$tool" >/dev/null || { echo "alloc-profile.sh: $tool not found" >&2; exit 2; }
done
[[ -f "$jar" ]] || { echo "alloc-profile.sh: $jar missing (mvn -q -B -o package -pl benchmarks,cli -am -DskipTests)" >&2; exit 2; }
[[ -f "$root/cli/target/ferry.jar" ]] || { echo "alloc-profile.sh: cli/target/ferry.jar missing (same command)" >&2; exit 2; }

out="${RESULTS_DIR:-$root/benchmarks/results/$(date +%Y-%m-%d)/alloc}"
mkdir -p "$out"
tmp="$(mktemp -d /tmp/ferry-alloc.XXXXXX)"
server_pid=""
# shellcheck source=lib.sh
source "$scripts/lib.sh"
cleanup() {
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT

turnload() {
  # shellcheck disable=SC2068
  timeout 120 java -cp "$jar" dev.ferry.bench.load.TurnLoad --server "127.0.0.1:$port" \
    --user "$USER_NAME" --password "$USER_PASSWORD" $@
}

port="$(free_port)"
write_turnserver_conf "$tmp/turnserver.conf" "$port" 127.0.0.1 40000 59999 "$REALM" \
  "$USER_NAME" "$USER_PASSWORD"
jfr_file="$out/$label.jfr"
rm -f "$jfr_file"
# The launcher's flags plus the recording; bin/turnd execs java, so $! is the JVM.
FERRY_JAVA_OPTS="-XX:StartFlightRecording=name=ferry-alloc,settings=$scripts/alloc.jfc,filename=$jfr_file,dumponexit=true ${FERRY_JAVA_OPTS:-}" \
  "$root/bin/turnd" -c "$tmp/turnserver.conf" --transport epoll --udp-io "$udp_io" --no-admin \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
up=0
for _ in $(seq 15); do
  kill -0 "$server_pid" 2>/dev/null || break
  if turnload --mode probe --setup-timeout 1 >/dev/null 2>>"$tmp/load.stderr"; then
    up=1
    break
  fi
done
if ((up == 0)); then
  echo "alloc-profile.sh: the server did not answer Allocate with 401" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi

# Unmeasured: JIT compilation and the pools' first growth happen here (perf-compare.sh's warm-up,
# shortened: the same two traffic shapes, and the setup paths the measured loads take).
echo "alloc-profile.sh: $label: warming up" >&2
for load in "--mode flood --allocations 10 --payload 100 --duration $SERVER_WARMUP --warmup 0" \
  "--mode paced --allocations 100 --payload 100 --rate 50 --duration $SERVER_WARMUP --warmup 0"; do
  # shellcheck disable=SC2086
  turnload --source-ips "$SOURCE_IPS" $load >/dev/null 2>>"$tmp/load.stderr" || true
done

# One measured load: the generator's JSON, and the wall-clock time of each phase line it writes
# to its ready file (polled every 50 ms; the JFR samples are 1 s apart).
measure() {
  local name="$1" base="$out/$label-$1" ready="$tmp/ready" gen seen=0 lines i
  shift
  : >"$ready"
  echo "start $EPOCHREALTIME" >"$base.phases"
  # shellcheck disable=SC2068
  turnload --source-ips "$SOURCE_IPS" --ready-file "$ready" --json $@ >"$base.json" \
    2>>"$tmp/load.stderr" &
  gen=$!
  while kill -0 "$gen" 2>/dev/null; do
    mapfile -t lines <"$ready"
    for ((i = seen; i < ${#lines[@]}; i++)); do
      echo "${lines[i]%% *} $EPOCHREALTIME" >>"$base.phases"
    done
    seen=${#lines[@]}
    sleep 0.05
  done
  wait "$gen" || echo "alloc-profile.sh: $name: generator exit status $?" >&2
  mapfile -t lines <"$ready"
  for ((i = seen; i < ${#lines[@]}; i++)); do
    echo "${lines[i]%% *} $EPOCHREALTIME" >>"$base.phases"
  done
  echo "end $EPOCHREALTIME" >>"$base.phases"
  # A last 1 s allocation sample after the load ends, before the next one starts.
  sleep 1.5
}

echo "alloc-profile.sh: $label: measuring" >&2
measure flood --mode flood --allocations 10 --payload 100 --window 16 --duration "$DURATION" \
  --warmup "$WARMUP" --drain 0.5
measure paced --mode paced --allocations 100 --payload 100 --rate 50 --duration "$DURATION" \
  --warmup "$WARMUP" --drain 0.5

timeout 60 "$jcmd_tool" "$server_pid" JFR.dump name=ferry-alloc filename="$jfr_file" >/dev/null
stop_server
timeout 120 "$jfr_tool" print --events jdk.ThreadAllocationStatistics --json "$jfr_file" \
  >"$tmp/threads.json"
timeout 120 "$jfr_tool" print --events jdk.ObjectAllocationSample --stack-depth 8 --json \
  "$jfr_file" >"$tmp/samples.json"
python3 "$scripts/alloc_report.py" "$label" "$udp_io" "$out" "$tmp/threads.json" \
  "$tmp/samples.json" flood paced
