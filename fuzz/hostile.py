"""The hostile inputs of docs/robustness.md, each run through the command line as a user would.

    .venv/bin/python fuzz/hostile.py          # prints the table of docs/robustness.md

Each case is a command line with its input (a file, a stream, closed standard streams, a full
disk, an encoding); the script runs it in a fresh process and reports its exit status, its wall
time, its peak memory (maximum resident set size) and how much it wrote. The test suite runs the
same cases (tests/test_robustness.py) and checks their exit statuses and messages, not their
times: the figures are measured here, on purpose, outside the tests.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

#: The command line, run so that it writes its peak memory (the kernel's high-water mark of its
#: resident set, VmHWM) to the file named by HOSTILE_PEAK as it exits. Measured inside: a
#: child's rusage would count the memory of this script, which it shares until exec.
CLI = [
    sys.executable,
    "-c",
    "import atexit, os, sys\n"
    "def peak():\n"
    "    with open('/proc/self/status') as status, open(os.environ['HOSTILE_PEAK'], 'w') as out:\n"
    "        out.write(next(line for line in status if line.startswith('VmHWM')).split()[1])\n"
    "atexit.register(peak)\n"
    "from tradecloud_domain.cli import main\n"
    "sys.exit(main())\n",
]
REVERT = "order/revert-cancelled-lines"
PO: dict[str, Any] = {"purchaseOrderNumber": "PO-1"}


def _many_problems() -> bytes:
    """500 lines of 100 delivery lines, each with three broken values: 150,000 problems."""
    schedule = [{"position": 1, "date": 1, "quantity": "x"}] * 100
    lines = [{"position": str(n), "deliverySchedule": schedule} for n in range(500)]
    return json.dumps({"order": PO, "lines": lines}).encode()


def _tiny_items(size: int) -> bytes:
    """A message of ``size`` bytes that is nothing but empty lines: ``{}`` after ``{}``."""
    head = b'{"order": {"purchaseOrderNumber": "P"}, "lines": ['
    count = (size - len(head) - 2) // 3
    return head + b"{}," * count + b"{}]}"


@dataclass
class Case:
    """One hostile input: ``argv`` after the program name; ``{file}`` is replaced by the path of
    a file holding ``content``; ``stdin`` is bytes to pipe in, or a generator of chunks."""

    name: str
    argv: list[str]
    status: int
    says: str  # a text the output or standard error must hold ("" for none)
    content: bytes | Callable[[], bytes] = b""
    stdin: bytes | Callable[[], Any] | None = None
    env: dict[str, str] = field(default_factory=dict)
    close: tuple[int, ...] = ()  # standard descriptors closed before the program starts
    stdout_path: str | None = None  # where standard output goes (default: a pipe)


def _endless_tiny_items() -> Any:
    """200 MB of tiny items, written to a pipe chunk by chunk (never held whole)."""
    yield b'{"order": {"purchaseOrderNumber": "P"}, "lines": ['
    chunk = b"{}," * 100_000
    for _ in range(200_000_000 // len(chunk)):
        yield chunk
    yield b"{}]}"


CASES: list[Case] = [
    Case(
        "a valid message, for comparison",
        ["apply", "order", "{file}"],
        0,
        "HTTP 200",
        json.dumps({"order": PO}).encode(),
    ),
    Case(
        "48-byte message with a huge exponent (validate)",
        ["validate", REVERT, "{file}"],
        2,
        "number.out-of-range",
        b'{"linePositions":["1"],"version":1e999999999}',
    ),
    Case(
        "48-byte message with a huge exponent (apply)",
        ["apply", REVERT, "{file}"],
        2,
        "number.out-of-range",
        b'{"linePositions":["1"],"version":1e999999999}',
    ),
    Case(
        "a 1,000,000-digit number",
        ["validate", REVERT, "{file}"],
        2,
        "number.out-of-range",
        lambda: b'{"linePositions":["1"],"version":' + b"9" * 1_000_000 + b"}",
    ),
    Case("/dev/zero as the message", ["apply", "order", "/dev/zero"], 2, "json.too-large"),
    Case(
        "200 MB of tiny items on standard input",
        ["validate", "order", "-"],
        2,
        "json.too-large",
        stdin=_endless_tiny_items,
    ),
    Case(
        "8 MB of tiny items, just under the size limit",
        ["validate", "order", "{file}"],
        2,
        "json.too-large",
        lambda: _tiny_items(8_000_000),
    ),
    Case(
        "JSON nested 1,000,000 arrays deep",
        ["validate", "order", "{file}"],
        2,
        "json.too-deep",
        lambda: b"[" * 1_000_000 + b"]" * 1_000_000,
    ),
    Case(
        "150,000 broken values in 2.3 MB",
        ["validate", "order", "{file}"],
        2,
        "more than 100 problems",
        _many_problems,
    ),
    Case(
        "a 7 MB identifier with a space",
        ["validate", "order", "{file}"],
        2,
        "characters)",
        lambda: json.dumps({"order": {"purchaseOrderNumber": "P " + "x" * 7_000_000}}).encode(),
    ),
    Case(
        "a position holding a lone surrogate (table output)",
        ["apply", "order", "{file}"],
        2,
        "string.surrogate",
        b'{"order": {"purchaseOrderNumber": "P"}, "lines": [{"position": "\\ud800"}]}',
    ),
    Case(
        "a non-ASCII position on an ASCII terminal",
        ["apply", "order", "{file}"],
        0,
        "\\xe9",
        '{"order": {"purchaseOrderNumber": "P"}, "lines": [{"position": "é"}]}'.encode(),
        env={"PYTHONIOENCODING": "ascii"},
    ),
    Case(
        "standard input closed",
        ["apply", "order", "-"],
        4,
        "cannot read standard input",
        close=(0,),
    ),
    Case(
        "standard output closed",
        ["apply", "order", "{file}"],
        4,
        "cannot write standard output",
        json.dumps({"order": PO}).encode(),
        close=(1,),
    ),
    Case(
        "standard output on a full disk (/dev/full)",
        ["apply", "order", "{file}"],
        4,
        "No space left on device",
        json.dumps({"order": PO}).encode(),
        stdout_path="/dev/full",
    ),
    Case(
        "invalid input with standard error closed",
        ["apply", "order", "{file}"],
        2,
        "",
        b'{"order": {}}',
        close=(2,),
    ),
    Case(
        "a UTF-8 byte order mark before the message",
        ["apply", "order", "{file}"],
        0,
        "HTTP 200",
        b"\xef\xbb\xbf" + json.dumps({"order": PO}).encode(),
    ),
    Case(
        "a key given twice",
        ["validate", "order", "{file}"],
        2,
        "json.duplicate-key",
        b'{"order": {"purchaseOrderNumber": "x y", "purchaseOrderNumber": "P"}}',
    ),
    Case(
        "a decimal written with Arabic-Indic digits",
        ["validate", "order", "{file}"],
        2,
        "type.decimal",
        json.dumps(
            {
                "order": PO,
                "lines": [
                    {
                        "position": "1",
                        "deliverySchedule": [{"date": "2026-01-05", "quantity": "١٢"}],
                    }
                ],
            }
        ).encode(),
    ),
]


@dataclass
class Run:
    status: int
    seconds: float
    peak_mb: float
    output: bytes
    errors: bytes


def run(case: Case, folder: Path) -> Run:
    """Run ``case`` in a fresh process; its exit status, time, peak memory and what it wrote."""
    path = folder / "input.json"
    # Built only now and dropped before the program starts, so that the figures measure the
    # program and not this script (a child's peak memory counts what it inherited).
    path.write_bytes(case.content() if callable(case.content) else case.content)
    argv = [*CLI, *(str(path) if arg == "{file}" else arg for arg in case.argv)]
    out_path, err_path = folder / "stdout", folder / "stderr"
    peak = folder / "peak"
    peak.write_text("0")
    env = {**os.environ, **case.env, "HOSTILE_PEAK": str(peak)}

    def prepare() -> None:  # in the child, before the program starts
        for fd in case.close:
            os.close(fd)

    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        stdout: Any = out
        if case.stdout_path is not None:
            stdout = open(case.stdout_path, "wb")  # noqa: SIM115 - closed below
        started = time.perf_counter()
        child = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if case.stdin is not None else subprocess.DEVNULL,
            stdout=stdout,
            stderr=err,
            env=env,
            preexec_fn=prepare if case.close else None,  # noqa: PLW1509 - closes fds only
        )
        feeder = None
        if case.stdin is not None and child.stdin is not None:
            feeder = threading.Thread(target=_feed, args=(child.stdin, case.stdin))
            feeder.start()
        child.wait()
        seconds = time.perf_counter() - started
        if feeder is not None:
            feeder.join()
        if stdout is not out:
            stdout.close()
    return Run(
        child.returncode,
        seconds,
        int(peak.read_text() or 0) / 1024,
        out_path.read_bytes(),
        err_path.read_bytes(),
    )


def _feed(pipe: Any, source: bytes | Callable[[], Any]) -> None:
    try:
        chunks = [source] if isinstance(source, bytes) else source()
        for chunk in chunks:
            pipe.write(chunk)
        pipe.close()
    except (BrokenPipeError, OSError):
        pass  # the program stopped reading: the point of a size limit


def _shared(levels: int) -> Any:
    shared: Any = []
    for _ in range(levels):
        shared = [shared, shared]
    return shared


def api_cases() -> list[tuple[str, Callable[..., Any], tuple[Any, ...]]]:
    """The hostile inputs of the Python API: each call, and its arguments (built beforehand, so
    that the memory measured is what the call allocates)."""
    from tradecloud_domain import apply, from_json, validate  # noqa: PLC0415

    return [
        (
            "validate: x = [x, x] 26 times inside a message",
            validate,
            ("order", {"order": PO, "extension": _shared(26)}),
        ),
        ("validate: 150,000 broken values", validate, ("order", json.loads(_many_problems()))),
        (
            "validate: a 10 MB identifier",
            validate,
            ("order", {"order": {"purchaseOrderNumber": "P " + "x" * 10**7}}),
        ),
        ("validate: a 10,000,000-line message", validate, ("order", {"lines": [{}] * 10**7})),
        (
            "validate: a version of 1e999999999",
            validate,
            (REVERT, {"linePositions": ["1"], "version": Decimal("1e999999999")}),
        ),
        ("from_json(None)", from_json, (None,)),
        ("apply(None, None)", apply, (None, None)),
    ]


def measure_api() -> None:
    """Print the time and the peak memory (tracemalloc, in a second run) of each API case."""
    from tradecloud_domain import InvalidInput  # noqa: PLC0415

    print("| call | result | time | peak memory (tracemalloc) |")
    print("|---|---|---:|---:|")
    for name, call, args in api_cases():
        started = time.perf_counter()
        try:
            result = call(*args)
            said = f"{len(result)} problem(s), the first {result[0].code}" if result else "valid"
        except InvalidInput as invalid:
            said = f"InvalidInput: {invalid.summary()}, {invalid.problems[0].code}"
        seconds = time.perf_counter() - started
        tracemalloc.start()
        with contextlib.suppress(InvalidInput):
            call(*args)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"| {name} | {said} | {seconds:.3f} s | {peak / 2**20:.1f} MB |")


def main() -> None:
    measure_api()
    print()
    print("| input | exit status | time | peak memory | output |")
    print("|---|---:|---:|---:|---:|")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            result = run(case, Path(tmp))
            ok = result.status == case.status and (
                case.says.encode() in result.output + result.errors
            )
            failed += not ok
            print(
                f"| {case.name} | {result.status}{'' if ok else ' UNEXPECTED'} "
                f"| {result.seconds:.2f} s | {result.peak_mb:.0f} MB "
                f"| {len(result.output) + len(result.errors):,} bytes |"
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
