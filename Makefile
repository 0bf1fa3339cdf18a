# Two commands for a fresh Linux machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean bundle bundle-check

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/annotator --demo

test: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check annotator tests benchmarks scripts
	$(BIN)/lint-imports

# The one-folder application in dist/annotator/ (PyInstaller; docs/bundle.md), and its
# smoke test (packaging/smoke.sh: version, import/export, the window offscreen and under Xvfb).
$(VENV)/.bundle-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test,bundle]"
	touch $@

bundle: $(VENV)/.bundle-installed
	QT_QPA_PLATFORM=offscreen $(BIN)/pyinstaller --noconfirm --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/annotator.spec

bundle-check: bundle
	packaging/smoke.sh dist/annotator

bench: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/import_export.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
