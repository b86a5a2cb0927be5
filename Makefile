# Two commands for a newcomer: `make demo` and `make test`. Both create .venv and install first.
#
#   demo   installs the package alone (editable) and runs its command line on examples/.
#   test   lint and mypy on the source; builds the sdist and the wheel, unpacks the sdist
#          without its package folder, and runs its tests against the installed wheel, in two
#          runs side by side: in a venv with the newest dependencies (`suite`, the full suite,
#          on two processes), and in a venv with every runtime dependency at its declared floor
#          (`floors`, the floors profile of tests/conftest.py, without the site build, which
#          `suite` checks).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# uv (from the package index, into .venv by the machine's pip) installs everything else and
# builds the distributions: its resolver and installer take a few seconds where pip's took a
# quarter of `make test`. Like pip's `--no-compile`, it leaves compiling to bytecode to Python,
# which compiles what is imported when it is first imported. `.venv` has no pip of its own:
# `.venv/bin/uv pip install --python .venv/bin/python ...` installs into it.
UV     := $(BIN)/uv
UVPIP  := $(UV) --quiet pip
# uv trusts the machine's certificate store, as pip does (without it, behind a proxy that signs
# with its own certificate authority, uv refuses the package index: UnknownIssuer). The second
# name is the one older releases of uv read.
export UV_SYSTEM_CERTS := 1
export UV_NATIVE_TLS := 1
STAMP  := $(VENV)/.installed-stamp
LINT   := $(VENV)/.lint-stamp
DEV    := $(VENV)/.dev-stamp
# What `make lint` and `make typecheck` install first: the whole dev group, unless `make test`
# says the lint group (TOOLS=$(LINT)).
TOOLS  := $(DEV)
CLI    := $(BIN)/tradecloud-domain
# Where `make test` puts the built distributions, the unpacked sdist and the venvs that install
# the wheel (each made anew when pyproject.toml changes; the wheel itself is reinstalled each run).
DIST   := $(VENV)/dist
CHECK  := $(VENV)/check
TREE   := $(CHECK)/tree
WHEEL  = $$(ls $(DIST)/tradecloud_domain-*.whl)

# The Mermaid release the site carries (docs/assets/vendor/mermaid/), unmodified; `make
# vendor-mermaid` fetches it from the npm registry and checks this digest of mermaid.min.js.
MERMAID_VERSION := 11.17.2
MERMAID_SHA256  := 581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8

.PHONY: demo test test-long lint typecheck dist suite floors unit site docs vectors bench bench-serve \
	fuzz mutation schemas \
	mermaid vendor-mermaid clean

# A venv with uv in it (uv reads dependency groups, PEP 735: `uv pip install --group`).
$(VENV)/.uv-stamp:
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --quiet --disable-pip-version-check --python $(BIN)/python install 'uv>=0.8'
	touch $@

# The package and its runtime dependencies: all that `make demo` needs.
$(STAMP): pyproject.toml $(VENV)/.uv-stamp
	$(UVPIP) install --python $(BIN)/python -e .
	touch $@

# What lint and mypy need (pyproject.toml's `lint` group: ruff, mypy, and the `test` group whose
# packages the tests import), with the package (editable) in the same resolution, so the
# package's stamp too: all that `make test` installs into the tools' venv (the site's packages
# are in the newest wheel venv).
$(LINT): pyproject.toml $(VENV)/.uv-stamp
	$(UVPIP) install --python $(BIN)/python -e . --group lint
	touch $(STAMP) $@

# The tools for working on it (pyproject.toml's `dev` group): the above and mkdocs.
$(DEV): $(LINT)
	$(UVPIP) install --python $(BIN)/python -e . --group dev
	touch $@

demo: $(STAMP)
	@echo "== 1. /order with order-level cancelled: only the lines in the message are cancelled"
	$(CLI) apply order examples/cancel-lines-in-message.order.json --state examples/order.json
	@echo
	@echo "== 2. /order with cancelLineWhenMissing: the lines left out are cancelled"
	$(CLI) apply order examples/cancel-missing-lines.order.json --state examples/order.json
	@echo
	@echo "== 3. /order/indicators with order-level cancelled: all lines, a line-level false wins"
	$(CLI) apply order/indicators examples/cancel-all-lines.indicators.json --state examples/order.json
	@echo
	@echo "== 3b. the same while verification is unavailable: 202, queued"
	$(CLI) apply order/indicators examples/cancel-all-lines.indicators.json --state examples/order.json --verification unavailable
	@echo
	@echo "== 3c. the same for an order Tradecloud does not have: 404 (exit status 3)"
	$(CLI) apply order/indicators examples/cancel-all-lines.indicators.json; test $$? -eq 3
	@echo
	@echo "== 4. a new order, one line cancelled as it is issued; JSON for programs"
	$(CLI) apply order examples/new-order.order.json --format json
	@echo
	@echo "== 5. other indicators: shipped on the whole order, confirmed on one line"
	$(CLI) apply order/indicators examples/confirm-and-ship.indicators.json --state examples/order.json
	@echo
	@echo "== 6. cancel all lines, then revert two of the cancellations (one was Completed)"
	$(CLI) apply order/indicators examples/cancel-all-lines.indicators.json --state examples/order.json --format json \
	  | $(BIN)/python -c "import json, sys; print(json.dumps(json.load(sys.stdin)['order']))" > .venv/demo-state.json
	$(CLI) apply order/revert-cancelled-lines examples/revert-cancelled-lines.json --state .venv/demo-state.json
	@echo
	@echo "== 7. the supplier answers: other dates for a confirmed line (a reopen request), accept, reject"
	$(CLI) apply order-response examples/respond-with-other-dates.order-response.json --state examples/order.json
	$(CLI) apply order-response examples/respond-with-other-dates.order-response.json --state examples/order.json --format json \
	  | $(BIN)/python -c "import json, sys; print(json.dumps(json.load(sys.stdin)['order']))" > .venv/demo-state.json
	@echo
	@echo "== 8. the buyer approves the supplier's reopen request: the new dates are confirmed"
	$(CLI) apply order/approve-reopen-request examples/approve-reopen-request.json --state .venv/demo-state.json
	@echo
	@echo "== 9. goods received: 60 of line 0001's 100 (due 2026-12-01); as of 2026-12-02 it is overdue"
	$(CLI) apply order/deliveries examples/receive-goods.deliveries.json --state examples/order.json --today 2026-12-02
	$(CLI) apply order/deliveries examples/receive-goods.deliveries.json --state examples/order.json --format json \
	  | $(BIN)/python -c "import json, sys; print(json.dumps(json.load(sys.stdin)['order']))" > .venv/demo-state.json
	@echo
	@echo "== 10. the delivery history is replaced: all 100 delivered, 0001 no longer overdue; 0002 now is"
	$(CLI) apply order/deliveryHistory examples/receive-goods.delivery-history.json --state .venv/demo-state.json --today 2026-12-16
	$(CLI) apply order/deliveryHistory examples/receive-goods.delivery-history.json --state .venv/demo-state.json --format json \
	  | $(BIN)/python -c "import json, sys; print(json.dumps(json.load(sys.stdin)['order']))" > .venv/demo-state2.json
	@echo
	@echo "== 11. line 0002 received within tolerance: the delivered indicator marks it Delivered"
	$(CLI) apply order/indicators examples/delivered-within-tolerance.indicators.json --state .venv/demo-state2.json --today 2026-12-16
	@echo
	@echo "== 12. single delivery per order line: 0002 is split from 0001; both views of the order"
	$(CLI) apply order/single-delivery examples/split-line.single-delivery.json --view single-delivery
	@echo
	@echo "== 13. only descriptions and notes change: no status moves; the webhook bodies Tradecloud would POST"
	$(CLI) apply order examples/change-notes.order.json --state examples/order.json
	$(CLI) apply order examples/change-notes.order.json --state examples/order.json --format webhooks --now 2026-11-28T09:30:00Z

# Once uv is there, the installs of the tools' venv and of the dependencies of the two wheel
# venvs run side by side with the build; then lint and mypy; then the two runs of the suite,
# which share the two cores: the full one (on two processes) waits for lint and mypy (STATIC),
# the floors' run (on one) starts as soon as its venv and the wheel are there.
# Output is kept per target. From a fresh clone (`time bash .ci/run`; docs/performance.md, "The
# test loop"): about 100 to 115 s of wall clock and 190 to 200 s of CPU on a shared 2-core machine.
test:
	$(MAKE) --no-print-directory -j4 --output-sync=target suite floors STATIC="lint typecheck" \
	  TOOLS=$(LINT)

lint: $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TOOLS)
	$(BIN)/mypy

# The sdist, the wheel built from it (`uv build`: each in an isolated environment with the
# build backend pyproject.toml requires), and the sdist unpacked without its package folder:
# the tests found there can only import the package (and read its metadata) from the venv that
# installed the wheel.
dist: $(VENV)/.uv-stamp
	rm -rf $(DIST) $(TREE)
	$(UV) build --quiet --out-dir $(DIST) . > $(VENV)/build.log 2>&1 || { cat $(VENV)/build.log; exit 1; }
	mkdir -p $(TREE)
	tar -xzf $(DIST)/tradecloud_domain-*.tar.gz -C $(TREE) --strip-components=1
	rm -r $(TREE)/tradecloud_domain $(TREE)/tradecloud_domain.egg-info
	@ls $(DIST)

# $(call wheel-venv,NAME,REQUIREMENTS,INSTALL ARGUMENTS): a venv for the wheel with the wheel's
# dependencies and testing extra (REQUIREMENTS, read from pyproject.toml by tools/floors.py)
# and the tools the tests need, and nothing from this source tree. Made before the wheel is
# built, which `suite` and `floors` then install without dependencies and check (`uv pip
# check`): the wheel's own metadata must be satisfied by what is there (tests/test_package.py
# reads it too).
define wheel-venv
$(CHECK)/$(1)/.stamp: pyproject.toml $(CHECK)/$(2) $(VENV)/.uv-stamp
	rm -rf $(CHECK)/$(1)
	$(PYTHON) -m venv --without-pip $(CHECK)/$(1)
	$(UVPIP) install --python $(CHECK)/$(1)/bin/python -r $(CHECK)/$(2) $(3)
	touch $$@
endef
$(eval $(call wheel-venv,newest,declared.txt,--group pyproject.toml:test --group pyproject.toml:site))
$(eval $(call wheel-venv,floors,floors.txt,--group pyproject.toml:test --constraint $(CHECK)/floors.txt))

$(CHECK)/floors.txt: pyproject.toml tools/floors.py
	mkdir -p $(CHECK)
	$(PYTHON) tools/floors.py pyproject.toml > $@

$(CHECK)/declared.txt: pyproject.toml tools/floors.py
	mkdir -p $(CHECK)
	$(PYTHON) tools/floors.py --declared pyproject.toml > $@

# The wheel, into the venv of $(1), without dependencies, then checked against what is there.
install-wheel = $(UVPIP) install --python $(CHECK)/$(1)/bin/python --reinstall --no-deps "$(WHEEL)" \
	&& $(UVPIP) check --python $(CHECK)/$(1)/bin/python

# The full suite, once, against the installed wheel with the newest dependencies, on two
# processes (pytest-xdist).
suite: dist $(CHECK)/newest/.stamp $(STATIC)
	$(call install-wheel,newest)
	cd $(TREE) && TRADECLOUD_UNDER_TEST=installed ../newest/bin/pytest -p no:cacheprovider -n 2

# The suite against the wheel with every runtime dependency at its declared floor (the test
# of the floors checks that they are). The floors profile (tests/conftest.py): 15 examples and
# the tests' own budgets scaled alike, since the full run checks the rules' depth; the site
# build is the suite's. It does not wait for lint and mypy (the full run does): it starts as
# soon as its venv and the wheel are there, on a core the installs leave idle.
floors: dist $(CHECK)/floors/.stamp
	$(call install-wheel,floors)
	cd $(TREE) && TRADECLOUD_UNDER_TEST=installed TRADECLOUD_DEPENDENCIES=floors \
	  TRADECLOUD_HYPOTHESIS=floors ../floors/bin/pytest -p no:cacheprovider \
	  --ignore=tests/test_site.py

# The tests against the source tree (editable install), for working on the library.
unit: $(DEV)
	$(BIN)/pytest

# The documentation site, to look at; --strict turns every warning (a broken link) into an error.
site: $(DEV)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

# The property tests with 2,000 examples each instead of 100 (see tests/conftest.py), from the
# source tree: a long, deep run of its own, not part of `make test`.
test-long: $(DEV)
	TRADECLOUD_HYPOTHESIS=long $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/bench.py

# Requests per second through one real `serve` process (exit status 1 when a goal is missed).
bench-serve: $(STAMP)
	$(BIN)/python bench/serve.py

# Coverage-guided fuzzing (not part of `make test`: it runs for a long while). FUZZ_RUNS inputs;
# an input that takes over 10 s or 1 GB counts as a crash.
FUZZ_RUNS ?= 1000000
fuzz: $(STAMP)
	$(UVPIP) install --python $(BIN)/python -e . --group fuzz
	$(BIN)/python fuzz/fuzz_apply.py -atheris_runs=$(FUZZ_RUNS) -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 $(VENV)/fuzz-corpus

# Mutation testing of the rules and apply modules (not part of `make test`: it takes a while).
mutation: $(STAMP)
	$(UVPIP) install --python $(BIN)/python -e . --group mutation
	rm -rf mutants
	TRADECLOUD_HYPOTHESIS=quick $(BIN)/mutmut run --max-children 2 || true
	$(BIN)/mutmut results

# Parse the generated Mermaid diagrams with the site's Mermaid release (needs Node.js and the
# npm registry).
mermaid:
	npm install --silent --no-save --prefix $(VENV)/node mermaid@$(MERMAID_VERSION) jsdom@24
	cp tools/check-mermaid.mjs $(VENV)/node/  # ES modules resolve packages beside the script
	node $(VENV)/node/check-mermaid.mjs docs/rules.md

# Fetch the pinned Mermaid release's single-file build and its licence into the site's assets.
vendor-mermaid:
	rm -rf $(VENV)/mermaid && mkdir -p $(VENV)/mermaid
	cd $(VENV)/mermaid && npm pack --silent mermaid@$(MERMAID_VERSION) && tar -xzf mermaid-$(MERMAID_VERSION).tgz
	echo "$(MERMAID_SHA256)  $(VENV)/mermaid/package/dist/mermaid.min.js" | sha256sum --check
	cp $(VENV)/mermaid/package/dist/mermaid.min.js $(VENV)/mermaid/package/LICENSE docs/assets/vendor/mermaid/

vectors: $(STAMP)
	rm -f vectors/*.json
	$(CLI) vectors vectors

schemas: $(STAMP)
	$(CLI) schema --write schemas

docs: $(STAMP)
	for page in rules errors cli api single-delivery schemas read-model; do $(CLI) docs $$page > docs/$$page.md || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis mutants site
