# The two commands: `make run` and `make test`. Both set everything up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

export DJANGO_DEBUG ?= 1

.PHONY: run test install static migrate load lint format check-migrations bench ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py create_groups

load: migrate
	$(BIN)/python manage.py load_source_data

run: load static
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

static: install
	$(BIN)/python manage.py collectstatic --no-input -v0

# In parallel, one worker per core; each test file runs whole on one worker, so the
# summaries it writes under artifacts/ are never written by two at once.
TEST_WORKERS ?= auto
test: static
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# The load benchmark on PostgreSQL (BENCH_DATABASE_URL) with generated data; needs wrk.
# First the CPU and database time of one uncached request to each endpoint (bench/cpu.md).
bench: install
	$(BIN)/python -m bench.cpu $(BENCH_ARGS)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles
