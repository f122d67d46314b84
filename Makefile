# Two commands set everything up on a fresh machine:
#   make demo   sample client -> validated data -> every report
#   make test   the whole suite (pytest, doctests, nbval on notebooks/)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO := clients/demo

.PHONY: demo demo-real test lab bench venv clean lock browser

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# every version pinned by constraints.txt (refresh with `make lock`), so two machines run the same kit
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dask,dev]"
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

# the browser tests (Voila pages, JupyterLab) drive Debian's chromium
CHROMIUM := /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium for the browser tests (apt-get, about a minute)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; \
	else \
	  echo "the browser tests need Debian's chromium: run  sudo apt-get install -y chromium  and then make test again" >&2; \
	  exit 1; \
	fi

test: $(STAMP) browser
	$(BIN)/python -m pytest -n auto --dist loadscope --nbval-lax -q --durations=15

# refresh the pinned versions: a fresh venv resolves pyproject.toml's ranges, its versions become the lock
lock:
	rm -rf .venv-lock
	$(PY) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e ".[dask,dev]"
	.venv-lock/bin/python -m pip freeze --exclude-editable --exclude sales-workbook-kit \
	  | sed -e '1i # pinned versions of every package `make demo` and `make test` install; refreshed by `make lock`' \
	  > constraints.txt
	rm -rf .venv-lock

lab: $(STAMP)
	@test -d $(DEMO) || $(BIN)/workbook sample $(DEMO) --seed 7
	$(BIN)/workbook lab $(DEMO)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) clients/demo
