#!/usr/bin/env bash
# Redirect benchmark (issue 3): wrk against GET /l/{code} on loopback with the whole local stack running,
# then counts the click events that reached Kafka (through the funnel, which is built from those events)
# and compares them with the redirects wrk got.
#
#   STORECAST_DEMO=false REDIRECT_RATE_LIMIT=0 bin/storecast-local &    # the rate limit would stop one host
#   tools/bench/redirect.sh [duration-seconds] [connections]      (WARMUP=seconds, default 30)
#
# Needs wrk (Debian: apt-get install wrk) and curl.
set -euo pipefail
duration=${1:-30}
connections=${2:-16}
# the JIT needs about half a minute of this load before the figures settle
warmup=${WARMUP:-30}
sd=${SD_URL:-http://127.0.0.1:8081}
room=${ROOM_URL:-http://127.0.0.1:8082}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
tag=$(date +%s)
room_id=$(curl -sf -X POST "$room/rooms" -H 'Content-Type: application/json' \
  -d '{"ownerType":"HQ","name":"bench","watchUrl":"https://live.example.com/bench"}' | json "['id']")
store_id=$(curl -sf -X POST "$sd/stores" -H 'Content-Type: application/json' \
  -d "{\"code\":\"BENCH-$tag\",\"name\":\"bench store\"}" | json "['id']")
code=""
for _ in $(seq 1 100); do
  reply=$(curl -s -X POST "$sd/links" -H 'Content-Type: application/json' \
    -d "{\"ownerType\":\"STORE\",\"ownerId\":\"$store_id\",\"roomId\":\"$room_id\",\"channel\":\"bench\"}")
  code=$(echo "$reply" | python3 -c "import json,sys; print(json.load(sys.stdin).get('code',''))")
  [ -n "$code" ] && break
  sleep 0.2
done
[ -n "$code" ] || { echo "could not issue a link: $reply" >&2; exit 1; }
redirects_so_far() {
  curl -sf "$sd/actuator/prometheus" | awk '/^storecast_redirects_seconds_count/ && /status="302"/ {s+=$NF} END {printf "%d", s}'
}
# the service counts every redirect it answers (all links): the difference is this run's
before=$(redirects_so_far)
echo "link $code -> $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$sd/l/$code")"

requests() { grep -oE '^ +[0-9]+ requests in' | grep -oE '[0-9]+'; }
echo "== warm-up $warmup s"
warm=$(wrk -t2 -c"$connections" -d"${warmup}s" "$sd/l/$code" | tee /dev/stderr | requests)
echo "== measured ${duration} s, $connections connections, 2 threads"
out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$sd/l/$code")
echo "$out"
measured=$(echo "$out" | requests)
if echo "$out" | grep -q "Non-2xx or 3xx"; then echo "some responses were not redirects" >&2; fi
# the server's own count of redirects it answered (wrk misses the ones in flight when it stops)
answered=$(( $(redirects_so_far) - before ))
echo "== wrk counted $((warm + measured)) redirects, the service answered $answered; waiting for their click events"
counted=0
for _ in $(seq 1 180); do
  counted=$(curl -sf "$sd/links/$code/funnel" | json "['clicks']")
  [ "$counted" -ge "$answered" ] && break
  sleep 1
done
echo "redirects answered: $answered   click events counted from Kafka (funnel, deduplicated by click id): $counted"
[ "$counted" -eq "$answered" ] && echo "every click reached Kafka" || { echo "MISMATCH" >&2; exit 1; }
