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
# Only the tests need these: chromium and chromium-driver run axe-core on the web edition
# in tests/test_browser.py (Debian's own browser: nothing downloads one); gettext gives
# GNU msgfmt, which the tests run on every catalog the i18n commands write (Poedit and
# most tools use the same parser); espeak-ng speaks page 1 of the English and Arabic
# handouts as a screen reader would (tests/test_spoken_text.py); nginx-light and openssl:
# tests/test_serve_connections.py runs the reverse-proxy site of docs/serving.md as
# written, over HTTPS with a throwaway certificate.
TEST_APT_PACKAGES := chromium chromium-driver espeak-ng gettext nginx-light openssl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: build test test-latest lock system-deps test-system-deps venv browser-deps lint check \
	clean

build: system-deps venv
	$(BIN)/fbss-guide build

test: system-deps test-system-deps venv browser-deps
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest

check: venv
	$(BIN)/fbss-guide check --readability

lint: venv
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

# Installs only what is missing, so a second run costs nothing.
define install-missing
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	$(PYTHON) -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

system-deps:
	$(call install-missing,$(APT_PACKAGES))

test-system-deps:
	$(call install-missing,$(TEST_APT_PACKAGES))

venv: $(VENV)/.installed

# Installs exactly the versions in requirements-lock.txt (hash-checked), so every
# machine and every CI run gets the same packages; then the project itself, without
# letting pip resolve anything.
$(VENV)/.installed: requirements-lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements-lock.txt
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

# Refresh the lock after changing a dependency in pyproject.toml, or to take new
# releases on purpose (then run `make test`). pip-tools runs from its own environment.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q --upgrade pip 'pip-tools==7.6.2'
	.venv-lock/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --strip-extras \
		--extra test --all-build-deps --no-emit-index-url --no-emit-find-links \
		-o requirements-lock.txt pyproject.toml

# The tests against the newest release of every dependency (not the lock), in a
# separate environment: shows drift (a new Babel, a new WeasyPrint) as a report
# before it reaches the lock. Not part of CI.
test-latest: system-deps test-system-deps browser-deps
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install -q --upgrade pip
	.venv-latest/bin/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
	.venv-latest/bin/python -m pip list --format=freeze > .venv-latest/versions.txt
	@echo "newest versions: see .venv-latest/versions.txt"
	PATH="$(CURDIR)/.venv-latest/bin:$$PATH" .venv-latest/bin/pytest

# axe-core for the browser test, pinned in tests/browser/package-lock.json; npm ci again
# only when the lock file changes.
BROWSER_DIR := tests/browser
browser-deps: $(BROWSER_DIR)/node_modules/.installed

$(BROWSER_DIR)/node_modules/.installed: $(BROWSER_DIR)/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends npm; }
	cd $(BROWSER_DIR) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

clean:
	rm -rf output $(VENV) .venv-latest .venv-lock .pytest_cache .ruff_cache \
		$(BROWSER_DIR)/node_modules
