"""Coverage-guided fuzzing of the library's entry points with atheris.

    make fuzz                                   # 1,000,000 inputs
    .venv/bin/python fuzz/fuzz_apply.py -atheris_runs=N [CORPUS_DIR ...]

Each input is one byte choosing what to exercise, then JSON text. The harness asserts what the
library promises: the only exception is InvalidInput; ``validate`` finds problems exactly when
parsing refuses; an accepted message applies without mutating the state, deterministically, and
the JSON emitted reads back to an equal order. Any other exception is a crash for libFuzzer.

:func:`check` holds the whole harness and needs no atheris, so the test suite runs it over the seed
corpus and random inputs (tests/test_fuzz_harness.py) and it cannot rot.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from tradecloud_domain import (
    InvalidInput,
    Order,
    Route,
    apply,
    dump_order,
    dump_outcome,
    from_json,
    parse_message,
    parse_order,
    to_json,
    validate,
    validate_order,
)

ROOT = Path(__file__).resolve().parent.parent
ROUTES = [route.value for route in Route]
#: What the first byte selects: each route with the example state, with no state, or a state.
TARGETS = [(route, with_state) for route in ROUTES for with_state in (True, False)] + [
    ("state", False)
]
#: The problem codes apply raises: a message for another order (D9); single-delivery lines that do
#: not fit the order and routes single delivery does not support (D103, D104).
STATE_PROBLEMS = {
    "state.mismatch",
    "single-delivery.original-position",
    "single-delivery.unsupported",
    "collection.too-long",
}
STATE = parse_order(from_json((ROOT / "examples" / "order.json").read_text(encoding="utf-8")))


def check(data: bytes) -> None:
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
