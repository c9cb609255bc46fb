#!/usr/bin/env bash
# The ingest benchmark of docs/benchmarks.md in one command: builds the local runner, starts it
# (fresh data directory, the raw-HTTP reference endpoint on, the rate limit out of the way), loads
# POST /bench/raw and then POST /v1/events in the same run, reports how fast the pipeline drains
# what was accepted, and stops the runner.
#
#   functions/bench/ingest-bench.sh [load generator options]
#   e.g. functions/bench/ingest-bench.sh --seconds 30 --connections 32 --batch 100 --users 10000
#
# JAVA_OPTS is passed to the runner (e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=ingest.jfr).
# DRAIN_SECONDS (default 20) is how long the drain is watched after the load.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-8080}
DATA=$(mktemp -d /tmp/uwbench.XXXXXX)
./mvnw -B -ntp -q -o package -DskipTests -pl functions/local -am
./mvnw -B -ntp -q -o compile -pl functions/bench

# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar functions/local/target/local-0.1.0-SNAPSHOT-exec.jar \
  --server.port="$PORT" --whisperer.data-dir="$DATA" --whisperer.demo-api-key=uw_bench_key \
  --whisperer.admin-enabled=true --whisperer.admin-token=uwa_bench_admin_token \
  --whisperer.bench.raw-endpoint=true \
  --whisperer.ingest.events-per-second=100000000 --whisperer.ingest.burst=100000000 \
  >"$DATA/runner.log" 2>&1 &
RUNNER=$!
trap 'kill $RUNNER 2>/dev/null; wait $RUNNER 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$PORT/v1/schema" >/dev/null; do
  kill -0 $RUNNER || { cat "$DATA/runner.log"; exit 1; }
  sleep 0.5
done

./mvnw -B -ntp -q -o -pl functions/bench exec:java -Dexec.args="--url http://127.0.0.1:$PORT \
  --key uw_bench_key --paths /bench/raw,/v1/events --seconds 30 --warmup 15 --connections 32 \
  --batch 100 --users 10000 $*"

events_waiting() {
  curl -fs -H "Authorization: Bearer uwa_bench_admin_token" "http://127.0.0.1:$PORT/admin/bus" | python3 -c \
    'import json,sys; t=json.load(sys.stdin)["topics"].get("events",{}); print(t.get("pending",0)+t.get("inFlight",0), t.get("delivered",0))'
}
read -r before delivered_before < <(events_waiting)
sleep "${DRAIN_SECONDS:-20}"
read -r after delivered_after < <(events_waiting)
# one bus message per ingest request, holding its accepted events: the load generator's ids are
# all new, so a message is one batch of --batch events (100 unless given)
BATCH=$(printf '%s\n' "$@" | sed -n '/^--batch$/{n;p;}' | tail -1)
python3 -c 'import sys
before, after, d0, d1, seconds, batch = map(int, sys.argv[1:])
per_second = (d1 - d0) / seconds
print(f"pipeline: {before:,} events messages (ingest requests) waiting after the load, {after:,} {seconds} s later;"
      f" analyze took {per_second:,.1f} messages/s = {per_second * batch:,.0f} events/s"
      f" ({batch} events per message)")' \
  "$before" "$after" "$delivered_before" "$delivered_after" "${DRAIN_SECONDS:-20}" "${BATCH:-100}"
