#!/usr/bin/env bash
# The machine's ceiling for the paid-orders path (issue 6; docs/performance.md, "The machine's ceiling for this path"):
# io.storecast.launcher.PaidCeiling starts its own broker and in-memory store in one JVM, runs the least a paid order
# needs — an exactly-once Kafka Streams app keyed by customer deciding from its state and sending the decision and
# both ledger entries, and a bulk read-model writer — and drives it with PaidLoad, unchanged. Nothing else may run.
#
#   tools/bench/paid-ceiling.sh [rate] [seconds] [stores]      # defaults 2000 60 1000, 10 s warm-up
#
# CEILING_JVM_OPTS picks the collector and heap (default "-XX:+UseG1GC -Xmx6g"). Needs the launcher jar.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/bin/select-jdk.sh"
# shellcheck disable=SC2086  # the options are words
java ${CEILING_JVM_OPTS:--XX:+UseG1GC -Xmx6g} -cp "$root/platform/launcher/target/storecast-local-exec.jar" \
  -Dloader.main=io.storecast.launcher.PaidCeiling org.springframework.boot.loader.launch.PropertiesLauncher \
  "${1:-2000}" "${2:-60}" "${3:-1000}" "${WARMUP:-10}" "${GIVE_UP:-10}" 2>"${TMPDIR:-/tmp}/paid-ceiling.log" \
  | grep -v '^[0-9:.]* \[' | grep -v -e ' INFO ' -e ' WARN '
