# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LIBRARY ?=
ARGS ?=

.PHONY: run test lint typecheck unit slow bench bench-check clean bundle install-desktop uninstall-desktop

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# whoosh-reloaded provides the `whoosh` module; a second Whoosh distribution would shadow it.
	@if $(BIN)/python -m pip show whoosh >/dev/null 2>&1; then \
		echo "error: the original 'whoosh' package is installed beside whoosh-reloaded;" \
		     "run: $(BIN)/python -m pip uninstall whoosh" >&2; exit 1; fi
	touch $(STAMP)

## run: open the Papershelf window (LIBRARY=dir for another library; ARGS="search x" for the CLI)
run: $(STAMP)
	$(BIN)/papershelf $(if $(LIBRARY),--library $(LIBRARY)) $(ARGS)

## test: format check, lint, types, layering, then the test suite (slow tests excluded)
test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff format --check desktop tests benchmarks packaging setup.py
	$(BIN)/ruff check desktop tests benchmarks packaging setup.py
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

## slow: the slow-marked tests (crash/kill loops, large inputs)
slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -m slow

## bench: the search benchmark at 10k papers (see docs/performance.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/search.py --papers 10000

## bench-check: the 10k benchmarks' ratios to their floors against benchmarks/baseline.json
## (fails past 1.3x; timings, so not part of `make test`; 2-10 minutes)
bench-check: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py --papers 10000

## screenshots: docs/screenshots/*-{light,dark}.png under Xvfb at 1440x900 (SHOTS="main-window inbox")
.PHONY: screenshots
screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1440x900x24" env QT_QPA_PLATFORM=xcb \
		$(BIN)/python tools/screenshots.py $(if $(SHOTS),--only $(SHOTS))

## bundle: the double-click app, dist/Papershelf/ (PyInstaller one-folder; packaging/README.md)
bundle: $(STAMP)
	@# the `bundle` extra of pyproject.toml (pip cannot install only an extra of an editable install)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.6'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/papershelf.spec
	@du -sh dist/Papershelf

## install-desktop: the launcher, icons and .bib/.ris association for this user (EXEC=program)
install-desktop: $(STAMP)
	$(BIN)/python packaging/linux/install_desktop.py install $(if $(EXEC),--exec $(EXEC))

uninstall-desktop:
	$(PYTHON) packaging/linux/install_desktop.py uninstall

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist *.egg-info
