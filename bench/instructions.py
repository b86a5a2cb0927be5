"""Instructions executed by the text path and by start-up, counted with valgrind's callgrind.

CPU time on a shared machine moves by a fifth and more from run to run; the number of
instructions a call executes does not depend on the load. So this script counts them:

    .venv/bin/python bench/instructions.py [--calls 1] [NAME ...]

For each in-process operation NAME (``full``, ``stdlib``, ``json.loads``, ``validate_order``,
``from_json``, ``parse_order``, ``apply``, ``dump_order_text``; all of them by default) it runs
a fresh python under ``valgrind --tool=callgrind`` twice: each run builds the benchmark's
500-line text and cancel message as ``bench/bench.py`` does (``order_text(500, 2)``), warms
every operation up (two calls each), then calls NAME ``--calls`` times in one run and not at all
in the other. The difference, divided by the calls, is the operation's cost per call. It prints
each count and the two ratios of the benchmark's goals: text in, text out against
``json.loads`` + ``json.dumps`` of the same text, and ``validate_order`` against ``json.loads``.

``start-up`` (not run by default) counts whole processes instead: ``python -c pass``,
``python -c "import tradecloud_domain"`` and one CLI call (``python -m tradecloud_domain apply
order/indicators`` on the 4-line state of the benchmark's section 3), each after one unmeasured
run that writes the bytecode caches (``PYTHONDONTWRITEBYTECODE`` is removed).

``--package DIR`` measures the ``tradecloud_domain`` in ``DIR`` (put first on ``PYTHONPATH``),
such as a copy of an earlier commit (``git archive COMMIT tradecloud_domain | tar -x -C DIR``).
Every run has ``PYTHONHASHSEED=0``, so the counts repeat to within a few thousand instructions.
``--keep DIR`` keeps callgrind's output files there, for ``callgrind_annotate``. Needs valgrind;
it is not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The operations measured in process, as bench.py's section 2 times them.
OPERATIONS = (
    "full",
    "stdlib",
    "json.loads",
    "validate_order",
    "from_json",
    "parse_order",
    "apply",
    "dump_order_text",
)

_CHILD = """
import json, sys
sys.path.insert(0, {here!r})
import bench
from tradecloud_domain import apply, from_json, parse_message, parse_order, validate_order
from tradecloud_domain.codec import dump_order_text

text = bench.order_text(500, 2)
cancel = parse_message(
    "order/indicators",
    {{"order": {{"purchaseOrderNumber": bench.PO, "indicators": {{"cancelled": True}}}}}},
)
data = from_json(text)
state = parse_order(data)
after = apply(state, cancel).order


def full():
    return dump_order_text(apply(parse_order(from_json(text)), cancel).order)


operations = {{
    "full": full,
    "stdlib": lambda: json.dumps(json.loads(text)),
    "json.loads": lambda: json.loads(text),
    "validate_order": lambda: validate_order(data),
    "from_json": lambda: from_json(text),
    "parse_order": lambda: parse_order(data),
    "apply": lambda: apply(state, cancel),
    "dump_order_text": lambda: dump_order_text(after),
}}
assert validate_order(data) == ()
for warm in range(2):
    for operation in operations.values():
        operation()
measured = operations[sys.argv[1]]
for _ in range(int(sys.argv[2])):
    measured()
"""


def _environment() -> dict[str, str]:
    """The environment of the measured runs (which start in ``bench/``, so that the package
    comes from ``--package`` or the installed one, not from the current folder)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONHASHSEED"] = "0"
    return env


def instructions(command: list[str], keep: Path | None, label: str) -> int:
    """Instructions executed by ``command`` under callgrind (the total of its ``summary``)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(keep or folder, f"callgrind.{label}.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
            check=True,
            env=_environment(),
            cwd=HERE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        assert found is not None, f"no total in {out}"
        return int(found.group(1))


def per_call(name: str, calls: int, keep: Path | None) -> float:
    """Instructions of one call of ``name``: a run with ``calls`` calls less a run with none."""
    child = [sys.executable, "-c", _CHILD.format(here=str(HERE))]
    label = name.replace(".", "-")
    # One run outside valgrind first, which writes the bytecode caches as an install does.
    subprocess.run([*child, name, "0"], check=True, env=_environment(), cwd=HERE)
    with_calls = instructions([*child, name, str(calls)], keep, f"{label}.{calls}")
    without = instructions([*child, name, "0"], keep, f"{label}.0")
    return (with_calls - without) / calls


def start_up(keep: Path | None) -> dict[str, int]:
    """Instructions of whole processes: bare python, the import, one CLI call."""
    sys.path.insert(0, str(HERE))
    import bench  # noqa: PLC0415 - the benchmark's own state and message
    from tradecloud_domain import dump_order, to_json  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder, "state.json")
        state.write_text(to_json(dump_order(bench.make_order(4))))
        message = Path(folder, "message.json")
        message.write_text(
            to_json({"order": {"purchaseOrderNumber": bench.PO, "indicators": {"cancelled": True}}})
        )
        commands = {
            "bare": [sys.executable, "-c", "pass"],
            "import": [sys.executable, "-c", "import tradecloud_domain"],
            "cli": [
                *(sys.executable, "-m", "tradecloud_domain", "apply", "order/indicators"),
                *(str(message), "--state", str(state)),
            ],
        }
        counts = {}
        for name, command in commands.items():
            subprocess.run(
                command, check=True, env=_environment(), cwd=HERE, stdout=subprocess.DEVNULL
            )
            counts[name] = instructions(command, keep, f"start-{name}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"of {', '.join(OPERATIONS)}, start-up")
    parser.add_argument("--calls", type=int, default=1, help="calls in the measured run")
    parser.add_argument("--keep", type=Path, help="keep callgrind's output files here")
    parser.add_argument(
        "--package", type=Path, help="the folder holding the tradecloud_domain to measure"
    )
    args = parser.parse_args()
    names = args.names or list(OPERATIONS)
    unknown = set(names) - {*OPERATIONS, "start-up"}
    if unknown:
        parser.error(f"unknown names: {', '.join(sorted(unknown))}")
    if args.package is not None:
        os.environ["PYTHONPATH"] = str(args.package.resolve())
    counts: dict[str, float] = {}
    for name in names:
        if name == "start-up":
            started = start_up(args.keep)
            for key, value in started.items():
                print(f"{key:<16}{value / 1e6:10.1f} M instructions (whole process)")
            print(f"{'import - bare':<16}{(started['import'] - started['bare']) / 1e6:10.1f} M")
            print(f"{'cli - bare':<16}{(started['cli'] - started['bare']) / 1e6:10.1f} M")
            continue
        counts[name] = per_call(name, args.calls, args.keep)
        print(f"{name:<16}{counts[name] / 1e6:10.1f} M instructions per call", flush=True)
    if {"full", "stdlib"} <= counts.keys():
        print(
            f"text in, text out / json.loads + json.dumps: {counts['full'] / counts['stdlib']:.2f}x"
        )
    if {"validate_order", "json.loads"} <= counts.keys():
        ratio = counts["validate_order"] / counts["json.loads"]
        print(f"validate_order / json.loads: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
