#!/usr/bin/env bash
# Paid-orders benchmark (issue 6): RATE paid orders a second for SECONDS seconds, each a new customer placing an order
# through one of STORES store links, published to Kafka as order-service would, each decision answered with who ships
# the order as store-distribution would (every other one from the credited store, with its fee)
# (io.storecast.launcher.PaidLoad);
# measures payment -> traffic entry published and payment -> order counted in the run dealer's report (polled every
# 100 ms: the target's measure), then polls that report until it equals what was sent, to the fen, and says how long
# after the last entry that took.
#
#   STORECAST_DATA=none STORECAST_DEMO=false bin/storecast-local &
#   tools/bench/paid.sh [rate] [seconds] [stores]
#
# FULFIL=0 when store-distribution runs too (it then assigns the orders, from the HQ warehouse: the run's stores are not
# in its books). WARMUP (seconds at a quarter of the rate before the measured ones, default 0) and GIVE_UP (stop
# offering once the path is this many seconds behind, default 0: never) are what tools/bench/run uses. The last line is
# the run as JSON (BENCH ...).
#
# Needs curl and python3; the launcher jar (built by bin/storecast-local).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rate=${1:-2000}
seconds=${2:-60}
stores=${3:-1000}
attribution=${ATTRIBUTION_URL:-http://127.0.0.1:8084}
kafka=${KAFKA_BOOTSTRAP:-127.0.0.1:29092}
. "$root/bin/select-jdk.sh"
# finance's token for the reports, here and in the load tool's polls: STORECAST_TOKEN, or the local identity's
STORECAST_TOKEN=${STORECAST_TOKEN:-$("$root/bin/storecast-token" FINANCE)}
export STORECAST_TOKEN

out="${TMPDIR:-/tmp}/paid-load.out"
# the load tool is the instrument, on the same two cores: with G1 left to size its heap it sometimes ran concurrent
# marking through the whole full-rate minute (up to 16 % of a core in user time alone, the tool at 35-49 % instead of
# 15-21 %), and those runs missed; the parallel collector with a fixed heap has no concurrent work (its collections:
# paid-load-gc.log)
java -XX:+UseParallelGC -Xms1g -Xmx1g -Xlog:gc:file="${TMPDIR:-/tmp}/paid-load-gc.log":uptime \
  -cp "$root/platform/launcher/target/storecast-local-exec.jar" -Dloader.main=io.storecast.launcher.PaidLoad \
  org.springframework.boot.loader.launch.PropertiesLauncher "$kafka" "$rate" "$seconds" "$stores" 7 "${WARMUP:-0}" \
  "${GIVE_UP:-0}" "$attribution" "${FULFIL:-1}" 2>"${TMPDIR:-/tmp}/paid-load.log" \
  | tee "$out"
result=$(grep '^RESULT' "$out") || { echo "the load run failed: ${TMPDIR:-/tmp}/paid-load.log" >&2; exit 1; }
field() { echo "$result" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
num() { local v; v=$(field "$1"); echo "${v:--1}"; }     # a figure, -1 when the load tool did not give it
flag() { local v; v=$(field "$1"); echo "${v:-null}"; }   # true or false, null when it did not
dealer=$(field dealer); period=$(field period)

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" 2>/dev/null; }
# a report's totals: orders, gross sales, commission net
totals() { curl -sf -H "Authorization: Bearer $STORECAST_TOKEN" "$attribution/reports/$1" \
  | json "'%d %d %d' % (d['totals']['attributedOrders'], d['totals']['grossSales'], d['totals']['commissionNet'])"; }
want_d="$(field orders) $(field gross) $(field override)"
want_s="$(field orders) $(field gross) $(( $(num traffic) + $(num fulfilment) ))"   # a store's traffic share and fulfilment fee
# the report as finance reads it: the dealer's row and its stores' totals, to the fen, polled until they equal what
# was sent or REPORT_WAIT_SECONDS (default 120) have passed (PaidLoad has waited for the dealer's count already)
start=$SECONDS
while :; do
  drow=$(totals "dealers?period=$period&dealerId=$dealer") || drow=
  srow=$(totals "stores?period=$period&dealerId=$dealer&size=1") || srow=
  { [ "$drow" = "$want_d" ] && [ "$srow" = "$want_s" ]; } && break
  [ $((SECONDS - start)) -ge "${REPORT_WAIT_SECONDS:-120}" ] && break
  sleep 1
done
waited=$((SECONDS - start))
echo "dealer report (orders, gross, dealer commission): $drow"
echo "store report  (orders, gross, store commission):  $srow"
[ "$drow" = "$want_d" ] || { echo "MISMATCH: dealer report should be $want_d" >&2; exit 1; }
[ "$srow" = "$want_s" ] || { echo "MISMATCH: store report should be $want_s" >&2; exit 1; }
echo "report equal to what was sent, to the fen, ${waited} s after the load tool ended (its count of orders" \
  "complete $(num report_after_entry_ms) ms after the last entry): nothing lost, nothing doubled"
# p50/p99/max: payment -> counted in the report (the target's measure; -1: no order counted after the warm-up);
# entry_*: payment -> traffic entry published; counted: orders the report counted while the load tool polled it
printf 'BENCH {"offered_per_s":%s,"achieved_per_s":%s,"orders":%s,"received":%s,"counted":%s,"p50_ms":%s,"p99_ms":%s,"max_ms":%s,"measured_to":"%s","entry_p50_ms":%s,"entry_p99_ms":%s,"sustained_s":%s,"gave_up":%s,"report_after_entry_ms":%s,"report_equal_after_s":%s,"nothing_lost_or_doubled":true}\n' \
  "$(num offered)" "$(num rate)" "$(num orders)" "$(num received)" "$(num counted)" "$(num p50)" "$(num p99)" \
  "$(num max)" "$(field measured_to)" "$(num entry_p50)" "$(num entry_p99)" "$(num sustained_s)" "$(flag gave_up)" \
  "$(num report_after_entry_ms)" "$waited"
