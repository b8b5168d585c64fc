#!/usr/bin/env bash
# Checkout benchmark (issue 5): wrk posts checkouts of new customers for one hot SKU of one live session on
# loopback with the local stack running, then checks that nothing was oversold and every order reached Kafka:
#  1. throughput: the SKU has more units than the run can sell; every checkout must be answered 201, the stock's
#     `sold` must equal the 201 answers, and the OrderPlaced events of the session counted on Kafka too;
#  2. sell-out: a second SKU with UNITS units (default 5,000) and a burst of many more checkouts; exactly UNITS
#     must be sold, the rest answered 409, and exactly UNITS OrderPlaced events found on Kafka.
#
#   STORECAST_DATA=none STORECAST_DEMO=false bin/storecast-local &   (store in memory: docs/performance.md says why)
#   tools/bench/checkout.sh [duration-seconds] [connections]    (WARMUP=seconds, default 30; UNITS)
#
# Needs wrk (Debian: apt-get install wrk), curl and python3; the launcher jar (built by bin/storecast-local).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=${1:-30}
connections=${2:-16}
warmup=${WARMUP:-30}
units=${UNITS:-5000}
order=${ORDER_URL:-http://127.0.0.1:8083}
kafka=${KAFKA_BOOTSTRAP:-127.0.0.1:29092}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
. "$root/bin/select-jdk.sh"

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
count_placed() {   # OrderPlaced events of session $1 on Kafka: "<records> <distinct ids>"
  java -cp "$root/platform/launcher/target/storecast-local-exec.jar" -Dloader.main=io.storecast.launcher.CountEvents \
    org.springframework.boot.loader.launch.PropertiesLauncher "$kafka" storecast.orders.v1 \
    storecast.orders.order-placed sessionId "$1" 2>/dev/null | tail -1
}
# the service's own count of checkouts it answered 201 (wrk's count misses those in flight when it stops)
created() {
  curl -sf "$order/actuator/prometheus" | awk '/^http_server_requests_seconds_count/ && /uri="\/orders"/ && /status="201"/ {s+=$NF} END {printf "%d", s}'
}
run=$(date +%s)
sku="BENCH-HOT-$run"
curl -sf -X POST "$order/products" -H 'Content-Type: application/json' \
  -d "{\"sku\":\"$sku\",\"name\":\"Hot item\",\"category\":\"bench\",\"price\":9900}" >/dev/null

echo "== warm-up $warmup s"
warm="bench-warm-$run"
curl -sf -X POST "$order/sessions/$warm/stock" -H 'Content-Type: application/json' \
  -d "{\"sku\":\"$sku\",\"units\":100000000}" >/dev/null
SESSION=$warm SKU=$sku TAG="w$run" wrk -t2 -c"$connections" -d"${warmup}s" -s "$here/checkout.lua" "$order" \
  | grep -E "Requests/sec|Non-2xx" || true

echo "== throughput: measured ${duration} s, $connections connections, 2 threads"
session="bench-$run"
curl -sf -X POST "$order/sessions/$session/stock" -H 'Content-Type: application/json' \
  -d "{\"sku\":\"$sku\",\"units\":100000000}" >/dev/null
before=$(created)
out=$(SESSION=$session SKU=$sku TAG="m$run" wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/checkout.lua" "$order")
echo "$out"
if echo "$out" | grep -q "Non-2xx or 3xx"; then echo "some checkouts were not answered 201" >&2; fi
requests=$(( $(created) - before ))
sold=$(curl -sf "$order/sessions/$session/stock/$sku" | json "['sold']")
placed=$(count_placed "$session")
echo "checkouts answered: $requests   sold (stock): $sold   OrderPlaced on Kafka (records, distinct): $placed"
fail=0
[ "$sold" -eq "$requests" ] || { echo "MISMATCH: sold != answered" >&2; fail=1; }
[ "${placed#* }" -eq "$sold" ] || { echo "MISMATCH: events on Kafka != sold" >&2; fail=1; }

echo "== sell-out: $units units, $((connections * 4)) connections for 10 s"
sellout="bench-sellout-$run"
curl -sf -X POST "$order/sessions/$sellout/stock" -H 'Content-Type: application/json' \
  -d "{\"sku\":\"$sku\",\"units\":$units}" >/dev/null
burst=$(SESSION=$sellout SKU=$sku TAG="s$run" wrk -t2 -c$((connections * 4)) -d10s --latency -s "$here/checkout.lua" "$order")
echo "$burst" | grep -E "requests in|Requests/sec|Non-2xx|99%"
stock=$(curl -sf "$order/sessions/$sellout/stock/$sku")
echo "stock after the burst: $stock"
s_sold=$(echo "$stock" | json "['sold']")
s_left=$(echo "$stock" | json "['remaining']")
s_placed=$(count_placed "$sellout")
echo "sold: $s_sold of $units   remaining: $s_left   OrderPlaced on Kafka (records, distinct): $s_placed"
[ "$s_sold" -eq "$units" ] && [ "$s_left" -eq 0 ] || { echo "MISMATCH: oversold or undersold" >&2; fail=1; }
[ "${s_placed#* }" -eq "$units" ] || { echo "MISMATCH: events on Kafka != units sold" >&2; fail=1; }
[ "$fail" -eq 0 ] && echo "zero oversell; every order on Kafka exactly once"
exit $fail
