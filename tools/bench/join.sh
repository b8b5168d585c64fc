#!/usr/bin/env bash
# Join benchmark (issue 4): wrk posts joins of new customers to one live session on loopback with the
# whole local stack running, then checks that every answered join reached Kafka and was counted: the
# session's unique-viewer count (summed by the presence stream from the Kafka events) must equal the
# joins the service answered with 202.
#
#   STORECAST_DEMO=false bin/storecast-local &
#   tools/bench/join.sh [duration-seconds] [connections]      (WARMUP=seconds, default 30)
#
# Needs wrk (Debian: apt-get install wrk), curl and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
duration=${1:-30}
connections=${2:-16}
warmup=${WARMUP:-30}
room=${ROOM_URL:-http://127.0.0.1:8082}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
room_id=$(curl -sf -X POST "$room/rooms" -H 'Content-Type: application/json' \
  -d '{"ownerType":"HQ","name":"join bench","watchUrl":"https://live.example.com/bench"}' | json "['id']")
session=$(curl -sf -X POST "$room/rooms/$room_id/sessions" -H 'Content-Type: application/json' \
  -d '{"title":"join bench","scheduledStart":"2026-11-11T12:00:00Z"}' | json "['id']")
curl -sf -X POST "$room/sessions/$session/start" >/dev/null
echo "session $session is live"

# the service times every join it answered 202 (recorded: sent to Kafka, or parked for the relay); the
# difference is this run's
joins_so_far() {
  curl -sf "$room/actuator/prometheus" | awk '/^storecast_presence_requests_seconds_count/ && /action="join"/ && /status="202"/ {s+=$NF} END {printf "%d", s}'
}
before=$(joins_so_far)
requests() { grep -oE '^ +[0-9]+ requests in' | grep -oE '[0-9]+'; }
export SESSION=$session
echo "== warm-up $warmup s"
TAG="w$(date +%s)" wrk -t2 -c"$connections" -d"${warmup}s" -s "$here/join.lua" "$room" | tee /dev/stderr >/dev/null
echo "== measured ${duration} s, $connections connections, 2 threads"
out=$(TAG="m$(date +%s)" wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/join.lua" "$room")
echo "$out"
if echo "$out" | grep -q "Non-2xx or 3xx"; then echo "some joins were not answered 202" >&2; fi
answered=$(( $(joins_so_far) - before ))
echo "== the service recorded $answered joins; waiting for the presence stream to count them"
unique=0
for _ in $(seq 1 300); do
  unique=$(curl -sf "$room/sessions/$session/stats" | json "['uniqueViewers']")
  [ "$unique" -ge "$answered" ] && break
  sleep 1
done
stats=$(curl -sf "$room/sessions/$session/stats")
echo "joins recorded: $answered   unique viewers counted from Kafka: $unique"
echo "stats: $stats"
[ "$unique" -eq "$answered" ] && echo "every join reached Kafka and was counted once" || { echo "MISMATCH" >&2; exit 1; }
