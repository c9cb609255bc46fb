#!/usr/bin/env bash
# Installs the pinned Terraform CLI into <dir>, checked against HashiCorp's published SHA-256 sums.
#   cicd/install-terraform.sh <version> <dir>
set -euo pipefail

version="${1:?version}"
dir="${2:?install dir}"
base="https://releases.hashicorp.com/terraform/${version}"
zip="terraform_${version}_linux_amd64.zip"

tmp="$(mktemp -d)"
curl -fsSLo "${tmp}/${zip}" "${base}/${zip}"
curl -fsSLo "${tmp}/SHA256SUMS" "${base}/terraform_${version}_SHA256SUMS"
(cd "${tmp}" && grep " ${zip}\$" SHA256SUMS | sha256sum -c -)
mkdir -p "${dir}"
python3 -m zipfile -e "${tmp}/${zip}" "${dir}"
chmod +x "${dir}/terraform"
"${dir}/terraform" version
