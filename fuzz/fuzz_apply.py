"""Coverage-guided fuzzing of the library's entry points with atheris.

    make fuzz                                   # 1,000,000 inputs
    .venv/bin/python fuzz/fuzz_apply.py -atheris_runs=N [CORPUS_DIR ...]

Each input is one byte choosing what to exercise, then JSON text. The harness asserts what the
library promises: the only exception is InvalidInput; ``validate`` finds problems exactly when
parsing refuses; an accepted message applies without mutating the state, deterministically, and
the JSON emitted reads back to an equal order. Any other exception is a crash for libFuzzer.

Each input also goes through the command line (:func:`check_cli`), as bytes on standard input,
with standard output a text buffer, an ASCII-only terminal, a full disk or a closed descriptor:
the exit status must be the documented one (never 1, a bug) and nothing may say "internal
error". ``make fuzz`` bounds each input to 10 seconds and 1 GB (libFuzzer's -timeout and
-rss_limit_mb); a slower or larger input is reported as a crash.

:func:`check` holds the whole harness and needs no atheris, so the test suite runs it over the seed
corpus and random inputs (tests/test_fuzz_harness.py) and it cannot rot.
"""

from __future__ import annotations

import copy
import errno
import io
import sys
from pathlib import Path
from typing import Any

from tradecloud_domain import (
    InvalidInput,
    Order,
    Route,
    apply,
    cli,
    dump_order,
    dump_outcome,
    from_json,
    parse_message,
    parse_order,
    to_json,
    validate,
    validate_order,
)
from tradecloud_domain.cli import EXIT_INVALID, EXIT_IO, EXIT_NOT_FOUND, EXIT_OK

ROOT = Path(__file__).resolve().parent.parent
ROUTES = [route.value for route in Route]
#: What the first byte selects: each route with the example state, with no state, or a state.
TARGETS = [(route, with_state) for route in ROUTES for with_state in (True, False)] + [
    ("state", False)
]
STATE_FILE = ROOT / "examples" / "order.json"
STATE = parse_order(from_json(STATE_FILE.read_text(encoding="utf-8")))
#: Where the command line's standard output goes (picked by the length of the input).
OUTPUTS = ("text", "ascii", "full", "closed")
#: The problem codes apply raises: a message for another order (D9); single-delivery lines that do
#: not fit the order and routes single delivery does not support (D103, D104).
STATE_PROBLEMS = {
    "state.mismatch",
    "single-delivery.original-position",
    "single-delivery.unsupported",
    "collection.too-long",
}


def check(data: bytes) -> None:
    """Run one fuzz input through the library and the command line; raise AssertionError on a
    broken promise."""
    check_library(data)
    check_cli(data)


class _Failing(io.RawIOBase):
    """A raw output that fails every write as ``error`` does (a full disk, a closed descriptor)."""

    def __init__(self, error: int) -> None:
        super().__init__()
        self.error = error

    def writable(self) -> bool:
        return True

    def write(self, _: Any) -> int:
        raise OSError(self.error, "fails on purpose")


def _stdout(kind: str) -> Any:
    if kind == "text":
        return io.StringIO()
    if kind == "ascii":  # a terminal that can show ASCII only; the CLI must escape the rest
        return io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    failing = _Failing(errno.ENOSPC if kind == "full" else errno.EBADF)
    return io.TextIOWrapper(io.BufferedWriter(failing), encoding="utf-8")


def _expected(command: str, route: str, with_state: bool, payload: bytes) -> tuple[int, bool]:
    """The exit status the command line must give for ``payload``, and whether it writes to
    standard output (then a failing output turns any status into EXIT_IO)."""
    try:
        value = from_json(payload)
        if route == "state":
            parse_order(value)
            return EXIT_OK, True
        message = parse_message(route, value)
        if command == "validate":
            return EXIT_OK, True
        outcome = apply(STATE if with_state else None, message)
    except InvalidInput:
        return EXIT_INVALID, command == "validate"
    return (EXIT_NOT_FOUND if outcome.http_status == 404 else EXIT_OK), True


def check_cli(data: bytes, command: str | None = None, output: str | None = None) -> None:
    """Run one fuzz input through the command line, from standard input to standard output.

    ``command`` (``apply`` or ``validate``) and ``output`` (one of :data:`OUTPUTS`) are picked
    from the input's length unless given."""
    if not data:
        return
    route, with_state = TARGETS[data[0] % len(TARGETS)]
    output = output or OUTPUTS[len(data) // 2 % len(OUTPUTS)]  # the first byte is taken
    command = "validate" if route == "state" else command or ("validate", "apply")[len(data) % 2]
    argv = [command, route, "-"]
    if command == "apply" and with_state:
        argv += ["--state", str(STATE_FILE)]
    stdin = io.TextIOWrapper(io.BytesIO(data[1:]), encoding="utf-8")
    stdout, stderr = _stdout(output), io.StringIO()
    status = cli.main(argv, stdin=stdin, stdout=stdout, stderr=stderr)
    said = stderr.getvalue()
    assert "internal error" not in said and "Traceback" not in said, said
    expected, writes = _expected(command, route, with_state, data[1:])
    if writes and output in ("full", "closed"):
        expected = EXIT_IO
        assert "cannot write standard output" in said, said
    assert status == expected, (argv, output, status, expected, said)


def check_library(data: bytes) -> None:
    """Run one fuzz input through the library; raise AssertionError on a broken promise."""
    if not data:
        return
    route, with_state = TARGETS[data[0] % len(TARGETS)]
    try:
        value = from_json(data[1:])
    except InvalidInput:
        return
    if route == "state":
        try:
            order = parse_order(value)
        except InvalidInput as invalid:
            assert invalid.problems and validate_order(value) == invalid.problems
            return
        assert validate_order(value) == ()
        assert parse_order(from_json(to_json(dump_order(order)))) == order
        return
    try:
        message = parse_message(route, value)
    except InvalidInput as invalid:
        assert invalid.problems and validate(route, value) == invalid.problems
        return
    assert validate(route, value) == ()
    state: Order | None = STATE if with_state else None
    snapshot = copy.deepcopy(state)
    try:
        outcome = apply(state, message)
    except InvalidInput as invalid:
        # Only the problems that depend on the state given may come from apply.
        assert {p.code for p in invalid.problems} <= STATE_PROBLEMS, invalid.problems
        return
    assert state == snapshot
    assert apply(state, message) == outcome
    emitted = from_json(to_json(dump_outcome(outcome)))
    assert len(emitted["decisions"]) == len(outcome.decisions)
    if outcome.order is not None:
        assert parse_order(emitted["order"]) == outcome.order
        if state is not None:
            kept = [line.position for line in outcome.order.lines][: len(state.lines)]
            assert kept == [line.position for line in state.lines]


def seed_corpus() -> list[bytes]:
    """The examples, each prefixed with every target byte that fits it."""
    seeds: list[bytes] = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        text = path.read_bytes()
        seeds.extend(bytes([n]) + text for n in range(len(TARGETS)))
    return seeds


def dictionary() -> list[str]:
    """libFuzzer dictionary entries: every JSON field name and status value the library knows,
    so that mutations produce messages that get past the JSON parser more often."""
    import attrs  # noqa: PLC0415

    from tradecloud_domain import entities, messages, statuses  # noqa: PLC0415
    from tradecloud_domain._names import json_name  # noqa: PLC0415

    words = {"true", "false", "null", "2026-01-05", "2026-01-05T10:00:00", "-1", "1.5"}
    for module in (entities, messages):
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value):
                words |= {f'"{json_name(a.name)}"' for a in attrs.fields(value)}
    for enum in (statuses.ProcessStatus, statuses.InProgressStatus, statuses.LogisticsStatus):
        words |= {f'"{member.value}"' for member in enum}
    return sorted(f'"{word.replace(chr(34), chr(92) + chr(34))}"' for word in words)


def main() -> None:  # pragma: no cover - needs atheris; see make fuzz
    import atheris  # noqa: PLC0415 - only the fuzz run needs it

    corpus = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    for directory in corpus:
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        for n, seed in enumerate(seed_corpus()):
            (folder / f"seed-{n:03d}").write_bytes(seed)
    argv = list(sys.argv)
    if corpus:
        words = Path(corpus[0]).parent / "tradecloud.dict"
        words.write_text("\n".join(dictionary()) + "\n", encoding="utf-8")
        argv.insert(1, f"-dict={words}")
    atheris.instrument_all()
    atheris.Setup(argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
