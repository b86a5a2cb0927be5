"""``import tradecloud_domain`` holds only the runtime: what draws diagrams, writes docs, vectors
or test data is imported where it is used."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, cwd: Path | None = None) -> str:
    """What a fresh ``python -c code`` prints; its exit status must be 0."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    return done.stdout


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
    out = _python(code)
    assert json.loads(out) == []


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
    out = _python(code)
    assert int(out) > 0


def test_the_rules_are_built_from_the_machines_when_first_used() -> None:
    """``import tradecloud_domain`` neither imports transitions nor builds the machines; the
    first step a line takes builds them (once) and compiles that step from them."""
    code = (
        "import json, sys\n"
        "import tradecloud_domain as td\n"
        "from tradecloud_domain import machine\n"
        "seen = ['transitions' in sys.modules, machine._machines.cache_info().currsize]\n"
        "status = td.LineStatus(td.ProcessStatus.CONFIRMED, td.LogisticsStatus.OPEN)\n"
        "done = td.step(status, td.Trigger.CANCEL)\n"
        "td.step(status, td.Trigger.COMPLETE)\n"
        "seen += ['transitions' in sys.modules, machine._machines.cache_info().currsize]\n"
        "seen += [done.after.process_status.value, done.rule.id]\n"
        "seen += ['transitions.extensions' in sys.modules]\n"
        "print(json.dumps(seen))\n"
    )
    out = _python(code)
    assert json.loads(out) == [False, 0, True, 1, "Cancelled", "cancel", False]


def test_the_rules_built_first_work_beside_the_extensions_imported_after() -> None:
    """The machines built (without transitions' extensions package) before a user imports the
    extensions: the user gets the whole package, and the rules are unchanged."""
    code = (
        "from tradecloud_domain import machine\n"
        "built = machine.PROCESS_MACHINE, len(machine.STEPS)\n"
        "import transitions.extensions\n"
        "from transitions.extensions import HierarchicalGraphMachine, HierarchicalMachine\n"
        "assert transitions.extensions.nesting.HierarchicalMachine is HierarchicalMachine\n"
        "assert issubclass(HierarchicalGraphMachine, HierarchicalMachine)\n"
        "assert type(built[0]).__name__ == 'HierarchicalMachine'\n"
        "assert machine._compile(machine.PROCESS_MACHINE, machine.PROCESS_REFUSALS,\n"
        "                        machine.PROCESS_TRANSITIONS) == machine.PROCESS_MOVES\n"
        "print(built[1])\n"
    )
    out = _python(code)
    assert int(out) > 0


#: Python defining ``run(route, message, *more)``: the command line's ``apply`` of an example
#: message to the example order, run in-process (run from the project's folder); its exit status
#: and what it printed. ``apply_cancel()`` runs the cancel example.
RUN_CLI = (
    "import contextlib, io\n"
    "from tradecloud_domain import cli\n"
    "def run(route, message, *more):\n"
    "    argv = ['apply', route, 'examples/' + message, '--state', 'examples/order.json']\n"
    "    with contextlib.redirect_stdout(io.StringIO()) as out:\n"
    "        status = cli.main([*argv, *more])\n"
    "    return status, out.getvalue()\n"
    "def apply_cancel():\n"
    "    return run('order/indicators', 'cancel-all-lines.indicators.json')\n"
)


def test_a_call_loads_the_modules_of_its_own_route_and_output() -> None:
    """The command line's ``apply`` of a route other than ``order/single-delivery`` leaves the
    single-delivery module and the generators unimported; the single-delivery view and the
    package's names for it import the module when used."""
    code = (
        "import json, sys\n"
        f"{RUN_CLI}"
        "later = ['tradecloud_domain.single_delivery', 'tradecloud_domain.vectors',\n"
        "         'tradecloud_domain.docgen']\n"
        "status, _ = apply_cancel()\n"
        "seen = [status, [m for m in later if m in sys.modules]]\n"
        "status, out = run('order', 'change-notes.order.json', '--view', 'single-delivery')\n"
        "seen += [status, 'single-delivery view:' in out, later[0] in sys.modules]\n"
        "import tradecloud_domain as td\n"
        "seen += [td.SingleDeliveryOrder.__module__, td.single_delivery_view.__name__]\n"
        "print(json.dumps(seen))\n"
    )
    out = _python(code, cwd=ROOT)
    assert json.loads(out) == [
        0,
        [],
        0,
        True,
        True,
        "tradecloud_domain.single_delivery",
        "single_delivery_view",
    ]


def test_the_single_delivery_route_imports_its_module_when_applied() -> None:
    code = (
        "import json, sys\n"
        "import tradecloud_domain as td\n"
        "before = 'tradecloud_domain.single_delivery' in sys.modules\n"
        "text = open('examples/split-line.single-delivery.json', encoding='utf-8').read()\n"
        "outcome = td.apply(None, td.parse_message('order/single-delivery', td.from_json(text)))\n"
        "print(json.dumps([before, outcome.http_status,\n"
        "                  outcome.order.buyer_order.single_delivery_per_order_line]))\n"
    )
    out = _python(code, cwd=ROOT)
    assert json.loads(out) == [False, 200, True]


def test_the_command_line_process_freezes_what_it_loaded_to_start() -> None:
    """The script and ``python -m`` run :func:`cli.run`, which freezes the objects loaded at
    start-up before running the command; ``main`` called within a longer-lived process leaves
    the collector alone."""
    code = (
        "import gc, json, sys\n"
        "from tradecloud_domain import cli\n"
        "called = gc.get_freeze_count()\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['docs', 'rules'])\n"
        "seen = [called, gc.get_freeze_count()]\n"
        "cli.main = lambda: print(json.dumps([*seen, gc.get_freeze_count() > 0])) or 3\n"
        "cli.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 3
    assert json.loads(done.stdout) == [0, 0, True]
    (script,) = importlib.metadata.entry_points(group="console_scripts", name="tradecloud-domain")
    assert script.value == "tradecloud_domain.cli:run"


def test_simplejson_is_imported_only_to_write_json_values() -> None:
    """Reading JSON and the text writer use the standard library; simplejson (exact ``Decimal``
    numbers in :func:`to_json`) is imported when JSON values are first written."""
    code = (
        "import json, sys\n"
        "import tradecloud_domain as td\n"
        "from tradecloud_domain import codec\n"
        "seen = ['simplejson' in sys.modules]\n"
        'codec.from_json(\'{"a": "\\u00e9"}\')\n'
        "seen.append('simplejson' in sys.modules)\n"
        "seen.append(codec.to_json({'a': codec.Decimal('1.10')}, 0))\n"
        "seen.append('simplejson' in sys.modules)\n"
        "print(json.dumps(seen))\n"
    )
    out = _python(code)
    assert json.loads(out) == [False, False, '{"a":1.10}', True]


def test_cattrs_is_imported_when_the_converter_is_first_needed() -> None:
    """Reading valid JSON (the fast pass) and the command line's table leave cattrs unimported
    (and pathlib, unless something imported it before: an editable install's finder does);
    input the fast pass refuses (the detailed pass), writing JSON values and ``codec.converter``
    import it, and all of them use one converter."""
    code = (
        "import json, sys\n"
        "import tradecloud_domain as td\n"
        "from tradecloud_domain import codec\n"
        f"{RUN_CLI}"
        "had_pathlib = 'pathlib' in sys.modules\n"
        "seen = ['cattrs' in sys.modules]\n"
        "status, out = apply_cancel()\n"
        "seen += [status, 'Cancelled/Cancelled' in out, 'cattrs' in sys.modules]\n"
        "seen.append(('pathlib' in sys.modules) == had_pathlib)\n"
        "try:\n"
        "    td.parse_message('order/indicators', {'order': {'purchaseOrderNumber': 7}})\n"
        "except td.InvalidInput as invalid:\n"
        "    seen.append([p.path for p in invalid.problems])\n"
        "seen.append('cattrs' in sys.modules)\n"
        "seen.append(codec.converter is codec._converter())\n"
        "seen.append(type(codec.converter).__module__)\n"
        "print(json.dumps(seen))\n"
    )
    out = _python(code, cwd=ROOT)
    assert json.loads(out) == [
        False,
        0,
        True,
        False,
        True,
        ["order.purchaseOrderNumber"],
        True,
        True,
        "cattrs.converters",
    ]


def test_writing_json_imports_cattrs_in_a_fresh_process() -> None:
    """The converter is made by the first writer that needs it, with nothing read before."""
    code = (
        "import json, sys\n"
        "import tradecloud_domain as td\n"
        "order = td.Order(td.BuyerOrder('PO1'))\n"
        "seen = ['cattrs' in sys.modules, td.dump_order(order)['buyerOrder']]\n"
        "seen.append('cattrs' in sys.modules)\n"
        "print(json.dumps(seen))\n"
    )
    out = _python(code)
    assert json.loads(out) == [False, {"purchaseOrderNumber": "PO1", "indicators": {}}, True]


#: The modules of the message classes of the routes other than ``/order/indicators``.
LATER_MESSAGES = [
    "tradecloud_domain._order_messages",
    "tradecloud_domain._single_delivery_messages",
    "tradecloud_domain._response_messages",
    "tradecloud_domain._delivery_messages",
    "tradecloud_domain._line_action_messages",
]


def test_a_call_defines_the_message_classes_of_its_own_route() -> None:
    """``import tradecloud_domain`` and a command-line ``apply`` of ``/order/indicators`` define
    no message class of another route; parsing a message of a route, or reading a class's name
    from the package, imports that route's module and no other."""
    code = (
        "import json, sys\n"
        "import tradecloud_domain as td\n"
        "from tradecloud_domain import messages\n"
        f"{RUN_CLI}"
        f"later = {LATER_MESSAGES!r}\n"
        "def loaded():\n"
        "    return [m.rpartition('.')[2] for m in later if m in sys.modules]\n"
        "seen = [loaded(), apply_cancel()[0], loaded()]\n"
        "body = {'order': {'purchaseOrderNumber': 'PO1'},\n"
        "        'lines': [{'position': '1', 'deliveryHistory': []}]}\n"
        "message = td.parse_message('order/deliveryHistory', body)\n"
        "seen += [type(message).__name__, loaded()]\n"
        "seen += [td.ResponseLine.__name__, loaded()]\n"
        "seen.append(td.apply(None, message).http_status)\n"
        "seen.append(len(messages.MESSAGE_TYPES))\n"
        "seen.append(len(loaded()))\n"
        "print(json.dumps(seen))\n"
    )
    out = _python(code, cwd=ROOT)
    assert json.loads(out) == [
        [],
        0,
        [],
        "OrderDeliveryHistoryMessage",
        ["_delivery_messages"],
        "ResponseLine",
        ["_response_messages", "_delivery_messages"],
        404,
        18,
        5,
    ]
