#!/usr/bin/env bash
# Installs what the benchmarks compare against, once: pigz, gztool and samtools from Debian (apt-get, as root or through sudo),
# and the project's virtualenv (notebooks/.venv: rapidgzip, the Python Dataplug, laspy + lazrs, matplotlib).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
missing=()
for tool in pigz gztool samtools; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if (( ${#missing[@]} )); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "benchmarks/setup.sh: needs ${missing[*]} (Debian packages); install them as root" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "benchmarks/setup.sh: installing ${missing[*]} from Debian" >&2
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi
"$here/../notebooks/setup-venv.sh"
