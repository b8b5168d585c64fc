"""Turns the benchmark's step records into the results file and the table in docs/performance.md.

usage: results.py steps.jsonl results.json docs/performance.md command seconds

Each HTTP figure is the median of its runs (rate and each percentile taken apart). Every target gets its figure, the
target, whether it is met, and the ratio figure / target (for a ceiling: target / figure), so a miss says by how much.
"""
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

steps_file, results_file, doc_file, command, seconds = sys.argv[1:6]
steps = {}
for line in open(steps_file, encoding="utf-8"):
    s = json.loads(line)
    steps.setdefault(s["step"], []).append(s["data"])


def median(step, key):
    values = [r[key] for r in steps.get(step, []) if key in r]
    return round(statistics.median(values), 3) if values else None


def one(step):
    return steps.get(step, [{}])[-1]


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem / 1024 / 1024, 1),
            "os": platform.platform(), "java": java}


targets = []


def fmt_ms(v):
    return "—" if v is None else f"{v:,.0f}"


def where(profile):
    """The three largest thread groups of a target's CPU profile (JFR), as a short text."""
    p = one("profile_" + profile) if profile else {}
    groups = p.get("by_thread_group", [])[:3]
    return "; ".join(f"{g['where']} {g['share']:.0%}" for g in groups)


def target(name, figure, unit, goal, floor=True, met_extra=True, detail="", profile=None):
    if figure is None:
        targets.append({"target": name, "figure": None, "unit": unit, "goal": goal, "met": False,
                        "ratio": None, "detail": detail or "not measured (the step failed)", "where": where(profile)})
        return
    met = (figure >= goal if floor else figure <= goal) and met_extra
    ratio = figure / goal if floor else (goal / figure if figure else None)
    targets.append({"target": name, "figure": figure, "unit": unit, "goal": ("≥ " if floor else "≤ ") + f"{goal:,}",
                    "met": met, "ratio": round(ratio, 2) if ratio is not None else None, "detail": detail,
                    "where": where(profile) if not met else ""})


noop = median("noop", "achieved_per_s")
red_open, red_p99 = median("redirect_open", "achieved_per_s"), median("redirect_open", "p99_ms")
red_max = median("redirect_closed", "achieved_per_s")
target("redirect rate (open loop, 5,000/s offered)", red_open, "/s", 5000 * 0.99,
       detail=f"offered 5,000/s; answered {red_open}/s within the measured seconds", profile="redirect_open")
target("redirect p99", red_p99, "ms", 10, floor=False, profile="redirect_open")
target("redirect vs the no-op endpoint (closed loop, most each serves)",
       round(red_max / noop, 2) if red_max and noop else None, "×", 0.5,
       detail=f"redirect {red_max}/s, no-op {noop}/s", profile="redirect_closed")
target("viewer join rate (open loop, 5,000/s offered)", median("join", "achieved_per_s"), "/s", 5000 * 0.99,
       profile="join")
target("viewer join p99", median("join", "p99_ms"), "ms", 20, floor=False, profile="join")
board = one("board")
board_detail = (f"p50 {fmt_ms(board.get('viewers_p50_ms'))} ms for viewers, {fmt_ms(board.get('clicks_p50_ms'))} ms "
                f"for clicks; {board.get('probes')} probes, {board.get('missed')} not on the board within 10 s; the "
                f"run's report {'equal to its account' if board.get('report_ok') else 'NOT equal to its account'}")
target("live board freshness, viewers p99 (the demo's broadcast: 3,000 customers in 30 s)",
       board.get("viewers_p99_ms"), "ms", 1000, floor=False, met_extra=board.get("missed") == 0,
       detail=board_detail, profile="board")
target("live board freshness, clicks p99 (same run; a room link's clicks go through the room)",
       board.get("clicks_p99_ms"), "ms", 1000, floor=False, met_extra=board.get("missed") == 0, profile="board")
target("checkout rate on one hot SKU (open loop, 2,000/s offered)", median("checkout", "achieved_per_s"), "/s",
       2000 * 0.99, profile="checkout")
target("checkout p99", median("checkout", "p99_ms"), "ms", 50, floor=False, profile="checkout")
sell = one("checkout_sellout")
target("checkout oversell (sell-out of 5,000 units)", sell.get("oversold"), "units", 0, floor=False,
       met_extra=sell.get("answered_201") == 5000 and sell.get("remaining") == 0,
       detail=f"{sell.get('requests')} checkouts, {sell.get('answered_201')} answered 201, {sell.get('answered_409')} "
              f"409, sold {sell.get('sold')}, remaining {sell.get('remaining')}")
paid = one("paid")
paid_ok = bool(paid.get("nothing_lost_or_doubled")) and not paid.get("gave_up", True)
target("paid orders end to end (2,000/s offered, 5 minutes)", paid.get("achieved_per_s"), "/s", 2000,
       met_extra=paid_ok and (paid.get("sustained_s") or 0) >= 299,
       detail=f"offered for {paid.get('sustained_s')} s after the warm-up"
              + (" and stopped: the path fell more than 10 s behind" if paid.get("gave_up") else "")
              + f"; {paid.get('received')} of {paid.get('orders')} orders in the ledger; report equal to what was sent "
              + ("(nothing lost or doubled)" if paid.get("nothing_lost_or_doubled") else "NOT confirmed"),
       profile="paid")
paid_p99 = paid.get("p99_ms")
target("paid orders p99 (payment -> entry in the report)",
       paid_p99 if paid_p99 is not None and paid_p99 >= 0 else None, "ms", 1000,
       floor=False, met_extra=paid.get("measured_to") == "report" and paid.get("counted") == paid.get("orders"),
       detail=(f"measured to the {paid.get('measured_to', 'entry')}: the report counted {paid.get('counted')} of "
               f"{paid.get('orders')} orders; to the ledger entry p99 {paid.get('entry_p99_ms')} ms")
       if paid.get("orders") else "",
       profile="paid")
rep = one("report")
target("per-store monthly report, 1,000,000 entries, 10,000 stores (JSON)", rep.get("json_first_1000_rows_s"), "s", 2,
       floor=False, detail=f"CSV of every row {rep.get('csv_all_rows_s')} s; {rep.get('ledger_entries')} ledger entries "
              f"({rep.get('store_entries')} of them stores' traffic entries)")
ready = one("stack_ready").get("ready_s") or []
target("whole stack ready (the slowest of the runs' starts)", max(ready) if ready else None, "s", 60, floor=False,
       detail=f"{len(ready)} starts: " + ", ".join(f"{r} s" for r in ready))
rss = one("stack_memory").get("rss_mib")
target("whole stack resident memory after the checkout runs (one JVM, the launcher's options)", round(rss / 1024, 2) if rss else None, "GiB", 2.5,
       floor=False)

prod, cons = one("kafka_producer"), one("kafka_consumer")
limits = {
    "kafka_producer": prod, "kafka_consumer": cons,
    "noop_http": {"achieved_per_s": noop, "p99_ms": median("noop", "p99_ms"), "runs": len(steps.get("noop", []))},
}
results = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "command": command, "seconds": int(seconds), "machine": machine(), "limits": limits, "targets": targets,
    "runs": steps,
}
with open(results_file, "w", encoding="utf-8") as f:
    json.dump(results, f, indent=2, ensure_ascii=False)


def fmt(v):
    return "—" if v is None else (f"{v:,.0f}" if isinstance(v, (int, float)) and abs(v) >= 100 else f"{v:g}")


m = results["machine"]
lines = [f"Latest run: **{results['date']}**, `{command}` ({int(seconds) // 60} min {int(seconds) % 60} s), "
         f"{m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['java']}; the whole stack and the load on the "
         "same cores. Results file: `docs/performance-results.json`.", "",
         "| machine limit | figure |", "|---|---|",
         f"| Kafka producer perf tool, {fmt(prod.get('record_bytes'))}-byte records (our `OrderPaid`), acks=all | "
         f"{fmt(prod.get('records_per_s'))} records/s ({fmt(prod.get('mb_per_s'))} MB/s), p99 {fmt(prod.get('p99_ms'))} ms |",
         f"| Kafka consumer perf tool, same topic | {fmt(cons.get('records_per_s'))} records/s "
         f"({fmt(cons.get('mb_per_s'))} MB/s) |",
         f"| no-op HTTP endpoint (liveness), closed loop, 16 connections, median of {limits['noop_http']['runs']} | "
         f"{fmt(noop)}/s, p99 {fmt(limits['noop_http']['p99_ms'])} ms |", "",
         "| target | goal | figure | met | ratio | how | where the time goes (JFR CPU samples, when missed) |",
         "|---|---|---|---|---|---|---|"]
for t in targets:
    lines.append(f"| {t['target']} | {t['goal']} {t['unit']} | {fmt(t['figure'])} {t['unit']} | "
                 f"{'yes' if t['met'] else '**no**'} | {fmt(t['ratio'])} | {t['detail']} | {t['where']} |")
table = "\n".join(lines)
doc = open(doc_file, encoding="utf-8").read()
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
if begin in doc and end in doc:
    doc = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: begin + "\n" + table + "\n" + end, doc,
                 flags=re.S)
    open(doc_file, "w", encoding="utf-8").write(doc)
print(table)
