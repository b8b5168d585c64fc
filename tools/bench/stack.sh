# Sourced by tools/bench/run and tools/bench/paid-target.sh: starts and stops the stacks they measure, and gives the
# paid path's JVM options. Expects $out (where the logs go) and the project root as the working directory; sets
# $infra_pid, $stack_pid and $ready_s.
kafka=127.0.0.1:29092
sd=http://127.0.0.1:8081 room=http://127.0.0.1:8082 order=http://127.0.0.1:8083 attr=http://127.0.0.1:8084
# the services' JVM on the paid path: G1 (the throughput collector: a stream's latency is its backlog, not a pause) with
# the whole heap from the start (left to grow, G1 kept under 1 GiB and collected about once a second at the full rate:
# docs/performance.md, "The commit's flush, request by request"), and what survives four young collections promoted,
# as the image does (deploy/docker/Dockerfile; "Objects copied fifteen times")
paid_jvm_opts="-XX:+UseG1GC -Xms4g -Xmx4g -XX:MaxTenuringThreshold=4"
stack_pid=
infra_pid=
# the broker and the store each in a JVM of its own (bin/storecast-infra), for the stacks started after it
start_infra() {
  STORECAST_DATA=none setsid bin/storecast-infra > "$out/infra-$1.log" 2>&1 < /dev/null &
  infra_pid=$!
  for _ in $(seq 1 300); do
    grep -qs '^MONGO_URI=' "$out/infra-$1.log" && grep -qs '^KAFKA_BOOTSTRAP=' "$out/infra-$1.log" && return 0
    kill -0 "$infra_pid" 2>/dev/null || { echo "the broker and store died: $out/infra-$1.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "the broker and store did not start: $out/infra-$1.log" >&2; exit 1
}
stop_infra() {
  [ -n "$infra_pid" ] || return 0
  kill "$infra_pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$infra_pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 -- -"$infra_pid" 2>/dev/null || true   # the script and both JVMs (setsid: one process group)
  infra_pid=
  sleep 2
}
start_stack() {   # $1 name, $2 JVM options, $3 services: records the time from the command to every service ready
  local t0 services=$3
  t0=$(date +%s%N)
  # against the broker and store of bin/storecast-infra when one runs (external mode), else in-process ones
  env ${infra_pid:+KAFKA_BOOTSTRAP=$kafka MONGO_URI=mongodb://127.0.0.1:27027/} STORECAST_DATA=none \
    STORECAST_DEMO=false STORECAST_JVM_OPTS="$2" STORECAST_SERVICES="$services" \
    setsid bin/storecast-local > "$out/stack-$1.log" 2>&1 < /dev/null &
  stack_pid=$!
  local urls=()
  case $services in *store-distribution*) urls+=("$sd");; esac
  case $services in *room*) urls+=("$room");; esac
  case $services in *order*) urls+=("$order");; esac
  case $services in *attribution*) urls+=("$attr");; esac
  for _ in $(seq 1 600); do
    local up=0
    for u in "${urls[@]}"; do curl -sf -o /dev/null "$u/actuator/health/readiness" && up=$((up + 1)); done
    [ "$up" = "${#urls[@]}" ] && break
    kill -0 "$stack_pid" 2>/dev/null || { echo "the stack died: $out/stack-$1.log" >&2; exit 1; }
    sleep 0.2
  done
  ready_s=$(python3 -c "print(round(($(date +%s%N) - $t0) / 1e9, 1))")
  echo "stack $1 ready in $ready_s s"
}
stop_stack() {
  [ -n "$stack_pid" ] || return 0
  sleep 2       # a profile's recording ends with its run
  kill "$stack_pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$stack_pid" 2>/dev/null || break; sleep 0.5; done   # nothing kept: no need to wait
  kill -9 "$stack_pid" 2>/dev/null || true
  stack_pid=
  sleep 2
}
