#!/usr/bin/env bash
# Installs those of the Debian packages named that are not installed yet (apt-get, as root or through sudo).
# usage: bin/debian-packages.sh WHO PACKAGE...   (WHO names the caller in messages)
set -euo pipefail
who="$1"
shift
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
(( ${#missing[@]} )) || exit 0
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "$who: needs ${missing[*]} (Debian packages); install them as root" >&2; exit 1; }
  sudo="sudo"
fi
echo "$who: installing ${missing[*]} from Debian" >&2
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
  || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }
