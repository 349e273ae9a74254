# Quick start: `make run` serves the site with demo data, `make test` runs every check.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt | cksum | cut -d' ' -f1)
PYTHON ?= python3

.PHONY: install messages makemessages run test test-postgres lint format lock bench bench-ab soak backup

# Every file is checked against the hashes pinned in requirements-dev.txt (pip itself included:
# the venv's own copy is replaced by the pinned one).
$(STAMP): requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP) messages

# The English and Arabic translations (locale/*/django.po) compiled into the .mo files Django
# reads; the .mo files are build artefacts. msgfmt comes with GNU gettext.
messages: $(STAMP)
	command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# After changing a French text in the code or the templates: refresh the .po files, then
# translate every new or changed message (an empty or fuzzy message fails the tests). The
# CCAS staff pages (orientation, network) are in French only.
makemessages: install
	$(PY) manage.py makemessages -l en -l ar --no-obsolete --ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles \
		--ignore=network --ignore=orientation --ignore=templates/network --ignore=templates/orientation

# make run PORT=8123 serves on another port.
PORT ?= 8000
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# The pinned dependencies checked against PyPI's vulnerability database by pip-audit
# (AUDIT_OPTIONS="--vulnerability-service osv" for OSV's). Fails, saying so in one sentence, when
# the database cannot be reached: nothing was checked then (dependency_audit.py).
.PHONY: audit
audit: install
	$(PY) dependency_audit.py $(AUDIT_OPTIONS)

# The same suite against PostgreSQL (used by .ci/run when a server answers).
PG_URL ?= postgres://postgres@127.0.0.1:5432/roubaix_aide
test-postgres: install
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-pin dependencies after editing pyproject.toml, each with the hashes of its files, which
# every install then checks. pip and setuptools are pinned too (--allow-unsafe): a requirement
# left unpinned would make the hash-checking install refuse the whole file.
LOCK := $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	--generate-hashes --allow-unsafe
lock: install
	$(LOCK) -o requirements.txt pyproject.toml
	$(LOCK) --extra dev -o requirements-dev.txt pyproject.toml

# Public pages (and the /donnees/ exports) at 15, 1,000 and 10,000 synthetic associations, on
# SQLite and PostgreSQL, into BENCHMARKS.md (bench/run.py); quick run: make bench
# BENCH_SIZES=15,1000. Installs wrk if missing. Then the exports' time and peak memory in-process
# at 10,000 (bench/exports.py; BENCH_DATABASE_URL=postgres://… for PostgreSQL), the CSV import's
# rows per second (bench/imports.py, 2,000 rows; --rows 50000 for the large file). Then the soak.
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) \
		|| echo "wrk not installed: the bench falls back to a slower Python load generator"
	BENCH_SIZES=$(BENCH_SIZES) $(PY) -m bench.run
	$(PY) bench/exports.py
	$(PY) bench/imports.py
	$(PY) -m bench.soak

# A minute of distinct searches and filters under gunicorn with 32 connections, a SIGHUP to the
# master halfway, on PostgreSQL (a database of its own, dropped afterwards): fails on any failed
# request or a worker's memory up by more than 10 %; into the Soak section of BENCHMARKS.md
# (bench/soak.py). About 2 minutes; BENCH_SOAK_SECONDS=20 make soak for a quick run.
soak: install
	$(PY) -m bench.soak

BENCH_SIZES ?= 15,1000,10000

# make bench-ab REF=<commit>: the public pages of REF's code against the working tree's,
# interleaved in one run, at AB_SIZES associations on PostgreSQL (bench/ab.py), into the A/B
# section of BENCHMARKS.md (the rest of the file is kept).
AB_SIZES ?= 15,1000
bench-ab: install
	AB_SIZES=$(AB_SIZES) $(PY) -m bench.ab $(REF)

# A backup of the database in backups/: pg_dump on PostgreSQL, compressed JSON on SQLite.
backup: install
	$(PY) manage.py backup
