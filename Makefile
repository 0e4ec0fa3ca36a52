# Two commands for a new user: `make run` (dashboard on the demo database) and `make test`.
# Both start with `make setup`, which installs only what is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-stamp
APT_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DB ?= data/disclosure.duckdb
DEMO ?= data/demo
PORT ?= 8501
# what the demo database is built from: rebuilt only when one of these changed
DB_SOURCES := $(shell find disclosure -type f \( -name '*.py' -o -name '*.sql' -o -name '*.csv' \)) \
	data/agencies.csv $(wildcard data/samples/*)

.PHONY: setup apt run test db clean

setup: apt $(STAMP)

# Debian packages: chromium (chart export, browser tests), CJK fonts, LibreOffice (.doc/.wps; Calc
# opens the CSV/XLSX exports in tests),
# poppler (PDF tools for tests). Checked one by one; apt runs only when one is missing.
apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

db: setup $(DB)

# The demo database: the generated city (disclosure demo) and the real reports in data/samples,
# ingested through the real pipeline into a temporary file that replaces the database only
# when complete. Ingest exits 1 when some files failed (listed, and kept in ingest_errors):
# the database is still built; any other failure stops.
$(DB): $(STAMP) $(DB_SOURCES)
	rm -f $(DB).tmp $(DB).tmp.wal
	$(BIN)/disclosure demo --out $(DEMO)
	$(BIN)/disclosure ingest $(DEMO)/docs data/samples --db $(DB).tmp --registry $(DEMO)/agencies.csv; \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc
	mv -f $(DB).tmp $(DB)

run: db
	$(BIN)/disclosure serve --db $(DB) --port $(PORT)

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DB) $(DB).tmp $(DEMO)
