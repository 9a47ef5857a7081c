#!/usr/bin/env bash
# Installs what the benchmarks compare against, once: pigz, gztool, samtools, igzip (isal) and libdeflate-gunzip
# (libdeflate-tools) from Debian (apt-get, as root or through sudo),
# and the project's virtualenv (notebooks/.venv: rapidgzip, the Python Dataplug, laspy + lazrs, matplotlib).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../bin/debian-packages.sh" benchmarks/setup.sh pigz gztool samtools isal libdeflate-tools libblosc1
"$here/../notebooks/setup-venv.sh"
