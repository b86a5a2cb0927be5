"""``import tradecloud_domain`` holds only the runtime: what draws diagrams, writes docs, vectors
or test data is imported where it is used."""

from __future__ import annotations

import json
import subprocess
import sys

#: Modules the runtime must not pull in: transitions' extensions package (diagrams, locking,
#: asyncio), the generators of docs and vectors, and the testing kit with hypothesis.
NOT_AT_IMPORT = [
    "asyncio",
    "transitions.extensions",
    "tradecloud_domain.docgen",
    "tradecloud_domain.vectors",
    "tradecloud_domain.testing",
    "hypothesis",
]


def test_import_loads_only_the_runtime() -> None:
    code = (
        "import json, sys, tradecloud_domain\n"
        f"print(json.dumps([m for m in {NOT_AT_IMPORT!r} if m in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_the_rules_work_without_the_extensions_and_beside_them() -> None:
    """The rules' machine is transitions' own HierarchicalMachine; importing transitions'
    extensions afterwards still gives users the whole package."""
    code = (
        "from tradecloud_domain import machine\n"
        "from transitions.extensions import HierarchicalGraphMachine, HierarchicalMachine\n"
        "import transitions.extensions\n"
        "assert transitions.extensions.nesting.HierarchicalMachine is HierarchicalMachine\n"
        "assert type(machine.PROCESS_MACHINE).__name__ == 'HierarchicalMachine'\n"
        "assert issubclass(HierarchicalGraphMachine, HierarchicalMachine)\n"
        "print(len(machine.STEPS))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(done.stdout) > 0
