# Every target installs what it needs first, so each works on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The suite is safe in parallel: each xdist worker gets its own test database, live server
# and browser. Override with `make test PYTEST_ARGS="-p no:xdist -x"`.
PYTEST_ARGS ?= -n 2 -rfEs --durations=10
# libreoffice-calc-nogui: tests/exports opens the Excel exports in a real spreadsheet program.
# libpango-1.0-0 libpangoft2-1.0-0: WeasyPrint (the briefing book, the year-end visits report)
# lays text out with Pango; poppler-utils: the tests read the PDFs back with pdftotext.
TEST_SYSTEM_PACKAGES := chromium fonts-nanum gettext libreoffice-calc-nogui libpango-1.0-0 libpangoft2-1.0-0 poppler-utils

.DEFAULT_GOAL := help
.PHONY: help install lock messages run test lint typecheck format bench deploy-check

help:
	@echo "make install       create $(VENV), install the project and compile translations"
	@echo "make run           install, migrate, load the demo data, serve http://127.0.0.1:8000"
	@echo "make test          install, ensure chromium/fonts-nanum/gettext/LibreOffice, run the suite"
	@echo "make lint          ruff check and ruff format --check"
	@echo "make lock          re-resolve the lock files from pyproject.toml (UPGRADE=1: newest versions)"
	@echo "make typecheck     mypy (django-stubs) over services, selectors and permissions"
	@echo "make bench         run every script in benchmarks/ (or BENCH=benchmarks/x.py)"
	@echo "make deploy-check  manage.py check --deploy under production-like settings"

install: $(VENV)/.installed messages

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (Debian 12: apt-get install python3)" >&2; exit 1; }
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || scripts/apt-ensure.sh python3.11-venv
	$(PYTHON) -m venv $(VENV)

# Installs the exact versions of the lock file (requirements/dev.txt, made from
# pyproject.toml by `make lock`), then the project itself without resolving again.
# Re-installs only when the lock file or pyproject.toml changes.
$(VENV)/.installed: requirements/dev.txt pyproject.toml | $(PY)
	@echo "Installing the project into $(VENV) (log: $(VENV)/pip.log)"
	@{ $(PY) -m pip install --disable-pip-version-check -r requirements/dev.txt \
		&& $(PY) -m pip install --disable-pip-version-check --no-deps -e . ; } >$(VENV)/pip.log 2>&1 \
		|| { cat $(VENV)/pip.log; exit 1; }
	@touch $@

# The lock files: requirements/base.txt (production: the Dockerfile) and requirements/dev.txt
# (make install, CI), resolved from pyproject.toml for Python 3.11 on Linux by uv.
# `make lock` keeps the pinned versions that still satisfy pyproject.toml;
# `make lock UPGRADE=1` moves every package to its newest allowed version.
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --quiet $(if $(UPGRADE),--upgrade)
lock: | $(PY)
	@$(PY) -m pip install --disable-pip-version-check --quiet 'uv>=0.9,<1'
	$(LOCK) -o requirements/base.txt
	$(LOCK) --extra dev -o requirements/dev.txt

# .mo files are not committed; compilemessages skips catalogues that are up to date. It runs
# without settings (it finds every locale/ folder itself), so DATABASE_URL & co. don't matter.
messages: $(VENV)/.installed
	@if find . -path ./$(VENV) -prune -o -name '*.po' -print | grep -q .; then \
		scripts/apt-ensure.sh gettext && \
		env -u DJANGO_SETTINGS_MODULE $(VENV)/bin/django-admin compilemessages -v 0 \
			--ignore=$(VENV) --ignore=node_modules --ignore=staticfiles; \
	fi

run: install
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	@scripts/apt-ensure.sh $(TEST_SYSTEM_PACKAGES)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# pandas (the `bench` extra) is a baseline of the export benchmark, not a runtime dependency.
$(VENV)/.bench-installed: pyproject.toml | $(VENV)/.installed
	@echo "Installing the bench extra into $(VENV) (log: $(VENV)/pip-bench.log)"
	@$(PY) -m pip install --disable-pip-version-check -e '.[dev,bench]' >$(VENV)/pip-bench.log 2>&1 \
		|| { cat $(VENV)/pip-bench.log; exit 1; }
	@touch $@

bench: install $(VENV)/.bench-installed
	@scripts/bench.sh $(PY) $(BENCH)

deploy-check: install
	@scripts/deploy-check.sh $(PY)
