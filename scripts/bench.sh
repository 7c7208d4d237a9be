#!/usr/bin/env bash
# Run every benchmark script (benchmarks/*.py and benchmarks/*.sh; files starting with "_"
# are helpers). Stops at the first one that fails.
set -euo pipefail
python=${1:-.venv/bin/python}
shopt -s nullglob
scripts=(benchmarks/[!_]*.py benchmarks/[!_]*.sh)
if [ ${#scripts[@]} -eq 0 ]; then
    echo "No benchmark scripts in benchmarks/." >&2
    exit 1
fi
for script in "${scripts[@]}"; do
    echo "== $script"
    case "$script" in
        *.py) "$python" "$script" ;;
        *.sh) PYTHON="$python" bash "$script" ;;
    esac
done
