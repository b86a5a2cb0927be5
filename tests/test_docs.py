"""Docs that cannot drift: generated pages are fresh, examples run, decisions are pinned."""

from __future__ import annotations

import ast
import doctest
import re
from pathlib import Path

import pytest

import tradecloud_domain
from tradecloud_domain.docgen import ERROR_EXAMPLES, PAGES, rules_page
from tradecloud_domain.errors import RULE_CODES
from tradecloud_domain.machine import RULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.mark.parametrize("name", list(PAGES))
def test_generated_pages_are_fresh(name: str) -> None:
    committed = (DOCS / f"{name}.md").read_text(encoding="utf-8")
    assert committed == PAGES[name](), f"docs/{name}.md is stale: run `make docs`"


def test_every_rule_code_has_an_example_that_produces_it() -> None:
    assert list(ERROR_EXAMPLES) == list(RULE_CODES)
    for code, (_, _, check) in ERROR_EXAMPLES.items():
        assert code in {problem.code for problem in check()}, code


def test_rules_page_names_every_rule() -> None:
    page = rules_page()
    for rule_id in RULES:
        assert f"`{rule_id}`" in page


def test_package_docstring_example_runs() -> None:
    result = doctest.testmod(tradecloud_domain, raise_on_error=False)
    assert result.attempted > 0
    assert result.failed == 0


def _tests_defined() -> set[str]:
    names = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {
            f"tests/{path.name}::{node.name}"
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        }
    return names


def test_every_decision_is_pinned_by_a_test_that_exists() -> None:
    text = (DOCS / "decisions.md").read_text(encoding="utf-8")
    decisions = re.findall(r"^## (D\d+)\.", text, flags=re.MULTILINE)
    pinned = re.findall(r"^- \*\*Pinned by\*\*: (.+)$", text, flags=re.MULTILINE)
    assert len(decisions) == len(pinned) > 0
    defined = _tests_defined()
    for line in pinned:
        names = re.findall(r"`([^`]+)`", line)
        assert names, line
        for name in names:
            assert name in defined, f"decisions.md names a test that does not exist: {name}"


def test_rules_that_cite_a_decision_point_at_one_that_exists() -> None:
    text = (DOCS / "decisions.md").read_text(encoding="utf-8")
    existing = set(re.findall(r"^## (D\d+)\.", text, flags=re.MULTILINE))
    for rule in RULES.values():
        for cited in re.findall(r"decision (D\d+)", rule.text):
            assert cited in existing, (rule.id, cited)
