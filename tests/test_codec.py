"""Tradecloud JSON in and out: shapes, exact decimals, unknown fields, and problems with paths."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tradecloud_domain import (
    InvalidInput,
    OrderMessage,
    dump_order,
    from_json,
    parse_message,
    parse_order,
    to_json,
    validate_order,
)
from tradecloud_domain.errors import RULE_CODES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def problems(route_or_order: str, data: Any) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        if route_or_order == "state":
            parse_order(data)
        else:
            parse_message(route_or_order, data)
    assert isinstance(caught.value, ValueError)
    for problem in caught.value.problems:
        assert problem.code in RULE_CODES
    return [(p.path, p.code) for p in caught.value.problems]


def test_example_order_round_trips() -> None:
    data = from_json((EXAMPLES / "order.json").read_text())
    order = parse_order(data)
    assert len(order.lines) == 4
    dumped = dump_order(order)
    assert parse_order(dumped) == order
    assert parse_order(from_json(to_json(dumped))) == order


def test_decimals_are_kept_digit_for_digit() -> None:
    text = (
        '{"order": {"purchaseOrderNumber": "PO1"}, "lines": [{"position": "1", '
        '"deliverySchedule": [{"date": "2026-01-02", '
        '"quantity": 12345678901234567890.123456789}]}]}'
    )
    message = parse_message("order", from_json(text))
    assert isinstance(message, OrderMessage)
    schedule = message.lines[0].delivery_schedule
    assert schedule is not None
    assert schedule[0].quantity == Decimal("12345678901234567890.123456789")
    assert "12345678901234567890.123456789" in to_json({"q": schedule[0].quantity})


def test_equal_decimals_compare_equal() -> None:
    """100 and 100.00 are the same quantity."""
    a = parse_message(
        "order",
        {
            "order": {"purchaseOrderNumber": "P"},
            "lines": [
                {"position": "1", "deliverySchedule": [{"date": "2026-01-02", "quantity": "100"}]}
            ],
        },
    )
    b = parse_message(
        "order",
        {
            "order": {"purchaseOrderNumber": "P"},
            "lines": [
                {
                    "position": "1",
                    "deliverySchedule": [{"date": "2026-01-02", "quantity": "100.00"}],
                }
            ],
        },
    )
    assert a == b


def test_unknown_fields_are_ignored_everywhere() -> None:
    """api/compatibility.md: fields may be added at any time; they must not be refused."""
    data = from_json((EXAMPLES / "order.json").read_text())
    data["newTopLevel"] = {"x": 1}
    data["buyerOrder"]["futureField"] = [1, 2]
    data["lines"][0]["buyerLine"]["item"]["colour"] = "red"
    data["lines"][0]["status"]["somethingNew"] = "yes"
    data["lines"][0]["buyerLine"]["deliverySchedule"][0]["etaPlus"] = "2026-01-01"
    assert parse_order(data) == parse_order(from_json((EXAMPLES / "order.json").read_text()))
    message = {
        "order": {
            "purchaseOrderNumber": "P",
            "unknown": True,
            "indicators": {"cancelled": True, "brandNewIndicator": True},
        },
        "lines": [],
        "meta": {},
    }
    assert parse_message("order/indicators", message)


def test_every_problem_is_reported_with_its_path() -> None:
    data = {
        "order": {"purchaseOrderNumber": "PO 1", "indicators": {"cancelled": "yes"}},
        "lines": [
            {"position": "1", "deliverySchedule": [{"date": "01-02-2026", "quantity": "NaN"}]},
            {"indicators": {"completed": 1}},
            "not a line",
        ],
    }
    assert problems("order", data) == [
        ("order.purchaseOrderNumber", "identifier.whitespace"),
        ("order.indicators.cancelled", "type.boolean"),
        ("lines[0].deliverySchedule[0].date", "type.date"),
        ("lines[0].deliverySchedule[0].quantity", "type.decimal"),
        ("lines[1].position", "required"),
        ("lines[1].indicators.completed", "type.boolean"),
        ("lines[2]", "type.object"),
    ]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (True, "type.decimal"),
        ("1e400x", "type.decimal"),
        (float("inf"), "type.decimal"),
        (Decimal("Infinity"), "type.decimal"),
        ("-5", "quantity.negative"),
        (None, "required"),
    ],
)
def test_quantities(value: object, code: str) -> None:
    data = {
        "order": {"purchaseOrderNumber": "P"},
        "lines": [
            {"position": "1", "deliverySchedule": [{"date": "2026-01-02", "quantity": value}]}
        ],
    }
    assert problems("order", data) == [("lines[0].deliverySchedule[0].quantity", code)]


def test_message_that_is_not_an_object() -> None:
    assert problems("order", [1, 2]) == [("", "type.object")]
    assert problems("order/indicators", None) == [("", "required")]


def test_unknown_route() -> None:
    assert problems("order/teleport", {}) == [("", "route.unknown")]


def test_duplicate_positions_point_at_the_repeat() -> None:
    data = {
        "order": {"purchaseOrderNumber": "P"},
        "lines": [{"position": "1"}, {"position": "2"}, {"position": "1"}],
    }
    assert problems("order", data) == [("lines[2].position", "position.duplicate")]
    state = {
        "buyerOrder": {"purchaseOrderNumber": "P"},
        "lines": [{"buyerLine": {"position": "A"}}, {"buyerLine": {"position": "A"}}],
    }
    assert problems("state", state) == [("lines[1].buyerLine.position", "position.duplicate")]


def test_too_many_lines() -> None:
    data = {
        "order": {"purchaseOrderNumber": "P"},
        "lines": [{"position": str(n)} for n in range(501)],
    }
    assert problems("order", data) == [("lines", "collection.too-long")]


def test_state_with_unknown_or_inconsistent_status() -> None:
    state = {
        "buyerOrder": {"purchaseOrderNumber": "P"},
        "lines": [
            {
                "buyerLine": {"position": "A"},
                "status": {"processStatus": "Teleported", "logisticsStatus": "Open"},
            },
            {
                "buyerLine": {"position": "B"},
                "status": {"processStatus": "InProgress", "logisticsStatus": "Open"},
            },
            {
                "buyerLine": {"position": "C"},
                "status": {"processStatus": "Cancelled", "logisticsStatus": "Open"},
            },
        ],
        "status": {"processStatus": "Weird", "logisticsStatus": "Open"},
    }
    # Unknown values are refused; combinations of known values are not (decision D14).
    assert problems("state", state) == [
        ("lines[0].status.processStatus", "enum.unknown"),
        ("status.processStatus", "enum.unknown"),
    ]


def test_unusual_status_combinations_are_read_and_warned_about() -> None:
    """order/status.md: "The line in progress status is a more fine-grained status when an order
    line processStatus is InProgress" - a refinement, and Tradecloud's read model may leave it
    out. Such a state is read; validate_order lists it as a warning, never as an error (D14)."""
    state = {
        "buyerOrder": {"purchaseOrderNumber": "P"},
        "lines": [
            {
                "buyerLine": {"position": "B"},
                "status": {"processStatus": "InProgress", "logisticsStatus": "Open"},
            },
            {
                "buyerLine": {"position": "C"},
                "status": {"processStatus": "Cancelled", "logisticsStatus": "Open"},
            },
            {
                "buyerLine": {"position": "D"},
                "status": {"processStatus": "Confirmed", "logisticsStatus": "Open"},
            },
        ],
    }
    order = parse_order(state)
    assert order.lines[0].status.in_progress_status is None
    found = validate_order(state)
    assert [(p.path, p.code, p.severity, p.fatal) for p in found] == [
        ("lines[0].status", "status.inconsistent", "warning", False),
        ("lines[1].status", "status.inconsistent", "warning", False),
    ]
    assert str(found[0]).startswith("lines[0].status: warning: inProgressStatus is normally")


def test_json_syntax_errors_name_line_and_column() -> None:
    with pytest.raises(InvalidInput) as caught:
        from_json('{"order": ')
    (problem,) = caught.value.problems
    assert problem.code == "json.syntax"
    assert "line 1 column" in problem.message


def test_deep_nesting_is_refused_cleanly() -> None:
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    assert problems("order", {"order": {"purchaseOrderNumber": "P"}, "lines": deep}) == [
        ("", "json.too-deep")
    ]
    with pytest.raises(InvalidInput):
        from_json("[" * 100_000 + "]" * 100_000)


def test_to_json_matches_the_json_module_for_plain_values() -> None:
    value = {"a": [1, "two", None, True, {"b": []}], "c": {}, "é": "ü\n"}
    assert json.loads(to_json(value)) == value
    assert json.loads(to_json(value, indent=0)) == value


def test_order_status_in_a_state_is_recomputed_from_the_lines() -> None:
    """Decision D13: a state's order-level status is checked, then replaced by the aggregation."""
    data = from_json((EXAMPLES / "order.json").read_text())
    data["status"] = {"processStatus": "Cancelled", "logisticsStatus": "Delivered"}
    dumped = dump_order(parse_order(data))
    assert dumped["status"] == {"processStatus": "InProgress", "logisticsStatus": "Open"}
