"""validate / validate_order: every problem at once, by Tradecloud's API rules (api/rules.md,
api/standards.md, api/compatibility.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tradecloud_domain import OrderMessage, from_json, parse_message, validate, validate_order

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def codes(route: str, data: Any) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in validate(route, data)]


@pytest.mark.parametrize(
    "path", sorted(p.name for p in EXAMPLES.glob("*.json") if p.name != "order.json")
)
def test_examples_are_valid(path: str) -> None:
    routes = {
        "revert-cancelled-lines.json": "order/revert-cancelled-lines",
        "approve-reopen-request.json": "order/approve-reopen-request",
    }
    route = routes.get(path) or next(
        r
        for suffix, r in (
            (".indicators.", "order/indicators"),
            (".single-delivery.", "order/single-delivery"),
            (".order-response.", "order-response"),
            (".deliveries.", "order/deliveries"),
            (".delivery-history.", "order/deliveryHistory"),
            (".order.", "order"),
        )
        if suffix in path
    )
    assert validate(route, from_json((EXAMPLES / path).read_text())) == ()


def test_example_state_is_valid() -> None:
    assert validate_order(from_json((EXAMPLES / "order.json").read_text())) == ()


def test_validate_and_parse_report_the_same_problems() -> None:
    data = {"order": {}, "lines": [{"position": ""}]}
    problems = validate("order", data)
    assert [(p.path, p.code) for p in problems] == [
        ("order.purchaseOrderNumber", "required"),
        ("lines[0].position", "identifier.whitespace"),
    ]
    with pytest.raises(ValueError, match="2 problems"):
        parse_message("order", data)


@pytest.mark.parametrize(
    ("route", "data", "expected"),
    [
        ("order", {}, [("order", "required")]),
        (
            "order",
            {"order": {"purchaseOrderNumber": "P"}, "lines": [{}]},
            [("lines[0].position", "required")],
        ),
        (
            "order/indicators",
            {"order": {"indicators": {}}},
            [("order.purchaseOrderNumber", "required")],
        ),
        ("order/revert-completed-lines", {"reason": "x"}, [("linePositions", "required")]),
        (
            "order/revert-completed-lines",
            {"linePositions": [" 1"]},
            [("linePositions[0]", "identifier.whitespace")],
        ),
    ],
)
def test_required_fields_per_route(route: str, data: Any, expected: list[tuple[str, str]]) -> None:
    assert codes(route, data) == expected


def test_item_number_may_be_empty_but_not_spaced() -> None:
    def line(number: str) -> dict[str, Any]:
        return {
            "order": {"purchaseOrderNumber": "P"},
            "lines": [{"position": "1", "item": {"number": number}}],
        }

    assert codes("order", line("")) == []
    assert codes("order", line("AB 12")) == [("lines[0].item.number", "identifier.whitespace")]


def test_collections_are_limited_to_100() -> None:
    line: dict[str, Any] = {
        "position": "1",
        "deliverySchedule": [
            {"position": str(n), "date": "2026-01-05", "quantity": 1} for n in range(101)
        ],
        "deliveryHistory": [{"date": "2026-01-05", "quantity": 1}] * 101,
        "documents": [{"url": "https://example.com/a.pdf"}] * 101,
    }
    data = {
        "order": {"purchaseOrderNumber": "P", "documents": [{"objectId": "x"}] * 101},
        "lines": [line],
    }
    assert codes("order", data) == [
        ("order.documents", "collection.too-long"),
        ("lines[0].deliverySchedule", "collection.too-long"),
        ("lines[0].deliveryHistory", "collection.too-long"),
        ("lines[0].documents", "collection.too-long"),
    ]


def test_duplicate_delivery_positions_within_a_line() -> None:
    schedule = [{"position": "1", "date": "2026-01-05", "quantity": 1}] * 3
    data = {
        "order": {"purchaseOrderNumber": "P"},
        "lines": [{"position": "1", "deliverySchedule": schedule}],
    }
    assert codes("order", data) == [
        ("lines[0].deliverySchedule[1].position", "position.duplicate"),
        ("lines[0].deliverySchedule[2].position", "position.duplicate"),
    ]


def test_duplicates_are_found_even_beside_broken_lines() -> None:
    data = {
        "order": {"purchaseOrderNumber": "P"},
        "lines": [{"position": "1"}, {"position": "2", "prices": "free"}, {"position": "1"}],
    }
    assert codes("order", data) == [
        ("lines[1].prices", "type.object"),
        ("lines[2].position", "position.duplicate"),
    ]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-01-05T10:30:00", True),
        ("2026-01-05T10:30", False),
        ("2026-01-05 10:30:00", False),
        ("2026-13-05T10:30:00", False),
        ("2026-01-05T10:30:00Z", False),
        (20260105, False),
    ],
)
def test_date_times(value: object, ok: bool) -> None:
    data = {"order": {"purchaseOrderNumber": "P", "erpIssueDateTime": value}}
    assert codes("order", data) == ([] if ok else [("order.erpIssueDateTime", "type.datetime")])


def test_erp_audit_fields_at_the_top_level_of_the_body() -> None:
    """order/buyer/issue/README.md "New order meta data": `erpIssueDateTime` "has ISO 8601 local
    date/time format yyyy-MM-ddThh:mm:ss", `erpIssuedBy` is "the user email or user name";
    order/buyer/update.md and send-order-response/README.md name their twins. Tradecloud's own
    request bodies put them at the top level, beside `order` and `lines`, the user as an object
    with an `email`."""
    order = {"order": {"purchaseOrderNumber": "P"}}
    good = {
        **order,
        "erpIssueDateTime": "2026-01-05T10:30:00",
        "erpIssuedBy": {"email": "buyer@example.com"},
        "erpLastChangeDateTime": "2026-01-06T08:00:00",
        "erpLastChangedBy": "jdoe",
    }
    assert codes("order", good) == []
    message = parse_message("order", good)
    assert isinstance(message, OrderMessage)
    assert message.erp_issued_by is not None and message.erp_issued_by.email == "buyer@example.com"
    assert message.erp_last_changed_by is not None
    assert message.erp_last_changed_by.user_name == "jdoe"
    bad = {
        **order,
        "erpIssueDateTime": "2026-01-05 10:30",
        "erpIssuedBy": 7,
        "erpLastChangeDateTime": "yesterday",
        "erpLastChangedBy": {"email": False},
    }
    assert codes("order", bad) == [
        ("erpIssueDateTime", "type.datetime"),
        ("erpIssuedBy", "type.object"),
        ("erpLastChangeDateTime", "type.datetime"),
        ("erpLastChangedBy.email", "type.string"),
    ]
    response = {
        "order": {"buyerAccountNumber": "B", "purchaseOrderNumber": "P"},
        "lines": [{"purchaseOrderLinePosition": "1"}],
    }
    assert (
        codes(
            "order-response",
            {
                **response,
                "erpResponseDateTime": "2026-01-07T09:00:00",
                "erpRespondedBy": {"email": "s@example.com"},
            },
        )
        == []
    )
    assert codes(
        "order-response",
        {**response, "erpResponseDateTime": "2026-01-07", "erpRespondedBy": ["x"]},
    ) == [("erpResponseDateTime", "type.datetime"), ("erpRespondedBy", "type.object")]


@pytest.mark.parametrize("value", ["2026-02-30", "2026-1-5", "20260105", "2026-01-05T00:00:00"])
def test_dates(value: str) -> None:
    data = {
        "order": {"purchaseOrderNumber": "P"},
        "lines": [{"position": "1", "deliverySchedule": [{"date": value, "quantity": 1}]}],
    }
    assert codes("order", data) == [("lines[0].deliverySchedule[0].date", "type.date")]


def test_booleans_posing_as_numbers_and_numbers_posing_as_booleans() -> None:
    data = {
        "order": {"purchaseOrderNumber": "P", "indicators": {"cancelled": 0}},
        "lines": [
            {"position": "1", "deliverySchedule": [{"date": "2026-01-05", "quantity": False}]}
        ],
    }
    assert codes("order", data) == [
        ("order.indicators.cancelled", "type.boolean"),
        ("lines[0].deliverySchedule[0].quantity", "type.decimal"),
    ]


def test_decimals_of_any_precision_are_accepted() -> None:
    quantity = "0." + "1" * 200
    data = {
        "order": {"purchaseOrderNumber": "P"},
        "lines": [
            {"position": "1", "deliverySchedule": [{"date": "2026-01-05", "quantity": quantity}]}
        ],
    }
    assert codes("order", data) == []
