# Two commands set everything up on a fresh machine:
#   make demo   sample client -> validated data -> every report
#   make test   the whole suite (pytest, doctests, nbval on notebooks/)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO := clients/demo

.PHONY: demo demo-real test lab bench venv clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dask,dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/workbook sample $(DEMO) --seed 7 --force
	$(BIN)/workbook validate $(DEMO)
	$(BIN)/workbook render $(DEMO)

# the public Maven Analytics CRM export (tests/data/maven-crm) through its preset into reports
MAVEN := clients/maven-crm
demo-real: $(STAMP)
	rm -rf $(MAVEN)
	$(BIN)/workbook new $(MAVEN) --preset maven-crm --name "Maven CRM (public sample)"
	cp tests/data/maven-crm/*.csv $(MAVEN)/data/raw/
	$(BIN)/workbook validate $(MAVEN)
	$(BIN)/workbook render $(MAVEN)

test: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax -q

lab: $(STAMP)
	@test -d $(DEMO) || $(BIN)/workbook sample $(DEMO) --seed 7
	WORKBOOK_CLIENT_DIR=$(abspath $(DEMO)) $(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) clients/demo
