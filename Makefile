# ec2lab task runner. `make tour` and `make test` set everything up on first use; every
# target can be run again safely. Nothing is installed outside .venv/.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
DEPS := $(VENV)/.deps-installed
BUILT := $(VENV)/.extension-built
RUST_INPUTS := $(shell find src -type f 2>/dev/null) Cargo.toml $(wildcard Cargo.lock) pyproject.toml
NOTEBOOKS := $(wildcard notebooks/*.ipynb)
BENCHES := $(wildcard bench/*.py)
PIP := $(VPY) -m pip --quiet --disable-pip-version-check

.PHONY: setup tour test test-rust test-python test-py39 test-notebooks bench fmt clean

## setup: create .venv, install the development tools and build the extension into it
setup: $(BUILT)

$(DEPS): requirements-dev.txt
	@echo "==> preparing $(VENV) (development tools)"
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	@$(PIP) install -r requirements-dev.txt
	@# notebooks whose kernelspec is "python3" run with this venv's python
	@$(VPY) -m ipykernel install --sys-prefix --name python3 > /dev/null
	@touch $@

$(BUILT): $(DEPS) $(RUST_INPUTS)
	@echo "==> building the extension (maturin develop --release)"
	@VIRTUAL_ENV="$(CURDIR)/$(VENV)" $(VENV)/bin/maturin develop --release --quiet
	@touch $@

## tour: the narrated tour
tour: setup
	@$(VPY) -m ec2lab tour

## test: every test (Rust, Python, notebooks); runs them all, fails if any failed
test: setup
	@status=0; \
	$(MAKE) --no-print-directory test-rust || status=1; \
	$(MAKE) --no-print-directory test-python || status=1; \
	$(MAKE) --no-print-directory test-py39 || status=1; \
	$(MAKE) --no-print-directory test-notebooks || status=1; \
	exit $$status

test-rust:
	@echo "==> cargo test"
	@cargo test --quiet

test-python: setup
	@echo "==> pytest tests/python"
	@$(VPY) -m pytest -q tests/python

## test-py39: the abi3 wheel on Python 3.9 (the oldest supported), if the machine has one
PY39 := $(shell for p in python3.9 $$HOME/.pyenv/versions/3.9*/bin/python3.9; do $$p -c 'import venv' >/dev/null 2>&1 && { command -v $$p; break; }; done)
test-py39: setup
ifneq ($(PY39),)
	@echo "==> pytest tests/py39 on $$($(PY39) --version)"
	@test -x .venv39/bin/python || $(PY39) -m venv .venv39
	@rm -rf target/wheels && $(VENV)/bin/maturin build --release --quiet -o target/wheels 2>/dev/null
	@.venv39/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall target/wheels/ec2lab-*.whl "pytest>=8"
	@.venv39/bin/python -m pytest -q -p no:cacheprovider tests/py39
else
	@echo "==> no python3.9 here: skipping the Python 3.9 smoke test"
endif

test-notebooks: setup
ifneq ($(NOTEBOOKS),)
	@echo "==> pytest --nbmake notebooks/"
	@$(VPY) -m pytest -q --nbmake notebooks/
else
	@echo "==> no notebooks yet"
endif

## bench: the benchmark scripts in bench/
bench: setup
	@$(PIP) install -r bench/requirements.txt
ifneq ($(BENCHES),)
	@for f in $(BENCHES); do echo "==> $$f"; $(VPY) $$f || exit 1; done
else
	@echo "==> no bench/*.py scripts yet"
endif

## fmt: format the Rust sources
fmt:
	@cargo fmt --all

clean:
	@rm -rf $(VENV) .venv39 python/ec2lab/_core*.so
