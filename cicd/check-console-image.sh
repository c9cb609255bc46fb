#!/usr/bin/env bash
# Builds the console's container image on an empty base as a tarball (functions/local, profile
# console-image-tar: no registry, no base image pulled) and checks what Cloud Run will run: the
# entry point starts ConsoleOnGoogleCloud, port 8080 is exposed, the user is not root, and the
# layers hold the console's classes, its precompiled jte templates, application.yml and the
# htmx and ECharts WebJars. The real image is the same layers on eclipse-temurin:17-jre
# (profile console-image, Cloud Build's step of that name).
#   cicd/check-console-image.sh [<image.tar>]   (with a tarball given, checks it without building)
set -euo pipefail
cd "$(dirname "$0")/.."

image="${1:-functions/local/target/console-image.tar}"
if [[ $# -eq 0 ]]; then
  ./mvnw -B -ntp -q -pl functions/local -am -P console-image-tar package -DskipTests
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
expect "the entry point's main class" '"Entrypoint":\[[^]]*"dev\.userwhisperer\.local\.console\.gcp\.ConsoleOnGoogleCloud"' "$config"
expect "port 8080" '"ExposedPorts":\{"8080/tcp"' "$config"
expect "the non-root user" '"User":"65532"' "$config"

for layer in "$work"/*.tar.gz; do
  tar --warning=no-unknown-keyword -tzf "$layer"
done > "$work/files"
expect "the class path file of the entry point" '^app/jib-classpath-file$' "$work/files"
expect "the console's main class" '^app/classes/dev/userwhisperer/local/console/gcp/ConsoleOnGoogleCloud\.class$' "$work/files"
expect "the precompiled jte templates" '^app/classes/gg/jte/generated/precompiled/console/' "$work/files"
expect "application.yml" '^app/resources/application\.yml$' "$work/files"
expect "the htmx WebJar" '^app/libs/htmx\.org-[^/]*\.jar$' "$work/files"
expect "the ECharts WebJar" '^app/libs/echarts-[^/]*\.jar$' "$work/files"
expect "the Firestore client" '^app/libs/google-cloud-firestore-[^/]*\.jar$' "$work/files"

if [[ $fail -ne 0 ]]; then
  exit 1
fi
echo "console image layout: $(wc -l < "$work/files") files in $(ls "$work"/*.tar.gz | wc -l) layers, entry point and port as Cloud Run needs"
