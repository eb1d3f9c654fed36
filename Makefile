# The README's two commands: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site serve check test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) build.py

serve: $(STAMP)
	$(PY) build.py serve

check: $(STAMP)
	$(PY) build.py check

test: $(STAMP)
	$(PY) -m ruff check plansite tests benchmarks build.py
	$(PY) -m mypy --strict plansite
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf site .plansite-cache
