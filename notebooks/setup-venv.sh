#!/usr/bin/env bash
# Creates notebooks/.venv with PySpark 3.5 and Jupyter's headless runner, once; again only when requirements change.
#   setup-venv.sh spark-4.0   creates notebooks/.venv-spark-4.0 from requirements-spark-4.0.txt (PySpark 4.0) instead.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
flavour="${1:-}"
venv="$here/.venv${flavour:+-$flavour}"
requirements="$here/requirements${flavour:+-$flavour}.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/jupyter" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
"$venv/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null
echo "$want" > "$stamp"
