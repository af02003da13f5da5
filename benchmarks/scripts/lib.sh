# Shared by compare.sh, perf-compare.sh and scale.sh (sourced): the server process the script started, a free
# port, and the counters read from /proc. Expects $server_pid to be set by the caller.

# Stops the server this script started, by PID: SIGTERM, up to 5 s, then SIGKILL.
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  [[ -n "$server_pid" ]] && { wait "$server_pid" 2>/dev/null || true; }
  server_pid=""
}

# A port nobody listens on (UDP or TCP): coturn and the forwarder use SO_REUSEPORT, so a taken
# port would be shared silently.
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 10000))
    if [[ -z "$(ss -Htuln "( sport = :$port )")" ]]; then
      echo "$port"
      return 0
    fi
  done
  echo "$(basename "$0"): no free port found" >&2
  return 1
}

# utime+stime of a process (all its threads) in clock ticks, without forking; 0 once it is gone.
cpu_ticks() {
  local stat rest
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || { echo 0; return; }
  rest="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $rest
  echo $(( ${12} + ${13} ))
}

# The machine's steal ticks (all CPUs; the eighth value of /proc/stat's cpu line), without forking.
steal_ticks() {
  local label user nice system idle iowait irq softirq steal rest
  read -r label user nice system idle iowait irq softirq steal rest </proc/stat
  echo "${steal:-0}"
}

# The coturn-style turnserver.conf that coturn and Ferry both read (-c): a loopback listener, one
# long-term user, loopback peers allowed (the echo peer is local), no quotas, UDP only.
# Args: file listening-port relay-ip min-port max-port realm user password.
write_turnserver_conf() {
  cat >"$1" <<EOF
listening-ip=127.0.0.1
relay-ip=$3
listening-port=$2
min-port=$4
max-port=$5
realm=$6
lt-cred-mech
user=$7:$8
allow-loopback-peers
no-cli
no-tcp
no-tls
no-dtls
user-quota=0
total-quota=0
EOF
}
