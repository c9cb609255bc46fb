#!/usr/bin/env bash
# Zips each function's deployable jar as <out>/<function>.zip and, with a bucket given, uploads it as
# gs://<bucket>/<function>/<version>.zip, the object Terraform deploys (modules/platform).
#   cicd/package-functions.sh <out-dir> [<bucket> <version>]
# A Java Cloud Function deployed from a zip holding only a jar runs that jar as is (no Maven build
# in Cloud Build's function build), so the zip carries the shaded jar of functions/gcp.
set -euo pipefail

# Every function of terraform/modules/platform/catalog.tf (terraform's tests keep the two equal).
FUNCTIONS=(ingest feedback analyze decide compose deliver-email deliver-sms deliver-push sweep learn admin appconfig)
JAR_GLOB="${FUNCTION_JAR_GLOB:-functions/gcp/target/gcp-*-function.jar}"

out="${1:?usage: package-functions.sh <out-dir> [<bucket> <version>]}"
bucket="${2:-}"
version="${3:-}"

shopt -s nullglob
jars=(${JAR_GLOB})
if [[ ${#jars[@]} -ne 1 ]]; then
  echo "expected exactly one jar matching ${JAR_GLOB}, found ${#jars[@]}" >&2
  exit 1
fi

mkdir -p "${out}"
out="$(cd "${out}" && pwd)"
for fn in "${FUNCTIONS[@]}"; do
  staging="$(mktemp -d)"
  cp "${jars[0]}" "${staging}/"
  (cd "${staging}" && python3 -m zipfile -c "${out}/${fn}.zip" .)
  rm -rf "${staging}"
  if [[ -n "${bucket}" ]]; then
    gcloud storage cp "${out}/${fn}.zip" "gs://${bucket}/${fn}/${version:?version required with a bucket}.zip"
  fi
done
