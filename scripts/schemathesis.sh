#!/usr/bin/env bash
# Fuzz the running API against its own OpenAPI schema with schemathesis.
#
#   BASE_URL=http://127.0.0.1:8011 TOKEN=<key> scripts/schemathesis.sh [extra st options]
#
# TOKEN is an API token of an active user (manage.py drf_create_token USERNAME); .ci/run
# calls this once per role (leader, reviewer, director, planner), splitting MAX_TIME. Fails on
# any 5xx and on any response that breaks the schema (status code, content type, body).
# Bounded: at most MAX_EXAMPLES (25) generated cases per operation per run of the fuzzer,
# and MAX_TIME (100) seconds for the fuzzing phase; schemathesis 4 keeps fuzzing until the
# budget is spent, so that phase takes about MAX_TIME seconds. WORKERS above 4 made
# schemathesis 4.32.5 fail with an internal KeyError in its coverage phase.
# The multipart file uploads (ideas', progress reports' and visits' attachments, and an award
# nomination's evidence) are left out: schemathesis 4.32.5 crashes with a KeyError of its own
# while generating multipart cases for a file upload (seen in CI runs, not every run).
# Uploads are tested in tests/ideas/test_api_attachments.py, tests/rollout/test_attachments.py,
# tests/visits/test_members_and_files.py and tests/awards/test_nomination_evidence.py.
set -euo pipefail

: "${BASE_URL:?set BASE_URL, e.g. http://127.0.0.1:8011}"
: "${TOKEN:?set TOKEN to an API token (manage.py drf_create_token USERNAME)}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
st="${ST:-$here/.venv/bin/st}"

# schemathesis keeps its crash cache (for `st replay`) in ./.schemathesis: keep it out of
# the repository. Run `st replay ID` from this directory.
workdir="${ST_WORKDIR:-${TMPDIR:-/tmp}/schemathesis-api}"
mkdir -p "$workdir"
cd "$workdir"
echo "schemathesis: $BASE_URL, working directory $workdir" >&2

run() {
    "$st" run "${BASE_URL%/}/api/schema/" \
        --header "Authorization: Token ${TOKEN}" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --max-examples "${MAX_EXAMPLES:-25}" \
        --request-timeout 10 \
        --wait-for-schema 30 \
        --generation-database none \
        --exclude-operation-id v1_ideas_attachments_create \
        --exclude-operation-id v1_progress_reports_attachments_create \
        --exclude-operation-id v1_visits_attachments_create \
        --exclude-operation-id v1_nominations_evidence_create \
        --no-color \
        "$@"
}

# Two runs. The coverage phase walks the schema with Python's ast module from several
# threads at once, which CPython 3.11.7 sometimes refuses ("SystemError: AST constructor
# recursion depth mismatch", seen in CI): it gets one worker. The fuzzing phase, where the
# time budget goes, keeps its workers.
run --phases examples,coverage --workers 1 "$@"
run --phases fuzzing --max-time "${MAX_TIME:-100}" --workers "${WORKERS:-4}" "$@"
