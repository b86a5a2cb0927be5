# Two commands for a newcomer: `make demo` and `make test`. Both create .venv and install first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CLI    := $(BIN)/tradecloud-domain

.PHONY: demo test test-long lint typecheck unit site docs vectors bench fuzz mutation mermaid clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

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

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

# The documentation site, built offline; --strict turns every warning (a broken link) into an error.
site: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

test: lint typecheck unit site

# The property tests with 2,000 examples each instead of 100 (see tests/conftest.py).
test-long: $(STAMP)
	TRADECLOUD_HYPOTHESIS=long $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/bench.py

# Coverage-guided fuzzing (not part of `make test`: it runs for a long while). FUZZ_RUNS inputs;
# an input that takes over 10 s or 1 GB counts as a crash.
FUZZ_RUNS ?= 1000000
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[fuzz]'
	$(BIN)/python fuzz/fuzz_apply.py -atheris_runs=$(FUZZ_RUNS) -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 $(VENV)/fuzz-corpus

# Mutation testing of the rules and apply modules (not part of `make test`: it takes a while).
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[mutation]'
	rm -rf mutants
	TRADECLOUD_HYPOTHESIS=quick $(BIN)/mutmut run --max-children 2 || true
	$(BIN)/mutmut results

# Parse the generated Mermaid diagrams with Mermaid 11 (needs Node.js and the npm registry).
mermaid:
	npm install --silent --no-save --prefix $(VENV)/node mermaid@11 jsdom@24
	cp tools/check-mermaid.mjs $(VENV)/node/  # ES modules resolve packages beside the script
	node $(VENV)/node/check-mermaid.mjs docs/rules.md

vectors: $(STAMP)
	rm -f vectors/*.json
	$(CLI) vectors vectors

docs: $(STAMP)
	for page in rules errors cli api read-model; do $(CLI) docs $$page > docs/$$page.md || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis mutants site
