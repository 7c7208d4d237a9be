#!/usr/bin/env bash
# `manage.py check --deploy` under production settings. Variables already set (say, a real
# DATABASE_URL) are kept; the rest get production-like values, so any warning is ours.
set -euo pipefail
python=${1:-.venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DJANGO_SETTINGS_MODULE=config.settings.base
export DATABASE_URL=${DATABASE_URL:-sqlite:///$tmp/deploy-check.sqlite3}
export DEBUG=${DEBUG:-false}
export SECRET_KEY=${SECRET_KEY:-$("$python" -c 'import secrets; print(secrets.token_urlsafe(64))')}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-innovation.example.go.kr}
export CSRF_TRUSTED_ORIGINS=${CSRF_TRUSTED_ORIGINS:-https://innovation.example.go.kr}
"$python" manage.py check --deploy --fail-level WARNING
