"""Nothing but the library's own error, whatever comes in (issue: a fuzzed core that never crashes).

Arbitrary JSON, and valid messages mutated at random, go through validate, parse_message,
parse_order and apply; the only exception allowed is InvalidInput. When input is accepted, apply
keeps its promises: it mutates nothing, loses and invents no line, is deterministic, and the JSON
it emits reads back to an equal order.
"""

from __future__ import annotations

import copy
import io
import json
import sys
import tracemalloc
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradecloud_domain import (
    InvalidInput,
    Problem,
    Route,
    apply,
    dump_order,
    dump_outcome,
    entities,
    from_json,
    messages,
    parse_message,
    parse_order,
    to_json,
    validate,
    validate_order,
)
from tradecloud_domain._names import json_name
from tradecloud_domain.cli import main
from tradecloud_domain.codec import (
    MAX_DIGITS,
    MAX_DOCUMENT_BYTES,
    MAX_VALUES,
    read_json,
)
from tradecloud_domain.errors import MAX_MESSAGE, MAX_PROBLEMS, shorten

from .helpers import examples

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STATE = from_json((EXAMPLES / "order.json").read_text())
BODIES: list[tuple[str, Any]] = [
    ("order", from_json((EXAMPLES / "cancel-lines-in-message.order.json").read_text())),
    ("order", from_json((EXAMPLES / "cancel-missing-lines.order.json").read_text())),
    ("order", from_json((EXAMPLES / "new-order.order.json").read_text())),
    ("order/indicators", from_json((EXAMPLES / "cancel-all-lines.indicators.json").read_text())),
    ("order/indicators", from_json((EXAMPLES / "confirm-and-ship.indicators.json").read_text())),
    (
        "order/revert-cancelled-lines",
        from_json((EXAMPLES / "revert-cancelled-lines.json").read_text()),
    ),
    (
        "order-response",
        from_json((EXAMPLES / "respond-with-other-dates.order-response.json").read_text()),
    ),
    (
        "order/approve-reopen-request",
        from_json((EXAMPLES / "approve-reopen-request.json").read_text()),
    ),
]


def _field_names() -> list[str]:
    names = set()
    for module in (entities, messages):
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value):
                names |= {json_name(a.name) for a in attrs.fields(value)}
    return sorted(names)


KEYS = st.sampled_from(_field_names()) | st.text(max_size=6)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        ["Issued", "InProgress", "Cancelled", "Open", "2026-01-05", "0001", "PO-1001"]
    )
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=30,
)
ROUTES = st.sampled_from([r.value for r in Route])


def only_invalid_input(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except InvalidInput as invalid:
        assert invalid.problems
        return None


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(ROUTES, JSON)
def test_arbitrary_json_message(route: str, data: Any) -> None:
    problems = validate(route, data)
    message = only_invalid_input(parse_message, route, data)
    assert (message is None) == bool(problems)
    if message is not None:
        state = parse_order(STATE)
        only_invalid_input(apply, state, message)
        only_invalid_input(apply, None, message)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_arbitrary_json_state(data: Any) -> None:
    problems = validate_order(data)
    order = only_invalid_input(parse_order, data)
    assert (order is None) == bool(problems)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """``document`` with a few places replaced by arbitrary JSON, or removed."""
    result = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(result) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = result
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON)
    return result


@st.composite
def mutated_cases(draw: st.DrawFn) -> tuple[str, Any, Any]:
    route, body = draw(st.sampled_from(BODIES))
    state = draw(st.one_of(st.just(STATE), mutated(STATE), st.none()))
    return route, draw(st.one_of(st.just(body), mutated(body))), state


# 300: mutations land anywhere in a message and a state, so more than 100 reach the rarer paths.
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=examples(300))
@given(mutated_cases())
def test_mutated_valid_messages(case: tuple[str, Any, Any]) -> None:
    route, body, state_data = case
    message = only_invalid_input(parse_message, route, body)
    state = None if state_data is None else only_invalid_input(parse_order, state_data)
    if message is None or (state_data is not None and state is None):
        return
    snapshot = copy.deepcopy(state)
    outcome = only_invalid_input(apply, state, message)
    if outcome is None:
        return
    assert state == snapshot  # never mutated
    assert apply(state, message) == outcome  # deterministic
    if state is not None and outcome.order is not None:
        before = [line.position for line in state.lines]
        assert [line.position for line in outcome.order.lines][: len(before)] == before
    emitted = json.loads(to_json(dump_outcome(outcome)), parse_float=Decimal)
    if outcome.order is not None:
        assert parse_order(emitted["order"]) == outcome.order
        assert parse_order(from_json(to_json(dump_order(outcome.order)))) == outcome.order


def test_huge_array_is_refused_before_it_is_read() -> None:
    lines = [{"position": str(n), "deliverySchedule": "not even checked"} for n in range(100_000)]
    problems = validate("order", {"order": {"purchaseOrderNumber": "P"}, "lines": lines})
    assert [(p.path, p.code) for p in problems] == [("lines", "collection.too-long")]


def test_deep_nesting_anywhere_is_refused() -> None:
    deep: Any = {}
    for _ in range(10_000):
        deep = {"item": deep}
    problems = validate("order", {"order": {"purchaseOrderNumber": "P"}, "lines": [deep]})
    assert [p.code for p in problems] == ["json.too-deep"]
    problems = validate_order({"buyerOrder": deep})
    assert [p.code for p in problems] == ["json.too-deep"]


# ------------------------------------------------------------------------------------------------
# Hostile input (docs/robustness.md): every case answers with its documented exit status, and
# costs bounded work and memory. The figures are measured by fuzz/hostile.py, not here.
# ------------------------------------------------------------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))

import fuzz_apply  # noqa: E402
import hostile  # noqa: E402

#: Memory a single hostile input may allocate in these tests (tracemalloc's peak): far above
#: what the library needs (a few MB), far below what an unbounded walk takes.
MEMORY_BOUND = 64 * 1024 * 1024


def _peak(call: Any, *args: Any) -> tuple[Any, int]:
    """``call(*args)`` (or the InvalidInput it raised) and the peak memory it allocated."""
    tracemalloc.start()
    try:
        try:
            result = call(*args)
        except InvalidInput as invalid:
            result = invalid
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _needs_a_process(case: hostile.Case) -> bool:
    return bool(case.close or case.env or case.stdout_path or case.stdin is not None)


@pytest.mark.parametrize("case", hostile.CASES, ids=[case.name for case in hostile.CASES])
def test_hostile_input_through_the_cli(case: hostile.Case, tmp_path: Path) -> None:
    if _needs_a_process(case):
        result = hostile.run(case, tmp_path)
        status, said = result.status, (result.output + result.errors).decode("utf-8", "replace")
    else:
        path = tmp_path / "input.json"
        path.write_bytes(case.content() if callable(case.content) else case.content)
        out, err = io.StringIO(), io.StringIO()
        argv = [str(path) if arg == "{file}" else arg for arg in case.argv]
        status = main(argv, stdin=io.StringIO(""), stdout=out, stderr=err)
        said = out.getvalue() + err.getvalue()
    assert status == case.status, said
    assert case.says in said
    assert "internal error" not in said
    assert len(said) < 20_000  # problems capped, values shortened


def test_shared_references_cost_one_copy() -> None:
    """x = [x, x] forty times is 2**40 values as a tree; each distinct array is walked once."""
    shared: Any = []
    for _ in range(40):
        shared = [shared, shared]
    message = {"order": {"purchaseOrderNumber": "P"}, "extension": shared}
    problems, peak = _peak(validate, "order", message)
    assert problems == ()
    assert peak < MEMORY_BOUND
    for _ in range(30):
        shared = [shared, shared]  # now 70 levels deep
    assert [p.code for p in validate("order", {**message, "extension": shared})] == [
        "json.too-deep"
    ]
    cycle: list[Any] = []
    cycle.append(cycle)
    assert [p.code for p in validate("order", {**message, "extension": cycle})] == ["json.too-deep"]


def test_values_beyond_the_limit_are_refused_before_they_are_read() -> None:
    many = [0] * (MAX_VALUES + 1)
    assert [
        p.code for p in validate("order", {"order": {"purchaseOrderNumber": "P"}, "x": many})
    ] == ["json.too-large"]
    with pytest.raises(InvalidInput) as caught:
        from_json("[" + "1," * MAX_VALUES + "1]", max_bytes=None)
    assert [p.code for p in caught.value.problems] == ["json.too-large"]


def test_the_size_limit_holds_while_reading() -> None:
    class Endless(io.RawIOBase):
        """A stream of spaces without end that counts what is read of it."""

        given = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b" " * len(buffer)
            self.given += len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(InvalidInput) as caught:
        read_json(io.BufferedReader(stream), max_bytes=1000)
    assert [p.code for p in caught.value.problems] == ["json.too-large"]
    assert stream.given < 100_000
    assert read_json(io.BytesIO(b'{"a": 1}'), max_bytes=8) == {"a": Decimal(1)}
    with pytest.raises(InvalidInput):
        from_json("x" * (MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(InvalidInput):
        from_json('"' + "é" * (MAX_DOCUMENT_BYTES // 2) + '"')  # 2 bytes a character


def test_max_bytes_option(tmp_path: Path) -> None:
    path = tmp_path / "message.json"
    path.write_text('{"order": {"purchaseOrderNumber": "P"}}')
    out, err = io.StringIO(), io.StringIO()
    assert main(["apply", "order", str(path), "--max-bytes", "10"], stdout=out, stderr=err) == 2
    assert "json.too-large" in err.getvalue()
    assert main(["apply", "order", str(path), "--max-bytes", "100"], stdout=out, stderr=err) == 0


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("version", Decimal("1e999999999"), "number.out-of-range"),
        ("version", Decimal("1e-999999999"), "number.out-of-range"),
        ("version", Decimal("9" * (MAX_DIGITS + 1)), "number.out-of-range"),
        ("version", 10**100_000, "number.out-of-range"),
        ("version", "9" * 1_000_000, "number.out-of-range"),
        ("version", "\u0661\u0662", "type.integer"),
        ("version", "1.5", "type.integer"),
        ("version", True, "type.integer"),
        ("version", Decimal("NaN"), "type.integer"),
        ("version", "1", None),
        ("version", Decimal("1e3"), None),
        ("version", Decimal("9" * MAX_DIGITS), None),
    ],
    ids=lambda value: (
        f"int of {value.bit_length()} bits"
        if isinstance(value, int) and not isinstance(value, bool)
        else shorten(str(value), 30)
    ),
)
def test_numbers_are_bounded(field: str, value: object, code: str | None) -> None:
    (problems, peak) = _peak(
        validate, "order/revert-cancelled-lines", {"linePositions": ["1"], field: value}
    )
    assert [p.code for p in problems] == ([] if code is None else [code])
    assert peak < MEMORY_BOUND


@pytest.mark.parametrize(
    "quantity", ["\u0661\u0662", "\uff11\uff12", "1e99999", Decimal("1e-1001")]
)
def test_decimal_fields_read_ascii_numbers_only(quantity: object) -> None:
    data = {
        "order": {"purchaseOrderNumber": "P"},
        "lines": [
            {"position": "1", "deliverySchedule": [{"date": "2026-01-05", "quantity": quantity}]}
        ],
    }
    assert [p.path for p in validate("order", data)] == ["lines[0].deliverySchedule[0].quantity"]


def test_lone_surrogates_are_refused_with_their_path() -> None:
    data = from_json(
        '{"order": {"purchaseOrderNumber": "P\\udc00"}, "lines": [{"position": "\\ud800"}]}'
    )
    assert [(p.path, p.code) for p in validate("order", data)] == [
        ("order.purchaseOrderNumber", "string.surrogate"),
        ("lines[0].position", "string.surrogate"),
    ]
    # A surrogate pair is one character, and fine.
    assert (
        validate("order", from_json('{"order": {"purchaseOrderNumber": "P\\ud83d\\ude00"}}')) == ()
    )


def test_json_text_is_utf8_with_an_optional_byte_order_mark() -> None:
    assert from_json(b'\xef\xbb\xbf{"a": 1}') == {"a": Decimal(1)}
    assert from_json('\ufeff{"a": 1}') == {"a": Decimal(1)}
    with pytest.raises(InvalidInput) as caught:
        from_json('{"a": 1}'.encode("utf-16"))
    assert "not UTF-8 text" in caught.value.problems[0].message
    with pytest.raises(InvalidInput) as caught:
        from_json(b'"\xed\xa0\x80"')  # a surrogate encoded in UTF-8 is not UTF-8
    assert [p.code for p in caught.value.problems] == ["json.syntax"]


def test_a_repeated_key_is_refused_with_its_path() -> None:
    with pytest.raises(InvalidInput) as caught:
        from_json(
            '{"order": {"purchaseOrderNumber": "x y", "purchaseOrderNumber": "P"}, '
            '"lines": [{"position": "1", "position": "2", "position": "3"}]}'
        )
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("order.purchaseOrderNumber", "json.duplicate-key"),
        ("lines[0].position", "json.duplicate-key"),
        ("lines[0].position", "json.duplicate-key"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # Colons in strings may stand in for the colon a repeated key does not add.
        '{"at": "10:01:53", "a": 1, "a": 2}',
        '{"a" : 1, "a" : 2}',
        '{"a":":", "a": 2}',
        '{"a": "x\\":", "a": 2}',
        '{"a\\u003a": 1, "a": 2, "a": 3}',
        '{"\\u003a": "\\u003a", "a": 1, "a": 2}',
        '[{"a": 1}, {"b": "::", "b": ":"}]',
    ],
)
def test_a_repeated_key_is_found_whatever_colons_the_strings_hold(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        from_json(text)
    assert {p.code for p in caught.value.problems} == {"json.duplicate-key"}


@given(
    st.recursive(
        st.text(alphabet=':" \\a', max_size=4) | st.integers(),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.lists(st.tuples(st.text(alphabet=':" a', max_size=3), inner), max_size=4)
        ),
        max_leaves=12,
    ),
    st.sampled_from([None, 1]),
)
def test_from_json_finds_exactly_the_repeated_keys(value: Any, indent: int | None) -> None:
    # Objects are written as lists of pairs, so keys may repeat; json.loads with a pairs hook
    # tells whether one does.
    def written(v: Any) -> str:
        if isinstance(v, list) and v and all(isinstance(x, tuple) for x in v):
            members = (f"{json.dumps(k)}{' ' * (indent or 0)}: {written(x)}" for k, x in v)
            return "{" + ", ".join(members) + "}"
        if isinstance(v, list):
            return "[" + ",".join(written(x) for x in v) + "]"
        return json.dumps(v)

    text = written(value)
    repeats: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        repeats.append(len({k for k, _ in items}) != len(items))
        return dict(items)

    expected = json.loads(text, object_pairs_hook=pairs, parse_int=Decimal)
    if any(repeats):
        with pytest.raises(InvalidInput) as caught:
            from_json(text)
        assert {p.code for p in caught.value.problems} == {"json.duplicate-key"}
    else:
        assert from_json(text) == expected


def test_what_is_not_json_text_or_a_message_is_invalid_input() -> None:
    for text in (None, 12):
        with pytest.raises(InvalidInput) as caught:
            from_json(text)  # type: ignore[arg-type]
        assert [p.code for p in caught.value.problems] == ["json.syntax"]
    with pytest.raises(InvalidInput) as caught:
        apply(None, None)  # type: ignore[arg-type]
    assert [p.code for p in caught.value.problems] == ["type.object"]
    with pytest.raises(InvalidInput) as caught:
        apply({"buyerOrder": {}}, parse_message("order", {"order": {"purchaseOrderNumber": "P"}}))  # type: ignore[arg-type]
    assert "parse_order" in caught.value.problems[0].message


def test_messages_spell_values_as_json() -> None:
    data = {
        "order": {"purchaseOrderNumber": "P", "indicators": {"cancelled": True}},
        "lines": [
            {"position": "1", "deliverySchedule": [{"date": True, "quantity": Decimal("NaN")}]},
        ],
    }
    text = " ".join(p.message for p in validate("order", data))
    assert "got a number NaN" in text and "got a boolean true" in text
    assert "Decimal(" not in text and "True" not in text
    problems = validate("order", {"order": {"purchaseOrderNumber": "P 1"}})
    assert problems[0].message == 'identifier "P 1" must not be empty nor contain whitespace'


def test_problems_are_capped_and_checking_stops() -> None:
    schedule = [{"position": 1, "date": 1, "quantity": "x"}] * 100
    lines = [{"position": str(n), "deliverySchedule": schedule} for n in range(500)]
    invalid, peak = _peak(
        parse_message, "order", {"order": {"purchaseOrderNumber": "P"}, "lines": lines}
    )
    assert isinstance(invalid, InvalidInput)
    assert len(invalid.problems) == MAX_PROBLEMS and invalid.total > MAX_PROBLEMS
    assert not invalid.complete
    assert invalid.summary() == "more than 100 problems (the first 100 listed; checking stopped)"
    assert invalid.problems[0].path == "lines[0].deliverySchedule[0].date"
    assert peak < MEMORY_BOUND
    few = InvalidInput([Problem("", "required", "is required")] * 3)
    assert (few.total, few.complete, few.summary()) == (3, True, "3 problems")


def test_long_values_are_shortened_in_messages() -> None:
    problems = validate("order", {"order": {"purchaseOrderNumber": "P " + "x" * 10_000_000}})
    assert [p.code for p in problems] == ["identifier.whitespace"]
    assert len(problems[0].message) < 200
    assert "10,000,002 characters" in problems[0].message
    assert len(Problem("", "required", "y" * 100_000).message) <= MAX_MESSAGE


#: Raw JSON text that has broken the library before, or could: put in place of a value.
HOSTILE_VALUES = [
    "1e999999999",
    "-1e-999999999",
    "9" * 5000,
    "0." + "0" * 3000 + "1",
    "NaN",
    "-Infinity",
    '"\\ud800"',
    '"\\udfff\\ud800x"',
    '"\\u0661\\u0662"',
    '"\u00e9\u4e2d"',
    '"1"',
    '"P ' + "x" * 20_000 + '"',
    "[" * 100 + "]" * 100,
    '{"a": 1, "a": 2}',
    "true",
    "null",
]
TARGET_OF = {target: n for n, target in enumerate(fuzz_apply.TARGETS)}


@st.composite
def hostile_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    """An example message with one value replaced by hostile raw text, perhaps behind a byte
    order mark or with a repeated key."""
    route, body = draw(st.sampled_from(BODIES))
    document = copy.deepcopy(body)
    paths = [p for p in _paths(document) if p]
    path = draw(st.sampled_from(paths))
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = "\x00HOSTILE\x00"
    text = json.dumps(document, default=str).replace(
        '"\\u0000HOSTILE\\u0000"', draw(st.sampled_from(HOSTILE_VALUES))
    )
    if draw(st.booleans()):
        text = '{"order": null, ' + text[1:]
    data = text.encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return route, data


@settings(
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=examples(150),  # each kind of hostile input, through the library and the CLI
    deadline=timedelta(seconds=5),  # a hang detector, not a speed goal: inputs take milliseconds
)
@given(
    hostile_documents(),
    st.booleans(),
    st.sampled_from(["apply", "validate"]),
    st.sampled_from(fuzz_apply.OUTPUTS),
)
def test_hostile_documents_through_the_library_and_the_cli(
    case: tuple[str, bytes], with_state: bool, command: str, output: str
) -> None:
    route, document = case
    data = bytes([TARGET_OF[(route, with_state)]]) + document
    _, peak = _peak(fuzz_apply.check_library, data)
    assert peak < MEMORY_BOUND
    _, peak = _peak(fuzz_apply.check_cli, data, command, output)
    assert peak < MEMORY_BOUND
