#!/usr/bin/env bash
# CPU per thread of a running JVM over SECONDS seconds (from /proc/<pid>/task/*/stat, named through jstack), threads
# of one kind summed (digits in names folded to #), in % of one core: what docs/performance.md's per-thread tables use.
#
#   tools/bench/threads.sh <pid> [seconds]      e.g. tools/bench/threads.sh "$(pgrep -f storecast-local-exec.jar)" 15
#
# Needs jstack (the JDK) and python3.
set -euo pipefail
pid=$1
seconds=${2:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
snap() {
  for t in /proc/"$pid"/task/*; do
    read -r line < "$t/stat" 2>/dev/null || continue
    # the fields after the name: utime and stime are the 12th and 13th
    set -- ${line##*) }
    echo "${t##*/} $((${12} + ${13}))"
  done
}
snap > "$work/before"
jstack "$pid" > "$work/names"
sleep "$seconds"
snap > "$work/after"
# the kernel's name of every thread too: native threads (RocksDB's, say) are not in jstack's list
for t in /proc/"$pid"/task/*; do echo "${t##*/} $(tr ' ' '_' < "$t/comm" 2>/dev/null)"; done > "$work/comms"
python3 - "$work" "$seconds" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys
work, seconds, hz = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
read = lambda f: dict(l.split() for l in open(f"{work}/{f}"))
before, after = read("before"), read("after")
names = {}
for m in re.finditer(r'^"([^"]+)".*?nid=(0x[0-9a-f]+|\d+)', open(f"{work}/names").read(), re.M):
    nid = m.group(2)
    names[str(int(nid, 16)) if nid.startswith("0x") else nid] = m.group(1)
comms = dict(l.split(maxsplit=1) for l in open(f"{work}/comms") if len(l.split()) == 2)
cpu = collections.Counter()
for tid, ticks in after.items():
    cpu[re.sub(r"\d+", "#", names.get(tid, f"[{comms.get(tid, '?').strip()}] (not a Java thread)"))] += int(ticks) - int(before.get(tid, ticks))
print(f"all threads: {100 * sum(cpu.values()) / hz / seconds:.0f} % of one core")
for name, ticks in cpu.most_common(30):
    print(f"{100 * ticks / hz / seconds:6.1f} %  {name}")
PY
