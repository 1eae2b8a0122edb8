# Tremplin — every target installs what it needs first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install demo test lint audit benchmarks run worker beat clean data check-data models

install: $(STAMP)

# Re-installs only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

demo: install
	$(BIN)/python manage.py demo --port $(PORT)

# The suite runs on the real PostgreSQL and Redis (CI's machine has both on 127.0.0.1); variables
# already set in the environment win over these defaults.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tremplin
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
test: export DATABASE_URL ?= $(TEST_DATABASE_URL)
test: export CELERY_BROKER_URL ?= $(TEST_BROKER_URL)
test: export REDIS_URL ?= $(TEST_REDIS_URL)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	@echo "manage.py check --deploy (production settings)"
	@TREMPLIN_ENV=production ALLOWED_HOSTS=tremplin.example.org PRIVACY_CONTACT_EMAIL=dpo@tremplin.example.org \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Known vulnerabilities in the installed, pinned dependencies (PyPI's advisory data, or OSV with
# AUDIT_ARGS="--vulnerability-service osv"). --strict: a package that could not be checked fails the run
# rather than passing silently (a registry mirror without PyPI's JSON API cannot answer).
audit: install
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off $(AUDIT_ARGS)

benchmarks: install
	$(BIN)/python -m benchmarks $(BENCH)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(BIN)/celery -A backend worker -Q default,nlp,matching -l info

beat: install
	$(BIN)/celery -A backend beat -l info

# Rebuilds every committed reference file, each by its one builder, in dependency order (the list:
# scripts/rebuild.py; most read ../shared/data; the ROME classifier alone takes many minutes).
data: install
	$(BIN)/python scripts/rebuild.py

# Writes nothing: names every committed reference file its builder would write differently (the suite
# checks all but the ROME classifier, tests/scripts/test_rebuild.py).
check-data: install
	$(BIN)/python scripts/rebuild.py --check

# Retrains every model the project ships from ../shared/data and the committed taxonomy (each build is
# byte-identical for unchanged inputs), then the territory sample, which reads the ROME classifier.
# Run after the taxonomy changed.
models: install
	$(BIN)/python scripts/rebuild.py skill_vectors skill_implications skill_ranker facts_models rome_model territory_sample

clean:
	rm -rf $(VENV) staticfiles media db.sqlite3
