# One task runner. README names two targets: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the build needs: Pango for WeasyPrint, HarfBuzz subsetting (2-3x faster
# font subsetting), the Noto fonts named in templates/print.css (Latin, Arabic, CJK),
# fontconfig to find them, poppler-utils for pdftotext/pdftoppm used by checks and docs,
# gettext for `msgfmt --check`, the reference parser every catalog must pass.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
	fonts-noto-core fonts-noto-cjk poppler-utils gettext
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: build test system-deps venv lint check clean

build: system-deps venv
	$(BIN)/fbss-guide build

test: system-deps venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest

check: venv
	$(BIN)/fbss-guide check --readability

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# Installs only what is missing, so a second run costs nothing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	$(PYTHON) -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf output $(VENV) .pytest_cache .ruff_cache
