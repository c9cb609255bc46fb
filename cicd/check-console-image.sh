#!/usr/bin/env bash
# Builds the console's container image on an empty base as a tarball (functions/console, profile
# console-image-tar: no registry, no base image pulled) and checks what Cloud Run will run: the
# entry point starts ConsoleOnGoogleCloud, port 8080 is exposed, the user is not root, and the
# layers hold the console's classes, its precompiled jte templates, its settings and the htmx and
# ECharts WebJars, and none of the local runner (its classes, DuckDB, SQLite), the stages or their
# provider clients (Twilio, SendGrid, google-genai); then it starts the entry point on the image's
# own class path (this machine's JRE) and asks the startup probe's path. The real image is the
# same layers on eclipse-temurin:17-jre (profile console-image, Cloud Build's step of that name).
#   cicd/check-console-image.sh [<image.tar>]   (with a tarball given, checks it without building)
set -euo pipefail
cd "$(dirname "$0")/.."

image="${1:-functions/console/target/console-image.tar}"
if [[ $# -eq 0 ]]; then
  ./mvnw -B -ntp -q -pl functions/console -am -P console-image-tar package -DskipTests
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar --warning=no-unknown-keyword -xf "$image" -C "$work"
config="$work/config.json"
fail=0
expect() { # <what> <grep -E pattern> <file>
  if ! grep -Eq "$2" "$3"; then
    echo "console image: missing $1" >&2
    fail=1
  fi
}
reject() { # <what> <grep -E pattern> <file>
  if grep -Eq "$2" "$3"; then
    echo "console image: holds $1: $(grep -E "$2" "$3" | head -1)" >&2
    fail=1
  fi
}
expect "the entry point's main class" '"Entrypoint":\[[^]]*"dev\.userwhisperer\.local\.console\.gcp\.ConsoleOnGoogleCloud"' "$config"
expect "port 8080" '"ExposedPorts":\{"8080/tcp"' "$config"
expect "the non-root user" '"User":"65532"' "$config"

for layer in "$work"/*.tar.gz; do
  tar --warning=no-unknown-keyword -tzf "$layer"
done > "$work/files"
expect "the class path file of the entry point" '^app/jib-classpath-file$' "$work/files"
expect "the console's main class" '^app/classes/dev/userwhisperer/local/console/gcp/ConsoleOnGoogleCloud\.class$' "$work/files"
expect "the precompiled jte templates" '^app/classes/gg/jte/generated/precompiled/console/' "$work/files"
expect "the console's settings" '^app/resources/console-on-google-cloud\.properties$' "$work/files"
expect "the console's stylesheet and script" '^app/resources/static/console/assets/console\.js$' "$work/files"
expect "the htmx WebJar" '^app/libs/htmx\.org-[^/]*\.jar$' "$work/files"
expect "the ECharts WebJar" '^app/libs/echarts-[^/]*\.jar$' "$work/files"
expect "the Firestore client" '^app/libs/google-cloud-firestore-[^/]*\.jar$' "$work/files"
reject "DuckDB" '^app/libs/duckdb[^/]*\.jar$' "$work/files"
reject "SQLite" '^app/libs/sqlite-jdbc-[^/]*\.jar$' "$work/files"
reject "the local runner's jar" '^app/libs/local-[^/]*\.jar$' "$work/files"
grep -E '^app/classes/dev/userwhisperer/local/' "$work/files" | grep -Ev '^app/classes/dev/userwhisperer/local/(console/.*)?$' > "$work/runner" || true
reject "the local runner's classes" . "$work/runner"
reject "a stage" '^app/libs/(ingest|analyze|decide|compose|deliver|feedback|sweep|providers|models-bigquery)-[^/]*\.jar$' "$work/files"
reject "a provider client" '^app/libs/(twilio|sendgrid-java|google-genai|angus-mail)-[^/]*\.jar$' "$work/files"
reject "Pub/Sub" '^app/libs/google-cloud-pubsub-[^/]*\.jar$' "$work/files"

if [[ $fail -ne 0 ]]; then
  exit 1
fi

# The console alone starts from the image's class path (nothing else on it) and serves the startup
# probe's path; every client is lazy, so no Google service is asked.
root="$work/root"
mkdir -p "$root" "$work/models"
for layer in "$work"/*.tar.gz; do
  tar --warning=no-unknown-keyword -xzf "$layer" -C "$root"
done
classpath="$(sed "s#/app/#$root/app/#g" "$root/app/jib-classpath-file")"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PORT="$port" WHISPERER_GCP_PROJECT=image-check WHISPERER_BIGQUERY_DATASET=whisperer \
  WHISPERER_BIGQUERY_HOST=http://127.0.0.1:9 WHISPERER_FIRESTORE_EMULATOR_HOST=127.0.0.1:9 \
  WHISPERER_MODELS_DIR="$work/models" WHISPERER_CONSOLE_AUTH=iap \
  WHISPERER_CONSOLE_IAP_AUDIENCE=/projects/1/locations/r/services/console \
  java -cp "$classpath" dev.userwhisperer.local.console.gcp.ConsoleOnGoogleCloud > "$work/console.log" 2>&1 &
console=$!
trap 'kill "$console" 2>/dev/null; rm -rf "$work"' EXIT
status=000
for _ in $(seq 1 120); do
  status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/console/login" || true)"
  if [[ "$status" != 000 ]] || ! kill -0 "$console" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if [[ "$status" == 000 || "$status" -ge 500 ]]; then
  echo "console image: ConsoleOnGoogleCloud did not serve /console/login from the image's class path (HTTP $status):" >&2
  tail -40 "$work/console.log" >&2
  exit 1
fi

if [[ $fail -ne 0 ]]; then
  exit 1
fi
echo "console image layout: $(wc -l < "$work/files") files in $(ls "$work"/*.tar.gz | wc -l) layers ($(( $(stat -c %s "$image") / 1000000 )) MB), entry point and port as Cloud Run needs, no runner, stage, provider client, DuckDB or SQLite; started from its class path, /console/login answered $status"
