#!/bin/sh
# Creates every topic of the topics file that does not exist yet, with the replication factor given; run by
# docker-compose's kafka-topics service before the services start. A line of the file:
#   <topic> <partitions> <events|dead-letters> [<config>=<value>[,<config>=<value>...]]
# usage: create-topics.sh <bootstrap> <topics file> [replication factor]
set -eu
bootstrap=$1; list=$2; replication=${3:-1}
grep '^[^#]' "$list" | while read -r topic partitions kind configs; do
  set -- --topic "$topic" --partitions "$partitions" --replication-factor "$replication"
  for c in $(echo "${configs:-}" | tr ',' ' '); do
    set -- "$@" --config "$c"
  done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists "$@"
done
echo "topics ready: $(grep -c '^[^#]' "$list")"
