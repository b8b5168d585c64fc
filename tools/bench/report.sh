#!/usr/bin/env bash
# Report benchmark (issue 6): a per-store monthly report over ORDERS × 4 ledger entries (default 1,000,000: each
# order's two lines earn their store a traffic entry and its dealer an override) and STORES stores (default 10,000).
# Seeds attribution-service (io.storecast.launcher.SeedLedger: the network, decisions and ledger written straight
# into its database, and each order's movement of its store's and dealer's report rows published to the rows' topic,
# so the service's row stream builds the report's rows), waits until the report's totals equal what was
# seeded (how long the rollups took to catch up), then times the JSON report (first page of 1,000 rows) and the CSV
# (every row) RUNS times each (default 5) and prints the median; the last line is the run as JSON (BENCH ...).
#
#   STORECAST_DATA=none STORECAST_DEMO=false STORECAST_SERVICES=attribution-service bin/storecast-local &
#   tools/bench/report.sh [orders] [stores]
#
# Needs curl and python3; the launcher jar (built by bin/storecast-local).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
orders=${1:-250000}
stores=${2:-10000}
runs=${RUNS:-5}
attribution=${ATTRIBUTION_URL:-http://127.0.0.1:8084}
mongo=${MONGO_URI:-mongodb://127.0.0.1:27027/attribution}
kafka=${KAFKA_BOOTSTRAP:-127.0.0.1:29092}
period=${PERIOD:-2025-03}
. "$root/bin/select-jdk.sh"
# finance's token: STORECAST_TOKEN, or the local identity's
token=${STORECAST_TOKEN:-$("$root/bin/storecast-token" FINANCE)}

echo "== seeding $orders orders ($((orders * 4)) ledger entries, $((orders * 2)) of them stores' traffic entries) for $stores stores in $period"
start=$(date +%s)
seeded=$(java -cp "$root/platform/launcher/target/storecast-local-exec.jar" -Dloader.main=io.storecast.launcher.SeedLedger \
  org.springframework.boot.loader.launch.PropertiesLauncher "$mongo" "$kafka" "$period" "$stores" "$orders" 7 2>"${TMPDIR:-/tmp}/seed-ledger.log" | tail -1) || { echo "seeding failed: ${TMPDIR:-/tmp}/seed-ledger.log" >&2; exit 1; }
seed_s=$(( $(date +%s) - start ))
echo "$seeded   (in $seed_s s)"
gross=$(echo "$seeded" | awk '{print $6}')
net=$(echo "$seeded" | awk '{print $8}')

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
start=$(date +%s)
while :; do
  totals=$(curl -sf -H "Authorization: Bearer $token" "$attribution/reports/stores?period=$period&size=1000" | json "d['totals']['grossSales'], d['totals']['commissionNet']") || totals=
  [ "$totals" = "$gross $net" ] && break
  if [ $(( $(date +%s) - start )) -gt "${CATCH_UP_SECONDS:-900}" ]; then
    echo "MISMATCH: report totals (gross, commission net) $totals, expected $gross $net" >&2; exit 1
  fi
  sleep 2
done
catch_up_s=$(( $(date +%s) - start ))
echo "report totals (gross, commission net): $totals — equal to what was seeded $catch_up_s s after seeding"

time_it() {   # median of $runs runs of GET $1, in seconds
  for _ in $(seq 1 "$runs"); do curl -sf -H "Authorization: Bearer $token" -o /dev/null -w "%{time_total}\n" "$attribution$1"; done | sort -n \
    | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
json_s=$(time_it "/reports/stores?period=$period&size=1000")
csv_s=$(time_it "/reports/stores.csv?period=$period")
echo "JSON, first 1,000 rows: median $json_s s over $runs runs"
echo "CSV, all rows:          median $csv_s s over $runs runs"
printf 'BENCH {"ledger_entries":%d,"store_entries":%d,"stores":%d,"seed_s":%d,"rollups_caught_up_after_s":%d,"json_first_1000_rows_s":%s,"csv_all_rows_s":%s,"runs":%d}\n' \
  $((orders * 4)) $((orders * 2)) "$stores" "$seed_s" "$catch_up_s" "$json_s" "$csv_s" "$runs"
