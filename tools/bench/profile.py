"""Where the time goes: a JFR recording's CPU samples (jdk.ExecutionSample) grouped by what the sampled thread does.

usage: profile.py recording.jfr > profile.json

Threads are grouped by name: each service's Tomcat workers (by port), each Kafka Streams app (by application id),
each Spring Kafka listener, the in-process broker, the local store (mongo-java-server), the Kafka clients' network
threads, and the rest by their name without numbers. Prints the share of samples per group, largest first, and the
hottest methods (top frames) overall. JFR samples Java threads only: the collector and the JIT compilers are not in it.
"""
import collections
import json
import re
import subprocess
import sys

PORTS = {"8081": "store-distribution-service", "8082": "room-service", "8083": "order-service",
         "8084": "attribution-service"}


def group(name):
    m = re.match(r"http-nio-(\d+)-", name)
    if m:
        return "Tomcat workers of " + PORTS.get(m.group(1), "port " + m.group(1))
    m = re.match(r"(.+?)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-StreamThread-\d+", name)
    if m:
        return "Kafka Streams app " + m.group(1)
    if re.search(r"-C-\d+$", name):
        return "Spring Kafka listener " + re.sub(r"-\d+-C-\d+$", "", name)
    if re.search(r"kafka-request-handler|kafka-network-thread|data-plane|ReplicaFetcher|group-coordinator|"
                 r"transaction-|broker-|controller-|quorum|raft|LogCleaner|kafka-log|ExpirationReaper|"
                 r"share-coordinator|event-processor|quest-handler|EXT-PLAINTEXT", name):
        return "Kafka broker (in process)"
    if "server-worker" in name or "mongo-server" in name:
        return "local store (mongo-java-server)"
    if name.startswith("kafka-producer-network-thread"):
        return "Kafka producer clients (network threads)"
    return re.sub(r"[-#]?\d+", "", name) or name


def main(path):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "1", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    groups, methods = collections.Counter(), collections.Counter()
    for e in events:
        v = e["values"]
        thread = (v.get("sampledThread") or {}).get("javaName") or "?"
        groups[group(thread)] += 1
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if frames:
            m = frames[0]["method"]
            methods[m["type"]["name"] + "." + m["name"]] += 1
    total = sum(groups.values()) or 1
    print(json.dumps({
        "samples": total,
        "by_thread_group": [{"where": g, "share": round(n / total, 3)} for g, n in groups.most_common(12)],
        "hottest_methods": [{"method": k, "share": round(n / total, 3)} for k, n in methods.most_common(8)],
    }, indent=1))


main(sys.argv[1])
