#!/usr/bin/env bash
# Run every benchmark script (benchmarks/*.py and *.sh; files starting with "_" are helpers),
# or only those given after the interpreter. Stops at the first one that fails.
#
# Without DATABASE_URL, and with PostgreSQL answering on 127.0.0.1:5432, each script gets a
# database of its own, bench_<name>, created when missing and kept, so that a script that
# fills a large data set once reuses it on the next run. With DATABASE_URL set, every
# script uses that database.
set -euo pipefail
python=${1:-.venv/bin/python}
shift || true
shopt -s nullglob
if [ $# -gt 0 ]; then
    scripts=("$@")
else
    scripts=(benchmarks/[!_]*.py benchmarks/[!_]*.sh)
fi
if [ ${#scripts[@]} -eq 0 ]; then
    echo "No benchmark scripts in benchmarks/." >&2
    exit 1
fi

own_database=false
if [ -z "${DATABASE_URL:-}" ] && command -v pg_isready >/dev/null \
    && pg_isready -q -h 127.0.0.1 -p 5432; then
    own_database=true
fi

for script in "${scripts[@]}"; do
    echo "== $script"
    env=()
    if $own_database; then
        name=$(basename "${script%.*}")
        if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
            createdb -h 127.0.0.1 -U postgres "$name"
        fi
        env=(DATABASE_URL="postgres://postgres@127.0.0.1:5432/$name")
        echo "   database: $name"
    fi
    case "$script" in
        *.py) env "${env[@]}" "$python" "$script" ;;
        *.sh) env "${env[@]}" PYTHON="$python" bash "$script" ;;
    esac
done
